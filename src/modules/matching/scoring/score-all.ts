/**
 * Bulk scoring for a full or partial rescoring: candidates pruned by a latitude-sorted bounding box
 * plus the starter's preferred regions (never everything against everything), hard constraints checked
 * on the compiled typed arrays, and result objects built only for pairs that pass. The per-pair
 * arithmetic is the same functions scorePair calls, so both paths give identical results
 * (score-all.spec checks it on random data).
 */
import type { CompiledPractices, CompiledStarters } from './compiled';
import {
  anwFraction,
  daysFraction,
  distanceFraction,
  formFraction,
  partnerWorkFraction,
  regionalTieFraction,
  settingFraction,
  timingFraction,
  trainingFraction,
} from './criteria';
import { boundingBox, haversineRadiansKm, type LatLonBox } from './distance';
import { ExplanationCache, type PairFacts } from './explanation-cache';
import { maxPointsTenths, pointsTenths } from './score';
import { CRITERIA, type BreakdownItem, type Explanation, type ScoringWeights } from './types';

/** One pair that passed the hard constraints. */
export interface ScoredPair {
  /** Index into the array given to compileStarters. */
  starterIndex: number;
  /** Index into the array given to compilePractices. */
  practiceIndex: number;
  distanceKm: number;
  score: number;
  /**
   * Equal to scorePair's breakdown; null when scoreAll ran with { breakdown: false }. Explanation objects
   * may be shared between pairs of one run and are frozen.
   */
  breakdown: BreakdownItem[] | null;
}

export interface ScoreAllStats {
  /** Candidate pairs whose hard constraints were evaluated. */
  pairsConsidered: number;
  /** Pairs that passed and were scored. */
  pairsScored: number;
}

/** 'bounding-box' prunes by geography; or an explicit list of [starterIndex, practiceIndex] pairs. */
export type CandidatePairs =
  'bounding-box' | ReadonlyArray<readonly [starterIndex: number, practiceIndex: number]>;

export interface ScoreAllOptions {
  /**
   * Build the explained breakdown (default true). False gives scores only, several times faster: rank
   * with it, then call scorePair for the pairs kept.
   */
  breakdown?: boolean;
}

/** First position whose latitude is >= lat. */
export function lowerBound(sortedLat: Float64Array, lat: number): number {
  let lo = 0;
  let hi = sortedLat.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sortedLat[mid] < lat) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether a practice position lies in the box: the same test as the latitude run plus longitude check. */
export function inBox(practices: CompiledPractices, pos: number, box: LatLonBox): boolean {
  const lat = practices.latDeg[pos];
  const lon = practices.lonDeg[pos];
  return (
    lat >= box.latMin && lat <= box.latMax && (box.allLongitudes || (lon >= box.lonMin && lon <= box.lonMax))
  );
}

/** Maps the starters' region numbers into the practices' (-1 where no practice lies in the region). */
function remapRegions(
  starters: CompiledStarters,
  practices: CompiledPractices,
  values: Int32Array,
): Int32Array {
  const mapping = Int32Array.from(starters.regionIds, (id) => practices.regionIndex.get(id) ?? -1);
  return values.map((r) => (r < 0 ? -1 : mapping[r]));
}

/**
 * Receives one passing pair of a points-only scoring: the starter's index, the practice's index in the
 * array given to compilePractices, the distance and the score in whole tenths. Positional, so the bulk
 * path allocates nothing per pair.
 */
export type OnScore = (
  starterIndex: number,
  practiceIndex: number,
  distanceKm: number,
  tenths: number,
) => void;

/**
 * The compiled bulk scorer: hard constraints on the typed arrays, then the criteria's fractions. One
 * instance serves a whole rescoring: scoreRange visits the candidates of a run of starters (so a caller
 * can score in chunks and do other work in between), fractionsInto gives any passing pair's fractions
 * (a duo's members are scored from them).
 */
export class CompiledScorer {
  readonly stats: ScoreAllStats = { pairsConsidered: 0, pairsScored: 0 };
  readonly maxTenths: number[];
  private readonly fractions = new Float64Array(CRITERIA.length);
  private readonly explanations: Explanation[] = new Array<Explanation>(CRITERIA.length);
  private cache: ExplanationCache | null = null;
  private onPair: ((pair: ScoredPair) => void) | null = null;
  private onScore: OnScore | null = null;
  /** Reused for every pair: the cache reads it and keeps nothing of it. */
  private readonly facts: PairFacts = {
    distanceKm: 0,
    inPreferredRegion: false,
    trainedInRegion: false,
    livesInRegion: false,
    availableDay: 0,
    handoverFromDay: 0,
    handoverToDay: 0,
    formsMask: 0,
  };
  private readonly homeRegion: Int32Array;
  private readonly trainingRegion: Int32Array;
  readonly preferred: Int32Array;

