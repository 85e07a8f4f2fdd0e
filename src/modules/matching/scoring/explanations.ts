/**
 * One-line explanations per criterion, in Dutch and English, with the numbers that decided the points.
 * They read from the starter's point of view ("your home"), as the starter and the coordinator see them.
 * Each takes plain values, so bulk scoring can reuse texts that many pairs share (see explanation-cache)
 * and still produce exactly the strings scorePair does.
 */
import { DAYS_PER_MONTH, isoDayNumber } from './calendar';
import {
  NORMPRAKTIJK_PATIENTS,
  daysGap,
  formFraction,
  FORM_BITS,
  formsMask,
  waitDays,
  workloadRatio,
} from './criteria';
import { en, nl } from './format';
import { successorSeats } from './successors';
import type {
  Criterion,
  Explanation,
  PracticeForm,
  PracticeSetting,
  PracticeStaff,
  ScoringPractice,
  ScoringStarter,
  StarterSetting,
} from './types';

const FORM_NAMES: Readonly<Record<PracticeForm, Explanation>> = {
  solo: { nl: 'Solopraktijk', en: 'Solo practice' },
  duo: { nl: 'Duopraktijk', en: 'Duo practice' },
  group: { nl: 'Groepspraktijk', en: 'Group practice' },
  health_centre: { nl: 'Gezondheidscentrum', en: 'Health centre' },
};

function range(min: number, max: number, format: (n: number) => string): string {
  return min === max ? format(min) : `${format(min)}–${format(max)}`;
}

function dagen(n: number): string {
  return `${nl(n)} ${n === 1 ? 'dag' : 'dagen'}`;
}

function days(n: number): string {
  return `${en(n)} ${n === 1 ? 'day' : 'days'}`;
}

/** Where a practice lies relative to the starter's reach: inside it, beyond it in a preferred region, or beyond. */
export type Reach = 'inside' | 'preferred_region' | 'beyond';

export function reachOf(distanceKm: number, maxTravelKm: number, inPreferredRegion: boolean): Reach {
  return distanceKm <= maxTravelKm ? 'inside' : inPreferredRegion ? 'preferred_region' : 'beyond';
}

/** The distance line's opening, which changes with every pair. */
export function distanceLead(distanceKm: number): Explanation {
  return { nl: `Afstand ${nl(distanceKm)} km van uw woonplaats`, en: `${en(distanceKm)} km from your home` };
}

/** The distance line's ending, which depends on the starter's maximum only. */
export function distanceTail(maxTravelKm: number, reach: Reach): Explanation {
  if (reach === 'inside') return { nl: ` (max ${nl(maxTravelKm)} km)`, en: ` (max ${en(maxTravelKm)} km)` };
  const beyond = {
    nl: `, verder dan uw max van ${nl(maxTravelKm)} km`,
    en: `, beyond your ${en(maxTravelKm)} km maximum`,
  };
  return reach === 'beyond'
    ? beyond
    : {
        nl: `${beyond.nl}, maar in een regio van uw voorkeur`,
        en: `${beyond.en} but in a region you prefer`,
      };
}

export function joinParts(lead: Explanation, tail: Explanation): Explanation {
  return { nl: lead.nl + tail.nl, en: lead.en + tail.en };
}

export function explainDistance(
  distanceKm: number,
  maxTravelKm: number,
  inPreferredRegion: boolean,
): Explanation {
  return joinParts(
    distanceLead(distanceKm),
    distanceTail(maxTravelKm, reachOf(distanceKm, maxTravelKm, inPreferredRegion)),
  );
}

/** The starter's range against the practice's need, per successor when it seeks more than one. */
export function explainDays(daysMin: number, daysMax: number, daysPerWeekNeeded: number): Explanation {
  const seats = successorSeats({ daysPerWeekNeeded });
  const wish = {
    nl: `U wilt ${range(daysMin, daysMax, nl)} ${daysMax === 1 ? 'dag' : 'dagen'} per week`,
    en: `You want ${range(daysMin, daysMax, en)} ${daysMax === 1 ? 'day' : 'days'} a week`,
  };
  if (seats === 1) {
    return {
      nl: `${wish.nl}; de praktijk zoekt ${dagen(daysPerWeekNeeded)}`,
      en: `${wish.en}; the practice needs ${days(daysPerWeekNeeded)}`,
    };
  }
  const each = daysPerWeekNeeded / seats;
  return {
    nl: `${wish.nl}; de praktijk zoekt ${dagen(daysPerWeekNeeded)}, ${nl(each, 2)} per opvolger (${seats} opvolgers)`,
    en: `${wish.en}; the practice needs ${days(daysPerWeekNeeded)}, ${en(each, 2)} per successor (${seats} successors)`,
  };
}

