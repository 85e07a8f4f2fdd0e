/**
 * Explanations for bulk scoring. Most explanation lines take few distinct values (a setting mismatch
 * reads the same for every such pair; a practice's workload line is the same for every starter), so
 * scoreAll builds each distinct line once per run and shares it, frozen, between pairs. Only the
 * distance and timing lines are assembled per pair, from cached parts. Every line comes from the same
 * functions scorePair uses, so the text is identical (score-all.spec checks that on random data).
 */
import {
  distanceLead,
  distanceTail,
  explainAnw,
  explainDays,
  explainForm,
  explainPartnerWork,
  explainRegionalTie,
  explainSetting,
  explainTraining,
  explainWorkload,
  joinParts,
  joinTiming,
  reachOf,
  timingPracticePart,
  timingStarterPart,
  timingTransitionPart,
  timingWait,
  timingWaitPart,
  type Reach,
} from './explanations';
import { PRACTICE_FORMS, type Explanation, type ScoringPractice, type ScoringStarter } from './types';

const REACHES: readonly Reach[] = ['inside', 'preferred_region', 'beyond'];

function memo<K>(map: Map<K, Explanation>, key: K, make: () => Explanation): Explanation {
  let value = map.get(key);
  if (value === undefined) {
    value = Object.freeze(make());
    map.set(key, value);
  }
  return value;
}

function slot(cache: Array<Explanation | undefined>, index: number, make: () => Explanation): Explanation {
  let value = cache[index];
  if (value === undefined) {
    value = Object.freeze(make());
    cache[index] = value;
  }
  return value;
}

/** The pair-specific values explanations need beyond the starter and the practice themselves. */
export interface PairFacts {
  distanceKm: number;
  inPreferredRegion: boolean;
  trainedInRegion: boolean;
  livesInRegion: boolean;
  availableDay: number;
  handoverFromDay: number;
  handoverToDay: number;
  formsMask: number;
}

export class ExplanationCache {
  private readonly distanceTails: Array<Explanation | undefined>;
  private readonly timingStarter: Array<Explanation | undefined>;
  private readonly timingPractice: Array<Explanation | undefined>;
  private readonly workload: Array<Explanation | undefined>;
  private readonly daysByStarter: Array<Map<number, Explanation> | undefined>;
  private readonly forms: Array<Explanation | undefined> = [];
  private readonly small: Array<Explanation | undefined> = [];
  private readonly waits = new Map<number | 'closed', Explanation>();
  private readonly transitions = new Map<number, Map<number, Explanation>>();
  private readonly anw = new Map<number | null, Map<number, Explanation>>();

  constructor(starterCount: number, practiceCount: number) {
    this.distanceTails = new Array<Explanation | undefined>(starterCount * REACHES.length);
    this.timingStarter = new Array<Explanation | undefined>(starterCount);
    this.daysByStarter = new Array<Map<number, Explanation> | undefined>(starterCount);
    this.timingPractice = new Array<Explanation | undefined>(practiceCount);
    this.workload = new Array<Explanation | undefined>(practiceCount);
  }

  /** The ten lines in CRITERIA order; i and j index the starter and practice arrays of the run. */
  explain(
    i: number,
    s: ScoringStarter,
    j: number,
    p: ScoringPractice,
    f: PairFacts,
    out: Explanation[],
  ): void {
    const reach = reachOf(f.distanceKm, s.maxTravelKm, f.inPreferredRegion);
    const tail = slot(this.distanceTails, i * REACHES.length + REACHES.indexOf(reach), () =>
      distanceTail(s.maxTravelKm, reach),
    );
    out[0] = joinParts(distanceLead(f.distanceKm), tail);
    out[1] = this.days(i, s, p.daysPerWeekNeeded);
    out[2] = slot(
      this.forms,
      f.formsMask * PRACTICE_FORMS.length + PRACTICE_FORMS.indexOf(p.practiceForm),
      () => explainForm(f.formsMask, p.practiceForm),
    );
    out[3] = joinTiming(
      slot(this.timingStarter, i, () => timingStarterPart(s.availableFrom)),
      slot(this.timingPractice, j, () => timingPracticePart(p.handoverFrom, p.handoverTo)),
      this.wait(timingWait(f.availableDay, f.handoverFromDay, f.handoverToDay)),
      this.transition(p.transitionMonthsOffered, s.transitionMonthsWanted),
    );
    const rural = p.setting === 'rural' ? 1 : 0;
    const starterSetting = s.setting === 'urban' ? 0 : s.setting === 'rural' ? 1 : 2;
    out[4] = slot(this.small, starterSetting * 2 + rural, () => explainSetting(s.setting, p.setting));
    out[5] = slot(this.small, 8 + (f.trainedInRegion ? 2 : 0) + (f.livesInRegion ? 1 : 0), () =>
      explainRegionalTie(f.trainedInRegion, f.livesInRegion),
    );
    out[6] = slot(this.workload, j, () => explainWorkload(p.listSize, p.gpCount, p.staff));
    out[7] = this.anwLine(p.anwHoursPerMonth, s.anwHoursPerMonthMax);
    out[8] = slot(this.small, 12 + (s.wantsTrainingPractice ? 2 : 0) + (p.isTrainingPractice ? 1 : 0), () =>
      explainTraining(s.wantsTrainingPractice, p.isTrainingPractice),
    );
    out[9] = slot(this.small, 16 + (s.partnerNeedsWork ? 2 : 0) + rural, () =>
      explainPartnerWork(s.partnerNeedsWork, p.setting),
    );
  }

  private days(i: number, s: ScoringStarter, need: number): Explanation {
    let byNeed = this.daysByStarter[i];
    if (byNeed === undefined) this.daysByStarter[i] = byNeed = new Map<number, Explanation>();
    return memo(byNeed, need, () => explainDays(s.daysPerWeekMin, s.daysPerWeekMax, need));
  }

  private wait(wait: number | 'closed'): Explanation {
    return memo(this.waits, wait, () => timingWaitPart(wait));
  }

  private transition(offered: number, wanted: number): Explanation {
    let byOffered = this.transitions.get(wanted);
    if (byOffered === undefined) this.transitions.set(wanted, (byOffered = new Map<number, Explanation>()));
    return memo(byOffered, offered, () => timingTransitionPart(offered, wanted));
  }

  private anwLine(hours: number, max: number | null): Explanation {
    let byHours = this.anw.get(max);
    if (byHours === undefined) this.anw.set(max, (byHours = new Map<number, Explanation>()));
    return memo(byHours, hours, () => explainAnw(hours, max));
  }
}
