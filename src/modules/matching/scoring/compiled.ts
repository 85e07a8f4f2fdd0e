/**
 * Starters and practices compiled once into typed arrays for bulk scoring (score-all.ts): day numbers,
 * bitmasks for forms and roles, region ids interned to small ints, practices sorted by latitude. Values
 * are stored exactly (Float64Array, the very expressions scorePair evaluates), so the bulk path computes
 * bit-for-bit the same scores as the object path.
 */
import { isoDayNumber } from './calendar';
import { FORM_BITS, formsMask, rolesMask, settingCode, workloadFraction, workloadRatio } from './criteria';
import { toRadians } from './distance';
import { daysPerSuccessor } from './successors';
import type { ScoringPractice, ScoringStarter } from './types';

/** Interns region ids to small ints; -1 stands for "no region". */
class RegionDictionary {
  readonly ids: string[] = [];
  readonly index = new Map<string, number>();

  intern(id: string | null): number {
    if (id === null) return -1;
    let i = this.index.get(id);
    if (i === undefined) {
      i = this.ids.length;
      this.ids.push(id);
      this.index.set(id, i);
    }
    return i;
  }
}

function requireFinite(value: number, what: string, id: string, min = -Infinity): number {
  if (!Number.isFinite(value) || value < min)
    throw new RangeError(`${what} of ${id} must be a finite number >= ${min}`);
  return value;
}

export interface CompiledStarters {
  readonly count: number;
  readonly source: readonly ScoringStarter[];
  /** Region ids in this compilation's own numbering. */
  readonly regionIds: readonly string[];
  readonly latDeg: Float64Array;
  readonly lonDeg: Float64Array;
  readonly latRad: Float64Array;
  readonly lonRad: Float64Array;
  readonly cosLat: Float64Array;
  readonly maxTravelKm: Float64Array;
  readonly homeRegion: Int32Array;
  readonly trainingRegion: Int32Array;
  /** Preferred regions, deduplicated, as a CSR list: starter i has preferred[preferredStart[i] .. preferredStart[i+1]). */
  readonly preferredStart: Int32Array;
  readonly preferred: Int32Array;
  readonly daysMin: Float64Array;
  readonly daysMax: Float64Array;
  readonly forms: Uint8Array;
  readonly roles: Uint8Array;
  readonly availableDay: Int32Array;
  readonly transitionWanted: Float64Array;
  readonly setting: Uint8Array;
  readonly dispensingOk: Uint8Array;
  /** Infinity where the starter set no ANW maximum. */
  readonly anwMax: Float64Array;
  readonly wantsTraining: Uint8Array;
  readonly partnerNeedsWork: Uint8Array;
  readonly active: Uint8Array;
}

export function compileStarters(starters: readonly ScoringStarter[]): CompiledStarters {
  const n = starters.length;
  const regions = new RegionDictionary();
  const c = {
    count: n,
    source: starters,
    regionIds: regions.ids,
    latDeg: new Float64Array(n),
    lonDeg: new Float64Array(n),
    latRad: new Float64Array(n),
    lonRad: new Float64Array(n),
    cosLat: new Float64Array(n),
    maxTravelKm: new Float64Array(n),
    homeRegion: new Int32Array(n),
    trainingRegion: new Int32Array(n),
    preferredStart: new Int32Array(n + 1),
    preferred: new Int32Array(starters.reduce((sum, s) => sum + s.preferredRegionIds.length, 0)),
    daysMin: new Float64Array(n),
    daysMax: new Float64Array(n),
    forms: new Uint8Array(n),
    roles: new Uint8Array(n),
    availableDay: new Int32Array(n),
    transitionWanted: new Float64Array(n),
    setting: new Uint8Array(n),
    dispensingOk: new Uint8Array(n),
    anwMax: new Float64Array(n),
    wantsTraining: new Uint8Array(n),
    partnerNeedsWork: new Uint8Array(n),
    active: new Uint8Array(n),
  };
  let k = 0;
  starters.forEach((s, i) => {
    c.latDeg[i] = requireFinite(s.homeLat, 'homeLat', s.id);
    c.lonDeg[i] = requireFinite(s.homeLon, 'homeLon', s.id);
    // The same expressions haversineKm evaluates, so distances agree bit for bit.
    c.latRad[i] = toRadians(s.homeLat);
    c.lonRad[i] = toRadians(s.homeLon);
    c.cosLat[i] = Math.cos(c.latRad[i]);
    c.maxTravelKm[i] = requireFinite(s.maxTravelKm, 'maxTravelKm', s.id, 0);
    c.homeRegion[i] = regions.intern(s.homeRegionId);
    c.trainingRegion[i] = regions.intern(s.trainingRegionId);
    c.preferredStart[i] = k;
    for (const regionId of new Set(s.preferredRegionIds)) c.preferred[k++] = regions.intern(regionId);
    c.daysMin[i] = s.daysPerWeekMin;
    c.daysMax[i] = s.daysPerWeekMax;
    c.forms[i] = formsMask(s.practiceForms);
    c.roles[i] = rolesMask(s.roles);
    c.availableDay[i] = isoDayNumber(s.availableFrom);
    c.transitionWanted[i] = s.transitionMonthsWanted;
    c.setting[i] = settingCode(s.setting);
    c.dispensingOk[i] = s.dispensingOk ? 1 : 0;
    c.anwMax[i] = s.anwHoursPerMonthMax ?? Infinity;
    c.wantsTraining[i] = s.wantsTrainingPractice ? 1 : 0;
    c.partnerNeedsWork[i] = s.partnerNeedsWork ? 1 : 0;
    c.active[i] = s.active ? 1 : 0;
  });
  c.preferredStart[n] = k;
  return { ...c, preferred: c.preferred.subarray(0, k) };
}