/** The days criterion of a duo: the two together against the whole need. */
export function explainDuoDays(daysMin: number, daysMax: number, daysPerWeekNeeded: number): Explanation {
  const gap = daysGap(daysMin, daysMax, daysPerWeekNeeded);
  const apart =
    gap === 0 ? { nl: '', en: '' } : { nl: ` (${dagen(gap)} verschil)`, en: ` (${days(gap)} apart)` };
  return {
    nl: `Samen ${range(daysMin, daysMax, nl)} dagen per week; de praktijk zoekt ${dagen(daysPerWeekNeeded)}${apart.nl}`,
    en: `Together ${range(daysMin, daysMax, en)} days a week; the practice needs ${days(daysPerWeekNeeded)}${apart.en}`,
  };
}

export function explainForm(starterForms: number, form: PracticeForm): Explanation {
  const name = FORM_NAMES[form];
  const fraction = formFraction(starterForms, FORM_BITS[form]);
  if (fraction === 0)
    return { nl: `${name.nl}, geen vorm die u zoekt`, en: `${name.en}, not a form you look for` };
  if (fraction < 1) {
    return {
      nl: `${name.nl}: acceptabel voor u, maar u zoekt ook gedeelde vormen`,
      en: `${name.en}: acceptable to you, but you also look for shared forms`,
    };
  }
  return { nl: `${name.nl}, een vorm die u zoekt`, en: `${name.en}, a form you look for` };
}

export function timingStarterPart(availableFrom: string): Explanation {
  return { nl: `Beschikbaar vanaf ${availableFrom}`, en: `Available from ${availableFrom}` };
}

export function timingPracticePart(handoverFrom: string, handoverTo: string): Explanation {
  return {
    nl: `, overdracht ${handoverFrom} tot ${handoverTo}: `,
    en: `, handover ${handoverFrom} to ${handoverTo}: `,
  };
}

/** The wait until the handover window opens; `closed` when it closes before the starter is available. */
export function timingWaitPart(wait: number | 'closed'): Explanation {
  if (wait === 'closed')
    return { nl: 'de overdracht is dan al voorbij', en: 'the handover window has closed by then' };
  if (wait === 0) return { nl: 'past direct', en: 'fits at once' };
  const months = wait / DAYS_PER_MONTH;
  const decimals = months < 1 ? 1 : 0;
  const shown = nl(months, decimals);
  return {
    nl: `${shown} ${shown === '1' ? 'maand' : 'maanden'} wachten`,
    en: `a ${en(months, decimals)}-month wait`,
  };
}

export function timingWait(
  availableDay: number,
  handoverFromDay: number,
  handoverToDay: number,
): number | 'closed' {
  return availableDay > handoverToDay ? 'closed' : waitDays(availableDay, handoverFromDay);
}

export function timingTransitionPart(monthsOffered: number, monthsWanted: number): Explanation {
  if (monthsWanted <= 0) return { nl: 'geen inwerkperiode gewenst', en: 'no transition period wanted' };
  return {
    nl: `inwerkperiode ${nl(monthsOffered)} mnd geboden, ${nl(monthsWanted)} gewenst`,
    en: `transition ${en(monthsOffered)} months offered, ${en(monthsWanted)} wanted`,
  };
}

export function joinTiming(
  starter: Explanation,
  practice: Explanation,
  wait: Explanation,
  transition: Explanation,
): Explanation {
  return {
    nl: starter.nl + practice.nl + wait.nl + '; ' + transition.nl,
    en: starter.en + practice.en + wait.en + '; ' + transition.en,
  };
}

export function explainTiming(s: ScoringStarter, p: ScoringPractice): Explanation {
  const wait = timingWait(
    isoDayNumber(s.availableFrom),
    isoDayNumber(p.handoverFrom),
    isoDayNumber(p.handoverTo),
  );
  return joinTiming(
    timingStarterPart(s.availableFrom),
    timingPracticePart(p.handoverFrom, p.handoverTo),
    timingWaitPart(wait),
    timingTransitionPart(p.transitionMonthsOffered, s.transitionMonthsWanted),
  );
}

export function explainSetting(
  starterSetting: StarterSetting,
  practiceSetting: PracticeSetting,
): Explanation {
  const name =
    practiceSetting === 'urban' ? { nl: 'Stedelijke', en: 'Urban' } : { nl: 'Landelijke', en: 'Rural' };
  if (starterSetting === 'any') {
    return {
      nl: `${name.nl} praktijk; u heeft geen voorkeur`,
      en: `${name.en} practice; you have no preference`,
    };
  }
  if (starterSetting === practiceSetting) {
    return { nl: `${name.nl} praktijk, zoals u zoekt`, en: `${name.en} practice, as you prefer` };
  }
  return starterSetting === 'urban'
    ? { nl: `${name.nl} praktijk; u zoekt een stedelijke`, en: `${name.en} practice; you prefer urban` }
    : { nl: `${name.nl} praktijk; u zoekt een landelijke`, en: `${name.en} practice; you prefer rural` };
}

