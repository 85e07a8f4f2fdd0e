import type { Locale } from '../outbox-message.entity';
import { field, MailTemplate, RenderContext, TemplateData, TemplateDataError, tokenLink } from './template';

/**
 * The mails of an introduction (DESIGN.md "Anonymity and consent"). Consent requests, reminders and
 * decline notices receive only the anonymous forms of the other side: the service never puts a name,
 * email, phone or address of the other party into their data, so a template cannot leak one.
 */

function list(data: TemplateData, name: string): TemplateData[] {
  const value = data[name];
  if (Array.isArray(value))
    return value.filter((v): v is TemplateData => typeof v === 'object' && v !== null);
  throw new TemplateDataError(`template data is missing "${name}"`);
}

function optional(data: TemplateData, name: string): string | null {
  const value = data[name];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}

const FORMS: Record<string, Record<Locale, string>> = {
  solo: { nl: 'solopraktijk', en: 'solo practice' },
  duo: { nl: 'duopraktijk', en: 'two-GP practice' },
  group: { nl: 'groepspraktijk', en: 'group practice' },
  health_centre: { nl: 'gezondheidscentrum', en: 'health centre' },
};

const STAGES: Record<string, Record<Locale, string>> = {
  aios: { nl: 'huisarts in opleiding (aios)', en: 'GP trainee (aios)' },
  hidha: { nl: 'huisarts in dienst van een huisarts (hidha)', en: 'salaried GP (hidha)' },
  waarnemer: { nl: 'waarnemend huisarts', en: 'locum GP' },
  gp: { nl: 'gevestigd huisarts', en: 'established GP' },
};

const label = (table: Record<string, Record<Locale, string>>, key: string, locale: Locale): string =>
  table[key]?.[locale] ?? key;

/** The anonymous practice: what the public board shows (DESIGN.md), never the holder or the address. */
function describePractice(p: TemplateData, locale: Locale): string {
  const name = optional(p, 'practiceName');
  const form = label(FORMS, field(p, 'practiceForm'), locale);
  const lines =
    locale === 'en'
      ? [
          `Practice: a ${form} in ${field(p, 'place')}${name ? ` (${name})` : ''}`,
          `List size: ${field(p, 'listSizeBand')} patients; ${field(p, 'daysPerWeekNeeded')} days a week sought`,
          `Handover between ${field(p, 'handoverFrom')} and ${field(p, 'handoverTo')}`,
        ]
      : [
          `Praktijk: een ${form} in ${field(p, 'place')}${name ? ` (${name})` : ''}`,
          `Praktijkgrootte: ${field(p, 'listSizeBand')} patiënten; gezocht ${field(p, 'daysPerWeekNeeded')} dagen per week`,
          `Overdracht tussen ${field(p, 'handoverFrom')} en ${field(p, 'handoverTo')}`,
        ];
  const about = optional(p, 'description');
  if (about) lines.push(`${locale === 'en' ? 'Description' : 'Omschrijving'}: ${about}`);
  return lines.join('\n');
}

/** The anonymous starter: career stage, days, availability and their own words; no name or contact. */
function describeStarter(s: TemplateData, locale: Locale): string {
  const stage = label(STAGES, field(s, 'careerStage'), locale);
  const days = `${field(s, 'daysPerWeekMin')}–${field(s, 'daysPerWeekMax')}`;
  const lines =
    locale === 'en'
      ? [`GP: ${stage}, ${days} days a week, available from ${field(s, 'availableFrom')}`]
      : [`Huisarts: ${stage}, ${days} dagen per week, beschikbaar vanaf ${field(s, 'availableFrom')}`];
  const about = optional(s, 'about');
  if (about) lines.push(`${locale === 'en' ? 'In their own words' : 'In eigen woorden'}: ${about}`);
  return lines.join('\n');
}

function describeOthers(d: TemplateData, locale: Locale): string {
  const parts = list(d, 'starters').map((s) => describeStarter(s, locale));
  const practice = d.practice;
  if (typeof practice === 'object' && practice !== null)
    parts.unshift(describePractice(practice as TemplateData, locale));
  return parts.join('\n\n');
}

function consentMail(reminder: boolean): MailTemplate {
  return {
    transactional: true,
    nl: (d: TemplateData, ctx: RenderContext) => ({
      subject: reminder
        ? 'Herinnering: voorgestelde kennismaking via praktijkmatch'
        : 'Voorgestelde kennismaking via praktijkmatch',
      text:
        `Beste ${field(d, 'displayName')},\n\n` +
        (reminder ? 'U heeft nog niet geantwoord op dit voorstel.\n\n' : '') +
        `Uw regiocoördinator stelt een kennismaking voor. Namen en contactgegevens worden pas gedeeld als alle partijen instemmen.\n\n` +
        `${describeOthers(d, 'nl')}\n\n` +
        `Wilt u kennismaken? Geef uw antwoord via deze link:\n${tokenLink(ctx, '/consent', field(d, 'token'))}\n\n` +
        `U kunt ook antwoorden na inloggen. Zonder antwoord vervalt het voorstel op ${field(d, 'expiresOn')}.`,
    }),
    en: (d: TemplateData, ctx: RenderContext) => ({
      subject: reminder
        ? 'Reminder: a proposed introduction via praktijkmatch'
        : 'A proposed introduction via praktijkmatch',
      text:
        `Dear ${field(d, 'displayName')},\n\n` +
        (reminder ? 'You have not answered this proposal yet.\n\n' : '') +
        `Your regional coordinator proposes an introduction. Names and contact details are shared only once every party agrees.\n\n` +
        `${describeOthers(d, 'en')}\n\n` +
        `Would you like to be introduced? Answer with this link:\n${tokenLink(ctx, '/consent', field(d, 'token'))}\n\n` +
        `You can also answer after logging in. Without an answer the proposal lapses on ${field(d, 'expiresOn')}.`,
    }),
  };
}