  constructor(
    readonly starters: CompiledStarters,
    readonly practices: CompiledPractices,
    weights: ScoringWeights,
  ) {
    this.maxTenths = maxPointsTenths(weights);
    this.homeRegion = remapRegions(starters, practices, starters.homeRegion);
    this.trainingRegion = remapRegions(starters, practices, starters.trainingRegion);
    this.preferred = remapRegions(starters, practices, starters.preferred);
  }

  /** Scores pairs into objects, with the explained breakdown when withBreakdown (scoreAll's mode). */
  reportPairs(onPair: (pair: ScoredPair) => void, withBreakdown: boolean): this {
    this.onPair = onPair;
    this.onScore = null;
    this.cache = withBreakdown ? new ExplanationCache(this.starters.count, this.practices.count) : null;
    return this;
  }

  /** Scores pairs as points only, through a positional callback. */
  reportScores(onScore: OnScore): this {
    this.onScore = onScore;
    this.onPair = null;
    this.cache = null;
    return this;
  }

  /**
   * Visits starters [from, to) in order with 'bounding-box' candidates: within a starter, the practices
   * in the box around their home that spans maxTravelKm by latitude, then those of their preferred regions
   * outside the box. Nothing else can pass the place constraint, so no passing pair is skipped.
   */
  scoreRange(from: number, to: number): void {
    const { starters, practices } = this;
    const { latDeg: lats, lonDeg: lons, count, regionStart, regionMembers } = practices;
    for (let i = from; i < to; i++) {
      if (starters.active[i] === 0) continue;
      const box = boundingBox(starters.latDeg[i], starters.lonDeg[i], starters.maxTravelKm[i]);
      for (let pos = lowerBound(lats, box.latMin); pos < count && lats[pos] <= box.latMax; pos++) {
        if (box.allLongitudes || (lons[pos] >= box.lonMin && lons[pos] <= box.lonMax)) this.evaluate(i, pos);
      }
      for (let k = starters.preferredStart[i]; k < starters.preferredStart[i + 1]; k++) {
        const r = this.preferred[k];
        if (r < 0) continue;
        for (let m = regionStart[r]; m < regionStart[r + 1]; m++) {
          if (!inBox(practices, regionMembers[m], box)) this.evaluate(i, regionMembers[m]);
        }
      }
    }
  }

  /** Checks the hard constraints of starter i and the practice at position pos, and scores it if it passes. */
  evaluate(i: number, pos: number): void {
    const { starters: s, practices: p } = this;
    this.stats.pairsConsidered++;
    // Integer tests first: most rejected pairs never reach the trigonometry.
    if (s.active[i] === 0 || p.published[pos] === 0) return;
    if ((s.forms[i] & p.formBit[pos]) === 0 || (s.roles[i] & p.roles[pos]) === 0) return;
    if ((p.dispensing[pos] & ~s.dispensingOk[i] & 1) !== 0 || s.availableDay[i] > p.handoverToDay[pos])
      return;
    const inPreferred = this.inPreferredRegion(i, p.region[pos]);
    const d = haversineRadiansKm(
      s.latRad[i],
      s.lonRad[i],
      s.cosLat[i],
      p.latRad[pos],
      p.lonRad[pos],
      p.cosLat[pos],
    );
    if (!(d <= s.maxTravelKm[i] || inPreferred)) return;
    this.stats.pairsScored++;
    this.score(i, pos, d, inPreferred);
  }

  private inPreferredRegion(i: number, region: number): boolean {
    const s = this.starters;
    for (let k = s.preferredStart[i]; k < s.preferredStart[i + 1]; k++) {
      if (this.preferred[k] === region) return true;
    }
    return false;
  }

  /**
   * The fractions 0..1 of every criterion (CRITERIA order) of starter i with the practice at index
   * practiceIndex (of the array given to compilePractices) at distance d, into out.
   */
  fractionsInto(i: number, practiceIndex: number, d: number, out: Float64Array): void {
    const pos = this.practices.positionOf[practiceIndex];
    this.fillFractions(i, pos, d, this.inPreferredRegion(i, this.practices.region[pos]), out);
  }

  /** The distance evaluate() computes for starter i and the practice at index practiceIndex. */
  distanceOf(i: number, practiceIndex: number): number {
    const { starters: s, practices: p } = this;
    const pos = p.positionOf[practiceIndex];
    return haversineRadiansKm(
      s.latRad[i],
      s.lonRad[i],
      s.cosLat[i],
      p.latRad[pos],
      p.lonRad[pos],
      p.cosLat[pos],
    );
  }

