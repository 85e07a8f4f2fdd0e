import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { en } from '../../i18n/en';
import { nl, type MessageKey } from '../../i18n/nl';
import { currentLocale, storeLocale, type Locale } from './locale';

export type { MessageKey };
export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

const MESSAGES: Record<Locale, Record<MessageKey, string>> = { nl, en };
const INTL: Record<Locale, string> = { nl: 'nl-NL', en: 'en-GB' };

export function translate(locale: Locale, key: MessageKey, values?: Record<string, string | number>): string {
  const text = MESSAGES[locale][key];
  return values ? text.replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole)) : text;
}

interface I18n {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: Translate;
  /** A date (YYYY-MM-DD or ISO) as the user reads it: `1 maart 2027`. */
  date: (value: string) => string;
  number: (value: number, digits?: number) => string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setState] = useState<Locale>(currentLocale);
  const setLocale = useCallback((next: Locale) => {
    storeLocale(next);
    setState(next);
  }, []);
  const value = useMemo<I18n>(() => {
    const dates = new Intl.DateTimeFormat(INTL[locale], {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
    return {
      locale,
      setLocale,
      t: (key, values) => translate(locale, key, values),
      date: (v) => {
        const d = new Date(v.length === 10 ? `${v}T00:00:00Z` : v);
        return Number.isNaN(d.getTime()) ? v : dates.format(d);
      },
      number: (v, digits = 0) =>
        new Intl.NumberFormat(INTL[locale], { maximumFractionDigits: digits }).format(v),
    };
  }, [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