export const consentRequest = consentMail(false);
export const consentReminder = consentMail(true);

/** Not attributed: the recipient learns only that it will not go ahead (DESIGN.md "Match lifecycle"). */
export const declineNotice: MailTemplate = {
  transactional: true,
  nl: (d) => ({
    subject: 'De voorgestelde kennismaking gaat niet door',
    text: `Beste ${field(d, 'displayName')},\n\nDe kennismaking die uw regiocoördinator voorstelde, gaat niet door. Uw gegevens zijn niet gedeeld.\n\nUw coördinator houdt u op de hoogte van nieuwe mogelijkheden.`,
  }),
  en: (d) => ({
    subject: 'The proposed introduction will not go ahead',
    text: `Dear ${field(d, 'displayName')},\n\nThe introduction your regional coordinator proposed will not go ahead. Your details have not been shared.\n\nYour coordinator will keep you informed of new opportunities.`,
  }),
};

function contactLines(d: TemplateData, locale: Locale): string {
  return list(d, 'others')
    .map((o) => {
      const phone = optional(o, 'phone') ?? (locale === 'en' ? 'not given' : 'niet opgegeven');
      return `${field(o, 'role')}: ${field(o, 'name')}\n  e-mail: ${field(o, 'email')}\n  ${locale === 'en' ? 'phone' : 'telefoon'}: ${phone}`;
    })
    .join('\n\n');
}

/** Sent to every party when all accepted, the region's coordinators in copy. */
export const introduction: MailTemplate = {
  transactional: true,
  nl: (d) => ({
    subject: `Kennismaking: ${field(d, 'practiceName')}, ${field(d, 'place')}`,
    text: `Beste ${field(d, 'displayName')},\n\nAlle partijen hebben ingestemd met de kennismaking over ${field(d, 'practiceName')} in ${field(d, 'place')}. Hierbij stellen wij u aan elkaar voor:\n\n${contactLines(d, 'nl')}\n\nNeem gerust contact met elkaar op. Uw regiocoördinator ontvangt deze e-mail in kopie en denkt graag mee.`,
  }),
  en: (d) => ({
    subject: `Introduction: ${field(d, 'practiceName')}, ${field(d, 'place')}`,
    text: `Dear ${field(d, 'displayName')},\n\nEvery party agreed to the introduction about ${field(d, 'practiceName')} in ${field(d, 'place')}. We hereby introduce you to each other:\n\n${contactLines(d, 'en')}\n\nFeel free to get in touch. Your regional coordinator receives this email in copy and is glad to help.`,
  }),
};

function digestLines(d: TemplateData, locale: Locale): string {
  const suggestions = list(d, 'suggestions').map(
    (s) => `- ${field(s, 'practice')} (${field(s, 'place')}): ${field(s, 'score')}/100`,
  );
  const urgent = list(d, 'urgent').map(
    (u) =>
      `- ${field(u, 'practice')} (${field(u, 'place')}), ${locale === 'en' ? 'handover from' : 'overdracht per'} ${field(u, 'handoverFrom')}, ${locale === 'en' ? 'urgency' : 'urgentie'} ${field(u, 'urgency')}`,
  );
  const none = locale === 'en' ? '- none' : '- geen';
  const more = Number(field(d, 'suggestionsTotal')) - suggestions.length;
  const moreLine = more > 0 ? `\n${locale === 'en' ? `and ${more} more` : `en nog ${more}`}` : '';
  return locale === 'en'
    ? `New suggestions (${field(d, 'suggestionsTotal')}):\n${suggestions.join('\n') || none}${moreLine}\n\nUrgent practices without an introduction under way:\n${urgent.join('\n') || none}`
    : `Nieuwe suggesties (${field(d, 'suggestionsTotal')}):\n${suggestions.join('\n') || none}${moreLine}\n\nUrgente praktijken zonder lopende kennismaking:\n${urgent.join('\n') || none}`;
}

/** Daily, to each coordinator with something new in their regions; the link opens their queue. */
export const coordinatorDigest: MailTemplate = {
  transactional: false,
  nl: (d, ctx) => ({
    subject: `praktijkmatch: overzicht van ${field(d, 'date')}`,
    text: `Beste ${field(d, 'displayName')},\n\n${digestLines(d, 'nl')}\n\nBekijk en keur suggesties goed: ${new URL('/coordinator', ctx.publicUrl).toString()}`,
  }),
  en: (d, ctx) => ({
    subject: `praktijkmatch: overview of ${field(d, 'date')}`,
    text: `Dear ${field(d, 'displayName')},\n\n${digestLines(d, 'en')}\n\nReview and approve suggestions: ${new URL('/coordinator', ctx.publicUrl).toString()}`,
  }),
};