/**
 * Practices in latitude order (ties by input order), so a starter's bounding box is one contiguous
 * run found by binary search. `order` maps a position back to the index in `source`.
 */
export interface CompiledPractices {
  readonly count: number;
  readonly source: readonly ScoringPractice[];
  readonly regionIds: readonly string[];
  readonly regionIndex: ReadonlyMap<string, number>;
  readonly order: Int32Array;
  readonly positionOf: Int32Array;
  readonly latDeg: Float64Array;
  readonly lonDeg: Float64Array;
  readonly latRad: Float64Array;
  readonly lonRad: Float64Array;
  readonly cosLat: Float64Array;
  readonly region: Int32Array;
  /** Positions per region (ascending), CSR: region r has regionMembers[regionStart[r] .. regionStart[r+1]). */
  readonly regionStart: Int32Array;
  readonly regionMembers: Int32Array;
  readonly formBit: Uint8Array;
  readonly roles: Uint8Array;
  readonly handoverFromDay: Int32Array;
  readonly handoverToDay: Int32Array;
  readonly transitionOffered: Float64Array;
  readonly dispensing: Uint8Array;
  readonly published: Uint8Array;
  readonly setting: Uint8Array;
  readonly isTraining: Uint8Array;
  readonly anwHours: Float64Array;
  readonly daysPerSuccessor: Float64Array;
  /** The workload fraction depends on the practice alone, so it is computed once here. */
  readonly workload: Float64Array;
}

export function compilePractices(practices: readonly ScoringPractice[]): CompiledPractices {
  const n = practices.length;
  practices.forEach((p) => {
    requireFinite(p.lat, 'lat', p.id);
    requireFinite(p.lon, 'lon', p.id);
  });
  const order = Int32Array.from(practices.keys()).sort(
    (x, y) => practices[x].lat - practices[y].lat || x - y,
  );
  const regions = new RegionDictionary();
  const c = {
    count: n,
    source: practices,
    regionIds: regions.ids,
    regionIndex: regions.index,
    order,
    positionOf: new Int32Array(n),
    latDeg: new Float64Array(n),
    lonDeg: new Float64Array(n),
    latRad: new Float64Array(n),
    lonRad: new Float64Array(n),
    cosLat: new Float64Array(n),
    region: new Int32Array(n),
    regionStart: new Int32Array(0),
    regionMembers: new Int32Array(n),
    formBit: new Uint8Array(n),
    roles: new Uint8Array(n),
    handoverFromDay: new Int32Array(n),
    handoverToDay: new Int32Array(n),
    transitionOffered: new Float64Array(n),
    dispensing: new Uint8Array(n),
    published: new Uint8Array(n),
    setting: new Uint8Array(n),
    isTraining: new Uint8Array(n),
    anwHours: new Float64Array(n),
    daysPerSuccessor: new Float64Array(n),
    workload: new Float64Array(n),
  };
  order.forEach((index, pos) => {
    const p = practices[index];
    c.positionOf[index] = pos;
    c.latDeg[pos] = p.lat;
    c.lonDeg[pos] = p.lon;
    c.latRad[pos] = toRadians(p.lat);
    c.lonRad[pos] = toRadians(p.lon);
    c.cosLat[pos] = Math.cos(c.latRad[pos]);
    c.region[pos] = regions.intern(p.regionId);
    c.formBit[pos] = FORM_BITS[p.practiceForm];
    c.roles[pos] = rolesMask(p.successorRoles);
    c.handoverFromDay[pos] = isoDayNumber(p.handoverFrom);
    c.handoverToDay[pos] = isoDayNumber(p.handoverTo);
    c.transitionOffered[pos] = p.transitionMonthsOffered;
    c.dispensing[pos] = p.dispensing ? 1 : 0;
    c.published[pos] = p.published ? 1 : 0;
    c.setting[pos] = settingCode(p.setting);
    c.isTraining[pos] = p.isTrainingPractice ? 1 : 0;
    c.anwHours[pos] = p.anwHoursPerMonth;
    c.daysPerSuccessor[pos] = daysPerSuccessor(p);
    const { pohSomaticFte, pohMentalHealthFte, paOrNpFte } = p.staff;
    c.workload[pos] = workloadFraction(
      workloadRatio(p.listSize, p.gpCount, pohSomaticFte, pohMentalHealthFte, paOrNpFte),
    );
  });
  // Counting sort of positions by region keeps each region's members in ascending position.
  const regionStart = new Int32Array(regions.ids.length + 1);
  for (let pos = 0; pos < n; pos++) regionStart[c.region[pos] + 1]++;
  for (let r = 0; r < regions.ids.length; r++) regionStart[r + 1] += regionStart[r];
  const fill = regionStart.slice(0, regions.ids.length);
  for (let pos = 0; pos < n; pos++) c.regionMembers[fill[c.region[pos]]++] = pos;
  return { ...c, regionStart };
}