  private fillFractions(i: number, pos: number, d: number, inPreferred: boolean, f: Float64Array): void {
    const { starters: s, practices: p } = this;
    const region = p.region[pos];
    f[0] = distanceFraction(d, s.maxTravelKm[i], inPreferred);
    f[1] = daysFraction(s.daysMin[i], s.daysMax[i], p.daysPerSuccessor[pos]);
    f[2] = formFraction(s.forms[i], p.formBit[pos]);
    f[3] = timingFraction(
      s.availableDay[i],
      p.handoverFromDay[pos],
      p.handoverToDay[pos],
      p.transitionOffered[pos],
      s.transitionWanted[i],
    );
    f[4] = settingFraction(s.setting[i], p.setting[pos]);
    f[5] = regionalTieFraction(this.trainingRegion[i] === region, this.homeRegion[i] === region);
    f[6] = p.workload[pos];
    f[7] = anwFraction(p.anwHours[pos], s.anwMax[i]);
    f[8] = trainingFraction(s.wantsTraining[i] === 1, p.isTraining[pos] === 1);
    f[9] = partnerWorkFraction(s.partnerNeedsWork[i] === 1, p.setting[pos]);
  }

  private score(i: number, pos: number, d: number, inPreferred: boolean): void {
    const { starters: s, practices: p, fractions: f, maxTenths } = this;
    this.fillFractions(i, pos, d, inPreferred, f);
    const practiceIndex = p.order[pos];
    if (this.cache === null) {
      let tenths = 0;
      for (let c = 0; c < CRITERIA.length; c++) tenths += pointsTenths(f[c], maxTenths[c]);
      if (this.onScore !== null) this.onScore(i, practiceIndex, d, tenths);
      else
        this.onPair?.({ starterIndex: i, practiceIndex, distanceKm: d, score: tenths / 10, breakdown: null });
      return;
    }
    const region = p.region[pos];
    const facts = this.facts;
    facts.distanceKm = d;
    facts.inPreferredRegion = inPreferred;
    facts.trainedInRegion = this.trainingRegion[i] === region;
    facts.livesInRegion = this.homeRegion[i] === region;
    facts.availableDay = s.availableDay[i];
    facts.handoverFromDay = p.handoverFromDay[pos];
    facts.handoverToDay = p.handoverToDay[pos];
    facts.formsMask = s.forms[i];
    this.cache.explain(i, s.source[i], practiceIndex, p.source[practiceIndex], facts, this.explanations);
    let tenths = 0;
    const breakdown = new Array<BreakdownItem>(CRITERIA.length);
    for (let c = 0; c < CRITERIA.length; c++) {
      const points = pointsTenths(f[c], maxTenths[c]);
      tenths += points;
      breakdown[c] = {
        criterion: CRITERIA[c],
        points: points / 10,
        maxPoints: maxTenths[c] / 10,
        explanation: this.explanations[c],
      };
    }
    this.onPair?.({ starterIndex: i, practiceIndex, distanceKm: d, score: tenths / 10, breakdown });
  }
}

/**
 * Scores every candidate pair that passes the hard constraints and hands each to onPair: starters in
 * input order; within a starter, box candidates by latitude, then preferred-region ones. With
 * 'bounding-box', a starter's candidates are the practices in the box around their home that spans
 * maxTravelKm, plus every practice of their preferred regions; nothing else can pass the place
 * constraint, so no pair that checkHardConstraints accepts is skipped. Inactive starters are skipped.
 */
export function scoreAll(
  starters: CompiledStarters,
  practices: CompiledPractices,
  candidates: CandidatePairs,
  weights: ScoringWeights,
  onPair: (pair: ScoredPair) => void,
  options: ScoreAllOptions = {},
): ScoreAllStats {
  const scorer = new CompiledScorer(starters, practices, weights).reportPairs(
    onPair,
    options.breakdown ?? true,
  );
  if (candidates !== 'bounding-box') {
    for (const [i, practiceIndex] of candidates) {
      if (!(Number.isInteger(i) && i >= 0 && i < starters.count))
        throw new RangeError(`No starter at index ${i}`);
      if (!(Number.isInteger(practiceIndex) && practiceIndex >= 0 && practiceIndex < practices.count)) {
        throw new RangeError(`No practice at index ${practiceIndex}`);
      }
      scorer.evaluate(i, practices.positionOf[practiceIndex]);
    }
    return scorer.stats;
  }
  scorer.scoreRange(0, starters.count);
  return scorer.stats;
}