export function explainRegionalTie(trainedInRegion: boolean, livesInRegion: boolean): Explanation {
  if (trainedInRegion && livesInRegion) {
    return { nl: 'Opgeleid en woonachtig in deze regio', en: 'Trained in and living in this region' };
  }
  if (trainedInRegion) return { nl: 'Opgeleid in deze regio', en: 'Trained in this region' };
  if (livesInRegion)
    return { nl: 'Woont in deze regio, niet hier opgeleid', en: 'Lives in this region, trained elsewhere' };
  return { nl: 'Niet in deze regio opgeleid of woonachtig', en: 'Neither trained nor living in this region' };
}

export function explainWorkload(listSize: number, gpCount: number, staff: PracticeStaff): Explanation {
  const { pohSomaticFte: pohS, pohMentalHealthFte: pohGgz, paOrNpFte: pa } = staff;
  const perGp = listSize / gpCount;
  const percent = 100 * workloadRatio(listSize, gpCount, pohS, pohGgz, pa);
  return {
    nl:
      `${nl(perGp, 0)} patiënten per huisarts (normpraktijk ${nl(NORMPRAKTIJK_PATIENTS)}); ` +
      `met ${nl(pohS, 2)} fte POH-S, ${nl(pohGgz, 2)} fte POH-GGZ, ${nl(pa, 2)} fte PA/VS: ${nl(percent, 0)}% van de norm`,
    en:
      `${en(perGp, 0)} patients per GP (normpraktijk ${en(NORMPRAKTIJK_PATIENTS)}); ` +
      `with ${en(pohS, 2)} fte POH-S, ${en(pohGgz, 2)} fte POH-GGZ, ${en(pa, 2)} fte PA/NP: ${en(percent, 0)}% of the norm`,
  };
}

/** maxHours null: the starter set no limit. */
export function explainAnw(practiceHours: number, maxHours: number | null): Explanation {
  const base = {
    nl: `ANW-diensten: ${nl(practiceHours)} uur per maand`,
    en: `Out-of-hours (ANW) shifts: ${en(practiceHours)} hours a month`,
  };
  if (maxHours === null)
    return { nl: `${base.nl}; u gaf geen maximum`, en: `${base.en}; you set no maximum` };
  return practiceHours <= maxHours
    ? {
        nl: `${base.nl}, binnen uw maximum van ${nl(maxHours)}`,
        en: `${base.en}, within your maximum of ${en(maxHours)}`,
      }
    : {
        nl: `${base.nl}, boven uw maximum van ${nl(maxHours)}`,
        en: `${base.en}, above your maximum of ${en(maxHours)}`,
      };
}

export function explainTraining(wantsTrainingPractice: boolean, isTrainingPractice: boolean): Explanation {
  if (!wantsTrainingPractice) {
    return isTrainingPractice
      ? {
          nl: 'Opleidingspraktijk; u heeft daar geen wens over',
          en: 'Training practice; you expressed no wish about it',
        }
      : {
          nl: 'Geen opleidingspraktijk; u heeft daar geen wens over',
          en: 'Not a training practice; you expressed no wish about it',
        };
  }
  return isTrainingPractice
    ? { nl: 'Opleidingspraktijk, zoals u wenst', en: 'Training practice, as you wish' }
    : {
        nl: 'Geen opleidingspraktijk, terwijl u die wenst',
        en: 'Not a training practice, though you want one',
      };
}

export function explainPartnerWork(partnerNeedsWork: boolean, practiceSetting: PracticeSetting): Explanation {
  if (!partnerNeedsWork)
    return { nl: 'Uw partner zoekt geen werk in de buurt', en: 'Your partner needs no work nearby' };
  return practiceSetting === 'urban'
    ? {
        nl: 'Stedelijke omgeving: meer werk in de buurt voor uw partner',
        en: 'Urban area: more work nearby for your partner',
      }
    : {
        nl: 'Landelijke omgeving: minder werk in de buurt voor uw partner',
        en: 'Rural area: less work nearby for your partner',
      };
}

/** The explanation of one criterion for one starter and practice (the object path). */
export function explainCriterion(
  criterion: Criterion,
  s: ScoringStarter,
  p: ScoringPractice,
  distanceKm: number,
): Explanation {
  switch (criterion) {
    case 'distance':
      return explainDistance(distanceKm, s.maxTravelKm, s.preferredRegionIds.includes(p.regionId));
    case 'days':
      return explainDays(s.daysPerWeekMin, s.daysPerWeekMax, p.daysPerWeekNeeded);
    case 'form':
      return explainForm(formsMask(s.practiceForms), p.practiceForm);
    case 'timing':
      return explainTiming(s, p);
    case 'setting':
      return explainSetting(s.setting, p.setting);
    case 'regional_tie':
      return explainRegionalTie(s.trainingRegionId === p.regionId, s.homeRegionId === p.regionId);
    case 'workload':
      return explainWorkload(p.listSize, p.gpCount, p.staff);
    case 'anw':
      return explainAnw(p.anwHoursPerMonth, s.anwHoursPerMonthMax);
    case 'training':
      return explainTraining(s.wantsTrainingPractice, p.isTrainingPractice);
    case 'partner_work':
      return explainPartnerWork(s.partnerNeedsWork, p.setting);
  }
}
