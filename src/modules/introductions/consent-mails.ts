import { listSizeBand, MatchRow, StarterRecord } from '../matching/match-view';
import type { QueueMail } from '../mail/mail.service';
import type { Party } from './match-transitions';

/** What a consent request may say about a starter: the anonymous form, nothing to identify them by. */
function anonymousStarterData(s: StarterRecord): Record<string, unknown> {
  return {
    careerStage: s.careerStage,
    daysPerWeekMin: s.daysPerWeekMin,
    daysPerWeekMax: s.daysPerWeekMax,
    availableFrom: s.availableFrom,
    about: s.about,
  };
}

/** The practice as the public board shows it: the name only when the holder opted in, never the address. */
function anonymousPracticeData(row: MatchRow): Record<string, unknown> {
  const p = row.practice;
  return {
    practiceName: p.showNamePublicly ? p.name : null,
    place: p.place,
    practiceForm: p.practiceForm,
    listSizeBand: listSizeBand(p.listSize),
    daysPerWeekNeeded: p.daysPerWeekNeeded,
    handoverFrom: p.handoverFrom,
    handoverTo: p.handoverTo,
    description: p.description,
  };
}

/**
 * The consent request (or reminder) for one party: the other side(s) in anonymous form only. A starter
 * sees the practice and, in a duo, the other starter; the holder sees the starter(s).
 */
export function consentMail(
  row: MatchRow,
  party: Party,
  token: string,
  expiresOn: string,
  template: 'consent-request' | 'consent-reminder',
): QueueMail {
  const starters = [row.starter, row.partner].filter(
    (s): s is StarterRecord => s !== null && s.userId !== party.userId,
  );
  return {
    to: party.email,
    template,
    locale: party.locale,
    userId: party.userId,
    data: {
      displayName: party.name,
      token,
      expiresOn,
      matchId: row.id,
      practice: party.role === 'stopper' ? null : anonymousPracticeData(row),
      starters: starters.map(anonymousStarterData),
    },
  };
}

export function declineMail(party: Party, matchId: string): QueueMail {
  return {
    to: party.email,
    template: 'decline-notice',
    locale: party.locale,
    userId: party.userId,
    data: { displayName: party.name, matchId },
  };
}

const ROLE_LABEL: Record<Party['role'], { nl: string; en: string }> = {
  starter: { nl: 'Huisarts', en: 'GP' },
  partner: { nl: 'Huisarts (duo)', en: 'GP (duo)' },
  stopper: { nl: 'Praktijkhouder', en: 'Practice holder' },
};

/** After every party accepted: each learns the others' name, email and phone; coordinators in copy. */
export function introductionMail(row: MatchRow, party: Party, others: Party[], cc: string[]): QueueMail {
  return {
    to: party.email,
    template: 'introduction',
    locale: party.locale,
    userId: party.userId,
    cc: cc.filter((c) => c.toLowerCase() !== party.email.toLowerCase()),
    data: {
      displayName: party.name,
      matchId: row.id,
      practiceName: row.practice.name,
      place: row.practice.place,
      others: others.map((o) => ({
        role: ROLE_LABEL[o.role][party.locale],
        name: o.name,
        email: o.email,
        phone: o.phone,
      })),
    },
  };
}

/** YYYY-MM-DD of `date` plus `days`, as a consent mail's deadline. */
export function isoDatePlusDays(date: Date, days: number): string {
  return new Date(date.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}
