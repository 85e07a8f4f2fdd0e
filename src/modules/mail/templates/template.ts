import type { Locale } from '../outbox-message.entity';

export interface RenderedMail {
  subject: string;
  text: string;
}

export interface RenderContext {
  publicUrl: string;
  /** Present for mail that is not strictly transactional: rendered as a footer and a List-Unsubscribe header. */
  unsubscribeUrl?: string;
}

export type TemplateData = Record<string, unknown>;

/** A mail template in both languages; Dutch is the default (DESIGN.md "Email"). */
export interface MailTemplate {
  /** Transactional mail (verification, reset, consent) carries no unsubscribe link. */
  transactional: boolean;
  nl: (data: TemplateData, ctx: RenderContext) => RenderedMail;
  en: (data: TemplateData, ctx: RenderContext) => RenderedMail;
}

export class TemplateDataError extends Error {}

/** Reads a string field a template needs; a missing one is a programming error, never an empty mail. */
export function field(data: TemplateData, name: string): string {
  const value = data[name];
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  throw new TemplateDataError(`template data is missing "${name}"`);
}

/** A link on PUBLIC_URL carrying a one-time token as `token=` (DESIGN.md "Accounts"). */
export function tokenLink(ctx: RenderContext, path: string, token: string): string {
  const url = new URL(path, ctx.publicUrl);
  url.searchParams.set('token', token);
  return url.toString();
}

export function pickLocale(locale: string | null | undefined): Locale {
  return locale === 'en' ? 'en' : 'nl';
}
