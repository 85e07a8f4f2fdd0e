export type Locale = 'nl' | 'en';

const KEY = 'pm-language';
let locale: Locale = readStored();

function readStored(): Locale {
  try {
    return globalThis.localStorage?.getItem(KEY) === 'en' ? 'en' : 'nl';
  } catch {
    return 'nl';
  }
}

/** The language of the page, sent as Accept-Language; Dutch unless chosen otherwise. */
export function currentLocale(): Locale {
  return locale;
}

/** Only the language is kept in the browser (for visitors); the account keeps its own. */
export function storeLocale(next: Locale): void {
  locale = next;
  try {
    globalThis.localStorage?.setItem(KEY, next);
  } catch {
    /* private mode: the choice lasts for this page */
  }
  document.documentElement.lang = next;
}
