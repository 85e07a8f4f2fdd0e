import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { DataSource, EntityManager } from 'typeorm';
import { LOGGER } from '../../core/core.module';
import { AuditService } from '../audit/audit.service';
import { boundingBox } from '../places/geo';
import {
  currentMatchingSettings,
  currentWeights,
  loadPractices,
  loadStarters,
  WeightsVersion,
} from './matching-data';
import { EveryPairPlans } from './every-pair-plans';
import { PlanCounts, RegionalPlanService } from './regional-plan.service';
import {
  maxPointsTenths,
  patientsPerSuccessor,
  RegionalPlan,
  ScoringStarter,
  successorSeats,
  urgency,
  type PlanSuggestion,
  type ScoringPractice,
} from './scoring';
import { inLanes } from './lanes';
import { type Home, withinReachOfAny } from './reach';
import { ScoringThread } from './scoring-thread';
import { EngineSuggestion, PlanStats, SuggestionEngine } from './suggestion-engine';
import type { CandidateLimits } from './suggestion-selection';
import {
  BatchResult,
  ExistingSuggestion,
  ExistingSuggestions,
  loadSuggestions,
  pairKeyOf,
  staleAmong,
  staleKeys,
  SuggestionRow,
  writeSuggestionBatch,
} from './suggestion-writer';

/**
 * Starters scored per batch: small enough that the database is busy writing one batch for most of the
 * time Node spends scoring the next, large enough that the round trips do not add up.
 */
const STARTERS_PER_BATCH = 250;

/**
 * Batches a full rescoring writes at once, each on its own connection. Two: with Node scoring and two
 * PostgreSQL backends writing, both cores of a 2-core machine are busy; a third measured no faster.
 */
const LANES = 2;

/** A stable lane for a starter id (its last hex digit), so new and existing duos split alike. */
const laneOf = (starterId: string): number => parseInt(starterId.slice(-1), 16) % LANES;

/**
 * The current suggestions as the batches of a full rescoring cover them: pair suggestions by starter, duo
 * suggestions apart. Indexed once, so a batch finds its own without going through every suggestion.
 */
interface CoverIndex {
  pairsOf: Map<string, ExistingSuggestion[]>;
  duos: ExistingSuggestion[];
}

function coverIndex(existing: ExistingSuggestions): CoverIndex {
  const index: CoverIndex = { pairsOf: new Map(), duos: [] };
  for (const e of existing.values()) {
    if (e.b !== null) index.duos.push(e);
    else {
      const list = index.pairsOf.get(e.s);
      if (list) list.push(e);
      else index.pairsOf.set(e.s, [e]);
    }
  }
  return index;
}

/** One batch of a full rescoring: scoring it (when a lane takes it) gives its rows and the suggestions it covers. */
type BatchJob = (() => { rows: SuggestionRow[]; covered: (index: CoverIndex) => ExistingSuggestion[] }) & {
  /** Pair batches (and the one of starters not loaded) come first; the regional plans need only them. */
  duo?: true;
};

/**
 * The starters' indexes in an order that keeps neighbours together: by home region, then by latitude in
 * bands of a tenth of a degree (about 11 km), then by longitude. A batch of neighbours suggests fewer
 * distinct practices than a batch drawn from the whole country, and PostgreSQL looks up each practice (and
 * starter) a batch's rows refer to once per batch, for the reference check (migrations MatchReferenceChecks
 * and MatchReferenceLocks): fewer practices, fewer lookups.
 */
export function nearbyOrder(starters: readonly ScoringStarter[]): number[] {
  const band = (s: ScoringStarter): number => Math.floor(s.homeLat * 10);
  return starters
    .map((_, i) => i)
    .sort((x, y) => {
      const a = starters[x];
      const b = starters[y];
      const [ra, rb] = [a.homeRegionId ?? '', b.homeRegionId ?? ''];
      return (ra < rb ? -1 : ra > rb ? 1 : 0) || band(a) - band(b) || a.homeLon - b.homeLon || x - y;
    });
}

/**
 * The batches of a full rescoring, in the order they must be taken: the pair batches (each covering its
 * starters' pair suggestions), one covering the pair suggestions of starters not loaded (inactive, paused:
 * all stale), and the duo batches, split by the duo's first member. A duo needs both members' passing
 * practices: the engine has scored the duos by then (prepareWith, beside the plans).
 */
function fullRescoringJobs(
  engine: SuggestionEngine,
  starters: ScoringStarter[],
  toRow: (e: EngineSuggestion) => SuggestionRow,
): BatchJob[] {
  const jobs: BatchJob[] = [];
  const order = nearbyOrder(starters.slice(0, engine.starterCount));
  for (let from = 0; from < order.length; from += STARTERS_PER_BATCH) {
    jobs.push(() => {
      const batch = order.slice(from, from + STARTERS_PER_BATCH);
      const ids = batch.map((i) => starters[i].id);
      return {
        rows: engine.pairsOf(batch).map(toRow),
        covered: (index) => ids.flatMap((id) => index.pairsOf.get(id) ?? []),
      };
    });
  }
  const loaded = new Set(starters.map((s) => s.id));
  jobs.push(() => ({
    rows: [],
    covered: (index) => [...index.pairsOf].flatMap(([id, list]) => (loaded.has(id) ? [] : list)),
  }));
  let duos: SuggestionRow[] | null = null;
  for (let lane = 0; lane < LANES; lane++) {
    const job: BatchJob = () => {
      duos ??= engine.duoSuggestions().map(toRow);
      // The same split for new and existing duos, so each lane's stale ones are its own.
      const mine = (starterId: string): boolean => laneOf(starterId) === lane;
      return {
        rows: duos.filter((r) => mine(r.starterId)),
        covered: (index) => index.duos.filter((e) => mine(e.s)),
      };
    };
    job.duo = true;
    jobs.push(job);
  }
  return jobs;
}

/** A starter's pair to a practice, for the practice's best M: `i` indexes the engine that scored it. */
interface PracticeEntry {
  starterId: string;
  tenths: number;
  i: number;
}

/** Best first, ties by starter id: the order of a practice's best M. */
const byTenthsThenId = (a: PracticeEntry, b: PracticeEntry): number =>
  b.tenths - a.tenths || (a.starterId < b.starterId ? -1 : a.starterId > b.starterId ? 1 : 0);

/** A practice whose new best K (M x seats) the stored suggestions cannot settle (practiceSide). */
interface UnsettledPractice {
  id: string;
  k: number;
  /** Index in the rescoring's practices, if it is among them. */
  practiceIndex: number | undefined;
  /** The rescored starters' new pairs to it. */
  fresh: PracticeEntry[];
}

/** A rescored starter's pair as practiceSide reads it (ownPairs). */
interface OwnPair {
  s: string;
  p: string;
  f: boolean;
  w: boolean;
}

/** The pairs the table knows for a practice's best M: every status but withdrawn (suggested anew). */
const KNOWN = `m.kind = 'pair' AND m.status IN ('suggested', 'awaiting_consent', 'introduced', 'closed',
               'rejected', 'declined', 'expired')`;

/** Beyond this many starters, reading everything is cheaper than one bounding box per starter. */
const MAX_STARTERS_BY_REACH = 200;

/**
 * SQL for "within reach of one of these starters": `regionTest` (with $1 their preferred regions) or a
 * location (`pl`) inside the bounding box of one starter's travel distance around their home.
 */
function withinReach(starters: ScoringStarter[], regionTest: string): { sql: string; params: unknown[] } {
  const params: unknown[] = [[...new Set(starters.flatMap((s) => s.preferredRegionIds))]];
  const inBoxes = starters.map((s) => {
    const b = boundingBox(s.homeLat, s.homeLon, s.maxTravelKm);
    params.push(b.minLat, b.maxLat, b.minLon, b.maxLon);
    const n = params.length;
    return `(pl.latitude BETWEEN $${n - 3} AND $${n - 2} AND pl.longitude BETWEEN $${n - 1} AND $${n})`;
  });
  return { sql: `(${regionTest} OR ${inBoxes.join(' OR ')})`, params };
}

/**
 * The starters a change of these practices could concern: every active one within reach (travel box or a
 * preferred region: withinReachOfAny), and those they are suggested to now (as starter or duo partner).
 */
const PRACTICE_PLACES_SQL = `
  SELECT pl.latitude AS lat, pl.longitude AS lon, p.region_id AS r
    FROM practices p JOIN places pl ON pl.postcode = p.postcode WHERE p.id = ANY($1::uuid[])`;
const ACTIVE_HOMES_SQL = `
  SELECT s.id, hp.latitude AS lat, hp.longitude AS lon, s.max_travel_km AS km,
         s.preferred_region_ids && $1::uuid[] AS prefers
    FROM starter_profiles s JOIN places hp ON hp.postcode = s.home_postcode WHERE s.active`;
const SUGGESTED_AT_SQL = `
  SELECT starter_profile_id AS id FROM matches WHERE practice_id = ANY($1::uuid[]) AND status = 'suggested'
  UNION
  SELECT partner_profile_id FROM matches
   WHERE practice_id = ANY($1::uuid[]) AND status = 'suggested' AND partner_profile_id IS NOT NULL`;

/** The advisory lock every rescoring holds: one at a time per database. */
const RESCORE_LOCK = `hashtext('praktijkmatch.rescore')`;

export interface RescoreResult {
  /** Milliseconds per phase: read, score+write (overlapped in a full rescoring), plan. */
  phasesMs?: Record<string, number>;
  /** Regional plans that followed the change, and those solved from the table. */
  plans?: PlanCounts;
  starters: number;
  suggested: number;
  inserted: number;
  withdrawn: number;
  regions: string[];
  /** A full rescoring: the parts its scoring thread failed to do (the main thread did them; logged). */
  threadFailures?: number;
  /** A partial rescoring's starters, when it rescored more than it was asked to (internal). */
  rescoredIds?: string[];
  /** The regions whose plans over every passing pair a partial rescoring followed or built (internal). */
  everyPairRegions?: string[];
  /**
   * A partial rescoring's plans over every passing pair: regions dropped at its start because another
   * process's rescoring changed them ('all': the memory was emptied), followed, and built from scratch.
   */
  everyPair?: { dropped: number | 'all'; followed: number; built: number };
}

/** A full rescoring's progress: its batches written (`done`) of `total`; the regional plans follow them. */
export type RescoreProgress = (done: number, total: number) => Promise<void> | void;

/** Today in the Netherlands as YYYY-MM-DD: urgency counts months from the day the job runs. */
export function todayIso(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(now);
}

/**
 * Turns scores into `suggested` matches. Every rescoring is the same operation on a set of starters: score
 * them against every published practice (pruned by bounding box and preferred regions), keep the best,
 * upsert those as suggestions and withdraw the starters' older suggestions that were not confirmed in this
 * run. A profile's rescoring is one transaction, the full one a transaction per batch of starters (see
 * scoreEveryone); matches from `awaiting_consent` on are never touched. Running it twice leaves the same
 * rows (same ids, same scores).
 */
@Injectable()
export class RescoringService implements OnModuleDestroy {
  /** The full rescoring's second thread: part of the scoring and of the plans (see scoring-thread.ts). */
  private readonly thread = new ScoringThread();
  /** The last full rescoring's plans over every passing pair, per region (the benchmark reads them). */
  lastPlanStats: ReadonlyMap<string, PlanStats> = new Map();
  /** Every region's plan over every passing pair, kept between rescorings (see EveryPairPlans). */
  readonly everyPair = new EveryPairPlans();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly plan: RegionalPlanService,
    private readonly audit: AuditService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleDestroy(): Promise<void> {
    await this.thread.close();
  }

  rescoreStarter(starterProfileId: string, today = todayIso()): Promise<RescoreResult> {
    return this.rescore({ kind: 'starters', ids: [starterProfileId] }, today);
  }

  /** A practice changed: rescore every starter it could concern, and those it is suggested to now. */
  async rescorePractice(practiceId: string, today = todayIso()): Promise<RescoreResult> {
    const ids = await this.startersWithinReachOf(this.dataSource.manager, [practiceId]);
    return this.rescore({ kind: 'starters', ids }, today);
  }

  /** `onProgress`: told the batches written of all, after each (the admin follows it as a percentage). */
  rescoreAll(today = todayIso(), onProgress?: RescoreProgress): Promise<RescoreResult> {
    return this.rescore({ kind: 'all' }, today, onProgress);
  }

  private async rescore(
    scope: { kind: 'all' } | { kind: 'starters'; ids: string[] },
    today: string,
    onProgress?: RescoreProgress,
  ): Promise<RescoreResult> {
    const phases: Record<string, number> = {};
    let t = Date.now();
    const phase = (name: string): void => {
      const now = Date.now();
      phases[name] = now - t;
      t = now;
    };
    const result =
      scope.kind === 'all'
        ? await this.scoreEveryone(today, phase, onProgress)
        : await this.scoreSome(scope.ids, today, phase);
    // The regional plan is recomputed after each rescoring of its region (DESIGN.md "When it runs"): after a
    // full one, every region's (scoreEveryone did, beside its duo batches); after a profile's, the regions
    // where it changed a suggestion (a rescoring that changed nothing leaves every plan as it was, so there
    // is nothing to recompute). A profile's rescoring changed the pair suggestions of its starters alone,
    // which the plan can follow, and may have stored pairs of other starters (settle, the plans over every
    // passing pair): rescoredIds.
    const plans =
      scope.kind === 'all'
        ? (result.plans as PlanCounts)
        : await this.plan.recomputeAll(result.regions, result.rescoredIds ?? scope.ids);
    delete result.rescoredIds;
    if (scope.kind !== 'all') phase('plan');
    // After a full rescoring, the networks of the plans over every pair are built in the background (warm),
    // once the plan phase is done: built beside it, they took the main thread from its solves (at 20,000 x
    // 15,000 the plan phase took 3.4 s with them against 2.0 s before they were built at all).
    if (scope.kind === 'all') this.everyPair.warm();
    this.logger.info(
      { scope: scope.kind, ...result, regions: plans.followed + plans.solved, plans, phasesMs: phases },
      'rescored',
    );
    return { ...result, plans, phasesMs: phases };
  }

  /**
   * A few starters (one profile or practice changed): everything in one transaction, under the rescoring
   * lock, so their suggestions change all at once.
   */
  private scoreSome(ids: string[], today: string, phase: (name: string) => void): Promise<RescoreResult> {
    return this.dataSource
      .transaction(async (m) => {
        // One rescoring at a time per database: concurrent runs would race on the same suggestions.
        await m.query(`SELECT pg_advisory_xact_lock(${RESCORE_LOCK})`);
        const weights = await currentWeights(m);
        const dropped = await this.everyPair.begin(m, weights.version);
        const result = await this.scoreSomeIn(m, ids, weights, today, phase);
        const mark = await this.everyPair.record(m, ids, result.everyPairRegions ?? []);
        delete result.everyPairRegions;
        if (result.everyPair) result.everyPair.dropped = dropped;
        return { mark, result };
      })
      .then(({ mark, result }) => {
        this.everyPair.commit(mark);
        return result;
      });
  }

  /** scoreSome's work in its transaction. */
  private async scoreSomeIn(
    m: EntityManager,
    ids: string[],
    weights: WeightsVersion,
    today: string,
    phase: (name: string) => void,
  ): Promise<RescoreResult> {
    {
      const limits = await currentMatchingSettings(m);
      const starters = ids.length ? await loadStarters(m, 'sp.id = ANY($1)', [ids]) : [];
      // Reads that need nothing of each other run side by side, the transaction's connection and one of the
      // pool's (beside): nothing is written before the reads are done, and in READ COMMITTED every statement
      // sees what was committed when it started, on either connection. PostgreSQL reads one while it or Node
      // works on the other (a starter with a preferred region passes 1,000 to 1,600 practices).
      const beside = this.dataSource.manager;
      const ownPairs = this.ownPairs(beside, starters);
      ownPairs.catch(() => undefined); // awaited below; a failure meanwhile is no unhandled rejection
      // Duo partners come from every active starter looking for one, not only the rescored ones; and those
      // who could be partners may name a rescored starter among their own nearest, from their own reach.
      // The partners' own reach is read as soon as they are known, while the practices may still be read.
      const rescored = new Set(starters.map((s) => s.id));
      const [practices, { others, duoPool }] = await Promise.all([
        this.practicesWithinReach(m, starters),
        this.duoPartnersWithinReach(beside, starters).then(async (near) => {
          const others = near.filter((s) => !rescored.has(s.id));
          const duoPool = others.length
            ? await this.duoPartnersWithinReach(beside, [...starters, ...others])
            : near;
          return { others, duoPool };
        }),
      ]);
      const engine = new SuggestionEngine(starters, practices, weights.weights, duoPool, others, limits);
      // The rescored starters' share of each practice's best M is practiceSide's (exact, against what the
      // table knows); the engine's own, among the rescored starters alone, would keep every pair one
      // rescored starter passes (five to nine times its candidates at 5,000 x 5,000).
      engine.prepare({ plan: false, practiceBest: false });
      const unsettled = await this.practiceSide(
        m,
        engine,
        starters,
        practices,
        weights,
        limits,
        await ownPairs,
      );
      // A rescored starter left the best M of these practices, and who follows it there may be a pair that
      // was not stored: every starter within their reach is scored against them alone (settle).
      const settled = unsettled.length
        ? await this.settle(m, engine, unsettled, rescored, weights, today)
        : { rows: [], starterIds: [] };
      // The plans over every passing pair follow the change; their pairs become suggestions.
      phase('read');
      const planned = await this.followEveryPairPlans(
        m,
        engine,
        starters,
        ids,
        practices,
        weights,
        limits,
        today,
      );
      phase('every-pair');
      const existing = await loadSuggestions(m, [...engine.starterIds(), ...planned.starterIds]);
      const toRow = this.rowMaker(practices, today);
      // A pair of another starter may be named both by a settled best M and by a plan: written once.
      const rows = [
        ...new Map(
          [
            ...[...engine.pairs(0, engine.starterCount), ...engine.duoSuggestions()].map(toRow),
            ...settled.rows,
            ...planned.rows,
          ].map((r) => [pairKeyOf(r), r]),
        ).values(),
      ];
      // Every duo with a rescored starter is covered; a duo of two others that stopped being among one's
      // nearest because a rescored starter moved closer stays until their own or the nightly rescoring.
      const stale = staleKeys(
        existing,
        (e) => rescored.has(e.s) || (e.b !== null && rescored.has(e.b)),
        new Set(rows.map(pairKeyOf)),
      );
      const written = await writeSuggestionBatch(m, { rows, stale }, existing, this.weightsOf(weights));
      phase('score+write');
      const result = await this.finish(
        m,
        'starters',
        starters.length,
        rows.length,
        [written],
        weights.version,
      );
      // The plan over the stored suggestions follows every starter whose suggestions may have changed: the
      // others a settled best M or a plan over every passing pair named.
      return {
        ...result,
        rescoredIds: [...new Set([...ids, ...settled.starterIds, ...planned.starterIds])],
        everyPairRegions: planned.regions,
        everyPair: { dropped: 0, followed: planned.followed, built: planned.built },
      };
    }
  }

  /**
   * A partial rescoring's share of the plans over every passing pair (DESIGN.md "Matching"): in every
   * region where a rescored starter passes a practice, now or before, the plan over every passing pair
   * follows the change (EveryPairPlans, RegionalPlan.update: exact), or is solved from scratch when this
   * worker does not hold the region (buildRegionPlans). Every pair of those plans becomes a suggestion: the
   * rescored starters' through the engine, the other starters' (a change can move a starter who was not
   * rescored to a pair that was not stored) scored here and returned as rows. The stored suggestions then
   * hold an optimum over every passing pair, so RegionalPlanService's exact plan over the stored ones has
   * the same patients and fit as a fresh solve over every passing pair.
   */
  private async followEveryPairPlans(
    m: EntityManager,
    engine: SuggestionEngine,
    starters: ScoringStarter[],
    ids: string[],
    practices: ScoringPractice[],
    weights: WeightsVersion,
    limits: CandidateLimits,
    today: string,
  ): Promise<{
    rows: SuggestionRow[];
    starterIds: string[];
    regions: string[];
    followed: number;
    built: number;
  }> {
    // Per region, per rescored starter, its passing pairs there now.
    const fresh = new Map<string, Map<string, PlanSuggestion[]>>();
    const tenthsOf = new Map<string, { i: number; pi: number; tenths: number }>();
    starters.forEach((s, i) => {
      for (const { practiceIndex: pi, tenths } of engine.passingPairs(i)) {
        const p = practices[pi];
        let byStarter = fresh.get(p.regionId);
        if (!byStarter) fresh.set(p.regionId, (byStarter = new Map<string, PlanSuggestion[]>()));
        let list = byStarter.get(s.id);
        if (!list) byStarter.set(s.id, (list = []));
        const id = `${s.id}/${p.id}`;
        list.push({
          id,
          starterId: s.id,
          practiceId: p.id,
          score: tenths / 10,
          patients: patientsPerSuccessor(p),
        });
        tenthsOf.set(id, { i, pi, tenths });
      }
    });
    const regions = new Set(fresh.keys());
    for (const id of ids) for (const r of this.everyPair.regionsOf(id)) regions.add(r);
    // And every region where a rescored starter has a suggestion now: after the memory was emptied it
    // knows no region the starter left, where its plan pair (always stored) may have been.
    const suggestedIn = await m.query<Array<{ r: string }>>(
      `SELECT DISTINCT region_id AS r FROM matches
        WHERE starter_profile_id = ANY($1::uuid[]) AND status = 'suggested' AND kind = 'pair'`,
      [ids],
    );
    for (const { r } of suggestedIn) regions.add(r);
    const asked = new Set(ids);
    const others: Array<{ starterId: string; practiceId: string }> = [];
    const other = (name: string): void => {
      const [starterId, practiceId] = name.split('/');
      if (!asked.has(starterId)) others.push({ starterId, practiceId });
    };
    let followed = 0;
    const toBuild: string[] = [];
    for (const regionId of regions) {
      const changes = new Map<string, PlanSuggestion[]>();
      for (const id of ids) changes.set(id, fresh.get(regionId)?.get(id) ?? []);
      const here = practices.filter((p) => p.regionId === regionId);
      const change = this.everyPair.follow(regionId, changes, here);
      if (change) {
        followed++;
        // Every pair that stayed in the plan was stored when it joined: only those that joined now may
        // be missing.
        for (const name of change.added) other(name);
      } else toBuild.push(regionId);
    }
    if (toBuild.length) await this.buildRegionPlans(m, toBuild, weights, limits);
    for (const regionId of toBuild) for (const name of this.everyPair.planPairs(regionId)) other(name);
    // The rescored starters' plan pairs are among their fresh ones: candidates of their own.
    for (const regionId of regions)
      for (const s of starters) {
        const name = this.everyPair.placementOf(regionId, s.id);
        const own = name === null ? undefined : tenthsOf.get(name);
        if (own) engine.addExtra(own.i, own.pi, own.tenths);
      }
    const stored = await this.storeOthersPlanPairs(m, others, weights, today);
    return { ...stored, regions: [...regions], followed, built: toBuild.length };
  }

  /**
   * The plan pairs of starters not rescored that are not stored as suggestions: scored (they are passing
   * pairs of starters who did not change) and returned as rows to upsert.
   */
  private async storeOthersPlanPairs(
    m: EntityManager,
    pairs: Array<{ starterId: string; practiceId: string }>,
    weights: WeightsVersion,
    today: string,
  ): Promise<{ rows: SuggestionRow[]; starterIds: string[] }> {
    if (pairs.length === 0) return { rows: [], starterIds: [] };
    const keys = pairs.map((x) => pairKeyOf({ ...x, partnerId: null }));
    const missing = await m.query<Array<{ k: string }>>(
      `SELECT v.k FROM unnest($1::text[]) AS v(k)
        WHERE NOT EXISTS (SELECT 1 FROM matches m WHERE m.pair_key = v.k AND m.status = 'suggested')`,
      [keys],
    );
    if (missing.length === 0) return { rows: [], starterIds: [] };
    const wanted = new Set(missing.map((r) => r.k));
    const todo = pairs.filter((x) => wanted.has(pairKeyOf({ ...x, partnerId: null })));
    // Only the plan's pairs added below come out of side.pairs().
    const {
      engine: side,
      starters,
      practices,
    } = await this.sideEngine(
      m,
      [...new Set(todo.map((x) => x.starterId))],
      [...new Set(todo.map((x) => x.practiceId))],
      weights,
    );
    const starterIndex = new Map(starters.map((s, i) => [s.id, i]));
    const practiceIndex = new Map(practices.map((p, i) => [p.id, i]));
    let unknown = 0;
    for (const x of todo) {
      const i = starterIndex.get(x.starterId);
      const pi = practiceIndex.get(x.practiceId);
      const pair = i === undefined ? undefined : side.passingPairs(i).find((q) => q.practiceIndex === pi);
      if (i === undefined || pi === undefined || !pair) unknown++;
      else side.addExtra(i, pi, pair.tenths);
    }
    // Cannot happen while the cache is current (a pair it holds passes); said, never guessed.
    if (unknown > 0)
      this.logger.warn({ pairs: unknown }, 'plan pairs over every passing pair that no longer pass');
    const rows = side.pairs(0, side.starterCount).map(this.rowMaker(practices, today));
    return { rows, starterIds: [...new Set(rows.map((r) => r.starterId))] };
  }

  /**
   * Regions' plans over every passing pair from scratch, into the cache: every active starter within reach
   * of their published practices scored against them, once for all the regions, and each region solved
   * (the cold path: after a restart, or when another process's rescoring changed the region).
   */
  private async buildRegionPlans(
    m: EntityManager,
    regionIds: string[],
    weights: WeightsVersion,
    limits: CandidateLimits,
  ): Promise<void> {
    const practices = await loadPractices(m, `p.status = 'published' AND p.region_id = ANY($1::uuid[])`, [
      regionIds,
    ]);
    const reach = practices.length
      ? await this.startersWithinReachOf(
          m,
          practices.map((p) => p.id),
        )
      : [];
    const starters = reach.length ? await loadStarters(m, 'sp.active AND sp.id = ANY($1)', [reach]) : [];
    const engine = new SuggestionEngine(starters, practices, weights.weights, [], [], {
      ...limits,
      starterBest: 1,
    });
    engine.prepare({ plan: false });
    const graphs = new Map(engine.regionGraphs().map((g) => [g.regionId, g]));
    const practiceIds = practices.map((p) => p.id);
    for (const regionId of regionIds) {
      const here = practices.filter((p) => p.regionId === regionId);
      const graph = graphs.get(regionId);
      if (!graph) {
        this.everyPair.set(regionId, RegionalPlan.solve([], new Map()), here, []);
        continue;
      }
      const starterIds = graph.starterOf.map((i) => starters[i].id);
      this.everyPair.set(
        regionId,
        RegionalPlan.fromGraph(graph.graph, starterIds, practiceIds),
        here,
        starterIds,
      );
    }
  }

  /**
   * The exact best M per seat of practices practiceSide could not settle from the stored suggestions: every
   * active starter within their reach (rescorePractice's set) scored against them alone, merged with the
   * rescored starters' new pairs. The rescored starters' pairs in it become their candidates; the other
   * starters' pairs in it are returned as rows to store (a starter's change may give a practice a new best
   * M), nothing else of theirs is touched. Before, the rescoring widened to every starter within reach
   * and rescored them fully, a few hundred to a few thousand starters in one transaction (0.8 to 12.6 s
   * measured), for the same best M.
   */
  private async settle(
    m: EntityManager,
    engine: SuggestionEngine,
    unsettled: UnsettledPractice[],
    rescored: ReadonlySet<string>,
    weights: WeightsVersion,
    today: string,
  ): Promise<{ rows: SuggestionRow[]; starterIds: string[] }> {
    const ids = unsettled.map((u) => u.id);
    const reach = this.startersWithinReachOf(m, ids).then((all) => all.filter((id) => !rescored.has(id)));
    // Only the pairs added below come out of side.pairs(): the practices' best M among these starters and
    // the rescored ones together.
    const { engine: side, starters: others, practices } = await this.sideEngine(m, reach, ids, weights);
    const scored = new Map<string, PracticeEntry[]>();
    others.forEach((s, i) => {
      for (const { practiceIndex: pi, tenths } of side.passingPairs(i)) {
        const list = scored.get(practices[pi].id);
        const e = { starterId: s.id, tenths, i };
        if (list) list.push(e);
        else scored.set(practices[pi].id, [e]);
      }
    });
    const index = new Map(practices.map((p, i) => [p.id, i]));
    const named = new Set<string>();
    for (const u of unsettled) {
      const pi = index.get(u.id);
      const theirs = (scored.get(u.id) ?? []).map((e) => ({ ...e, other: true }));
      const mine = u.fresh.map((e) => ({ ...e, other: false }));
      for (const e of [...theirs, ...mine].sort(byTenthsThenId).slice(0, u.k)) {
        if (!e.other) engine.addExtra(e.i, u.practiceIndex as number, e.tenths);
        else if (pi !== undefined) {
          side.addExtra(e.i, pi, e.tenths);
          named.add(e.starterId);
        }
      }
    }
    const toRow = this.rowMaker(practices, today);
    return { rows: side.pairs(0, side.starterCount).map(toRow), starterIds: [...named] };
  }

  /**
   * A partial rescoring's share of each practice's best M per seat. Every practice's best M of all
   * starters is among what the table knows of it (the candidate rule put the worker's suggestions there),
   * so the best M of what is known of the starters not rescored, merged with the rescored starters' new
   * pairs, is the practice's new best M as far as it reaches: a starter the table knows nothing of for the
   * practice is ordered after its old K-th (K = M x seats). What is known is a worker's suggestion nobody
   * asked for (its stored score is the starter's current one) and every other match of the pair, which a
   * full rescoring counts in the best M just the same (it scores every passing pair) but whose stored score
   * may be older than the starter's profile: a coordinator's proposal, a request, and a pair past
   * `suggested` (awaiting consent, introduced, closed, rejected...), for which the worker writes nothing.
   * Those are scored again (knownElsewhere); a rescored starter's such pair has no known old score and is
   * counted as having been first. When the new best K of what is known ends after that old K-th (a
   * rescored starter in the old best K fell or left), an unknown starter may belong in it, and the
   * practice is returned as unsettled (with the rescored starters' new pairs to it, for settle). The
   * rescored starters' pairs in a settled best K become their candidates. A starter not rescored whom a
   * rescored one displaced keeps its suggestion until its own or the nightly rescoring (the stored set
   * stays a superset of the candidate set).
   */
  private async practiceSide(
    m: EntityManager,
    engine: SuggestionEngine,
    starters: ScoringStarter[],
    practices: ScoringPractice[],
    weights: WeightsVersion,
    limits: CandidateLimits,
    own: OwnPair[],
  ): Promise<UnsettledPractice[]> {
    if (starters.length === 0) return [];
    const perSeat = limits.practiceBestPerSeat;
    const rescored = new Set(starters.map((s) => s.id));
    const practiceIndex = new Map(practices.map((p, i) => [p.id, i]));
    type Entry = PracticeEntry;
    const fresh = new Map<string, Entry[]>();
    starters.forEach((s, i) => {
      for (const { practiceIndex: pi, tenths } of engine.passingPairs(i)) {
        const id = practices[pi].id;
        const list = fresh.get(id);
        const e = { starterId: s.id, tenths, i };
        if (list) list.push(e);
        else fresh.set(id, [e]);
      }
    });
    // The rescored starters' own pairs (`own`, ownPairs), then every pair the table knows of the practices
    // they pass now or have a match with (by the practice index). Every status but withdrawn: a withdrawn
    // match is what the writer suggests anew.
    // `w`: a worker's suggestion nobody asked for, whose score the last rescoring of its starter wrote.
    // One rescored starter, at a practice where it has no known row: no rescored starter was in the old
    // best K there, so the practice is settled whatever the scores (the new K-th of what is known is at
    // worst the old K-th), and the starter's pair joins the best K exactly when fewer than K known pairs
    // come before it. Those are counted in PostgreSQL instead of read: a starter with a preferred region
    // passes every practice in it, and all their known pairs were 15,000 to 22,000 rows at 5,000 x 5,000.
    // The other matches among them (not a worker's suggestion) are read, to be scored again.
    const ownPractices = new Set(own.map((r) => r.p));
    const counted = starters.length === 1 ? [...fresh.keys()].filter((id) => !ownPractices.has(id)) : [];
    const countedSet = new Set(counted);
    const worker = `m.status = 'suggested' AND m.origin = 'worker' AND m.requested_by IS NULL`;
    const counts =
      counted.length === 0
        ? []
        : await m.query<Array<{ p: string; n: number; e: Array<[string, string]> | null }>>(
            `SELECT m.practice_id AS p,
                    count(*) FILTER (WHERE ${worker} AND (round(m.score * 10) > v.t
                                     OR (round(m.score * 10) = v.t AND m.starter_profile_id < $3::uuid)))::int AS n,
                    json_agg(json_build_array(m.starter_profile_id, m.practice_id)) FILTER (WHERE NOT (${worker})) AS e
               FROM matches m JOIN unnest($1::uuid[], $2::int[]) AS v(p, t) ON v.p = m.practice_id
              WHERE m.practice_id = ANY($1::uuid[]) AND ${KNOWN}
              GROUP BY m.practice_id`,
            [counted, counted.map((id) => (fresh.get(id) as Entry[])[0].tenths), starters[0].id],
          );
    const countedOthers = counts.flatMap((c) => (c.e ?? []).map(([s, p]) => ({ s, p, w: false })));
    // The practices' days are those the rescoring read, else (a practice out of reach now) read here: no
    // join per row, and no key string per row.
    const practiceIds = [...new Set([...fresh.keys(), ...ownPractices])].filter((id) => !countedSet.has(id));
    const stored = await m.query<Array<{ s: string; p: string; t: number; w: boolean }>>(
      `SELECT m.starter_profile_id AS s, m.practice_id AS p, round(m.score * 10)::int AS t, ${worker} AS w
         FROM matches m WHERE m.practice_id = ANY($1::uuid[]) AND ${KNOWN}`,
      [practiceIds],
    );
    const away = practiceIds.filter((id) => !practiceIndex.has(id));
    const awayDays = new Map(
      away.length === 0
        ? []
        : (
            await m.query<Array<{ id: string; days: number }>>(
              `SELECT id, days_per_week_needed::float8 AS days FROM practices WHERE id = ANY($1::uuid[])`,
              [away],
            )
          ).map((r) => [r.id, r.days]),
    );
    const notWorker = [...stored.filter((r) => !r.w), ...countedOthers];
    const elsewhere = new Set(notWorker.map((r) => `${r.s}/${r.p}`));
    const rescoredAgain = await this.knownElsewhere(m, notWorker, elsewhere, rescored, weights);
    for (const c of counts) {
      const pi = practiceIndex.get(c.p) as number;
      const mine = (fresh.get(c.p) as Entry[])[0];
      let before = c.n;
      for (const key of new Set((c.e ?? []).map(([s, p]) => `${s}/${p}`))) {
        const t = rescoredAgain.get(key);
        const s = key.slice(0, key.indexOf('/'));
        if (t !== undefined && byTenthsThenId({ starterId: s, tenths: t, i: -1 }, mine) < 0) before++;
      }
      if (before < perSeat * successorSeats(practices[pi])) engine.addExtra(mine.i, pi, mine.tenths);
    }
    // A counted practice with no known pair at all: the starter's pair is in its best K.
    const withRows = new Set(counts.map((c) => c.p));
    for (const id of counted) {
      if (withRows.has(id)) continue;
      const mine = (fresh.get(id) as Entry[])[0];
      engine.addExtra(mine.i, practiceIndex.get(id) as number, mine.tenths);
    }
    const byPractice = new Map<string, Entry[]>();
    const seen = new Set<string>();
    for (const r of stored) {
      let rows = byPractice.get(r.p);
      if (!rows) byPractice.set(r.p, (rows = []));
      // A pair with more than one known row has one past `suggested` (one live match per pair), so its key
      // is in `elsewhere`: every other row is its pair's only one and needs no key.
      const key = elsewhere.size > 0 ? `${r.s}/${r.p}` : '';
      if (key === '' || !elsewhere.has(key)) {
        rows.push({ starterId: r.s, tenths: r.t, i: -1 });
        continue;
      }
      if (seen.has(key)) continue;
      seen.add(key);
      if (rescored.has(r.s)) rows.push({ starterId: r.s, tenths: Infinity, i: -1 });
      else {
        const t = rescoredAgain.get(key);
        if (t !== undefined) rows.push({ starterId: r.s, tenths: t, i: -1 });
      }
    }
    const order = byTenthsThenId;
    const unsettled: UnsettledPractice[] = [];
    for (const id of new Set([...fresh.keys(), ...byPractice.keys()])) {
      if (countedSet.has(id)) continue;
      const pi = practiceIndex.get(id);
      const days = pi !== undefined ? practices[pi].daysPerWeekNeeded : (awayDays.get(id) ?? 0);
      const k = perSeat * successorSeats({ daysPerWeekNeeded: days });
      const old = (byPractice.get(id) ?? []).sort(order);
      const others = old.filter((e) => !rescored.has(e.starterId));
      const top = [...others, ...(fresh.get(id) ?? [])].sort(order).slice(0, k);
      // Every starter not known here is ordered after the old K-th (`last`), who was in the old best K.
      // So the best K of what is known is the best K of all if its K-th is not after `last`; with fewer
      // than K known, every passing starter was known. (Counting the rescored starters that were in the
      // old best K is not enough: one whose score fell but who stayed in the best K of what is known can
      // hide an unknown starter between its old and new score.)
      const last = old.length >= k ? old[k - 1] : undefined;
      if (last && (top.length < k || order(top[k - 1], last) > 0)) {
        unsettled.push({ id, k, practiceIndex: pi, fresh: fresh.get(id) ?? [] });
        continue;
      }
      if (pi === undefined) continue;
      for (const e of top) if (e.i >= 0) engine.addExtra(e.i, pi, e.tenths);
    }
    // A rescored starter's pair in its region's plan stays a candidate while it still passes: the plan
    // chose it over every passing pair, and the plan that follows this change starts from it.
    const index = new Map(starters.map((x, i) => [x.id, i]));
    for (const r of own) {
      const i = index.get(r.s);
      const pi = practiceIndex.get(r.p);
      if (!r.w || !r.f || i === undefined || pi === undefined) continue;
      const pair = fresh.get(r.p)?.find((e) => e.i === i);
      if (pair) engine.addExtra(i, pi, pair.tenths);
    }
    return unsettled;
  }

  /**
   * The current scores (tenths, passing pairs only) of the pairs in `keys` ("starter/practice") of starters
   * not rescored: what a full rescoring would count of them in their practices' best M. An inactive
   * starter or an unpublished practice passes nothing.
   */
  private async knownElsewhere(
    m: EntityManager,
    stored: Array<{ s: string; p: string }>,
    keys: ReadonlySet<string>,
    rescored: ReadonlySet<string>,
    weights: WeightsVersion,
  ): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    const pairs = stored.filter((r) => keys.has(`${r.s}/${r.p}`) && !rescored.has(r.s));
    if (pairs.length === 0) return out;
    const {
      engine,
      starters: others,
      practices,
    } = await this.sideEngine(
      m,
      [...new Set(pairs.map((r) => r.s))],
      [...new Set(pairs.map((r) => r.p))],
      weights,
    );
    others.forEach((s, i) => {
      for (const { practiceIndex: pi, tenths } of engine.passingPairs(i)) {
        const key = `${s.id}/${practices[pi].id}`;
        if (keys.has(key)) out.set(key, tenths);
      }
    });
    return out;
  }

  /**
   * The rescored starters' own pairs (practiceSide): their worker suggestions (`f`: in the plan) and any
   * other match (`w` false) of theirs a practice's best M may have counted.
   */
  private async ownPairs(m: EntityManager, starters: ScoringStarter[]): Promise<OwnPair[]> {
    if (starters.length === 0) return [];
    return m.query<OwnPair[]>(
      `SELECT starter_profile_id AS s, practice_id AS p, in_regional_plan AS f,
              status = 'suggested' AND origin = 'worker' AS w
         FROM matches m WHERE starter_profile_id = ANY($1::uuid[]) AND ${KNOWN}`,
      [starters.map((x) => x.id)],
    );
  }

  /**
   * These active starters and published practices, scored against each other by an engine with no best N
   * and no best M of its own: its pairs() give only the pairs added to it (addExtra), its passingPairs()
   * every passing pair. For pairs of starters a partial rescoring does not rescore (settle,
   * knownElsewhere, storeOthersPlanPairs).
   */
  private async sideEngine(
    m: EntityManager,
    starterIds: string[] | Promise<string[]>,
    practiceIds: string[],
    weights: WeightsVersion,
  ): Promise<{ engine: SuggestionEngine; starters: ScoringStarter[]; practices: ScoringPractice[] }> {
    // The practices on a connection of the pool, beside the transaction's (as in scoreSomeIn's reads),
    // while the starters are found and read on it.
    const [starters, practices] = await Promise.all([
      Promise.resolve(starterIds).then((ids) =>
        ids.length ? loadStarters(m, 'sp.active AND sp.id = ANY($1)', [ids]) : [],
      ),
      loadPractices(this.dataSource.manager, `p.status = 'published' AND p.id = ANY($1::uuid[])`, [
        practiceIds,
      ]),
    ]);
    const none = { starterBest: 0, practiceBestPerSeat: 0 };
    const engine = new SuggestionEngine(starters, practices, weights.weights, [], [], none);
    engine.prepare({ plan: false });
    return { engine, starters, practices };
  }

  /** Every starter the rescoring of these practices would rescore (rescorePractice's set). */
  private async startersWithinReachOf(m: EntityManager, practiceIds: string[]): Promise<string[]> {
    const places = await m.query<Array<{ lat: number; lon: number; r: string }>>(PRACTICE_PLACES_SQL, [
      practiceIds,
    ]);
    if (places.length === 0) return [];
    const homes = await m.query<Home[]>(ACTIVE_HOMES_SQL, [[...new Set(places.map((p) => p.r))]]);
    const suggested = await m.query<Array<{ id: string }>>(SUGGESTED_AT_SQL, [practiceIds]);
    return [...new Set([...withinReachOfAny(homes, places), ...suggested.map((r) => r.id)])];
  }

  /**
   * The full rescoring (nightly, or an admin's request). Under the rescoring lock, held by one transaction for
   * the whole run, starters are scored in batches and each batch is written in a transaction of its own:
   * its starters' pair suggestions upserted and their stale ones withdrawn together, so every starter's
   * list is always consistent, and a failure leaves finished batches done and the rest as they were (the
   * next run completes them). Two batches are in flight at a time, on two connections: PostgreSQL writes
   * one batch, and then two, while Node scores the next, so both cores of the machine work. Duos come last,
   * in two batches, because a duo needs both members' passing practices.
   */
  private async scoreEveryone(
    today: string,
    phase: (name: string) => void,
    onProgress?: RescoreProgress,
  ): Promise<RescoreResult> {
    // The lock is held by a transaction of its own that does nothing else: ending it, however the run ends,
    // releases the lock, and a connection that broke on the way is dropped by the pool, never reused holding it.
    const lock = this.dataSource.createQueryRunner();
    await lock.connect();
    try {
      await lock.startTransaction();
      await lock.query(`SELECT pg_advisory_xact_lock(${RESCORE_LOCK})`);
      const m = this.dataSource.manager;
      this.thread.start();
      const weights = await currentWeights(m);
      const limits = await currentMatchingSettings(m);
      // Every process's plans over every passing pair are out of date from here (this one's are replaced
      // at the end, when the run succeeds): said in the rescoring log now, committed on its own.
      const mark = await this.everyPair.beginAll(m, weights.version);
      // The current suggestions are needed only when the first batch is written: read meanwhile.
      const existing = loadSuggestions(m, null).then((current) => ({ current, index: coverIndex(current) }));
      existing.catch(() => undefined);
      const [starters, practices] = await Promise.all([loadStarters(m), loadPractices(m)]);
      const duoPool = starters.filter((s) => s.lookingForDuoPartner && s.active);
      const engine = new SuggestionEngine(starters, practices, weights.weights, duoPool, [], limits);
      phase('read');
      // Every starter scored once: their best N, every practice's best M per seat, and each region's plan
      // over all its passing pairs, whose pairs join the candidates; the batches below then write them.
      // PostgreSQL has nothing to write yet, so the second thread takes part of it.
      await engine.prepareWith(this.thread, { plan: true, duos: true });
      for (const err of engine.threadErrors)
        this.logger.warn(
          { err },
          'scoring thread failed: the main thread did its part of the full rescoring',
        );
      this.lastPlanStats = engine.planStats;
      phase('candidates');
      // The rows carry their plan flags (the plan over every passing pair), written with them.
      const toRow = this.rowMaker(practices, today, engine);
      const written: BatchResult[] = [];
      let suggested = 0;
      const batchWeights = this.weightsOf(weights);
      const regionIds = await this.plan.allRegionIds();
      // Every region's plan (DESIGN.md "When it runs") is recomputed as soon as the last pair batch is
      // written: a plan reads pair suggestions alone, so it runs beside the duo batches (PostgreSQL writes
      // duos while Node solves plans) instead of after them.
      let plans: Promise<PlanCounts> | undefined;
      const jobs = fullRescoringJobs(engine, starters, toRow);
      let pairJobsLeft = jobs.filter((j) => !j.duo).length;
      // A lane scores its batch (synchronously, Node's part) and awaits its write while the other scores
      // the next; after a failure no more batches are taken (duos scored from an unfinished run would
      // withdraw good duos).
      try {
        await onProgress?.(0, jobs.length);
        await inLanes(jobs, LANES, async (job) => {
          const { rows, covered } = job();
          suggested += rows.length;
          const { current, index } = await existing;
          const stale = staleAmong(covered(index), new Set(rows.map(pairKeyOf)));
          written.push(
            await this.dataSource.transaction((tx) =>
              writeSuggestionBatch(tx, { rows, stale }, current, batchWeights),
            ),
          );
          if (!job.duo && --pairJobsLeft === 0) {
            // The plans over every passing pair prove the stored plans optimal, region by region, without
            // solving them again (RegionalPlanService.solve; a region they cannot prove is solved).
            plans = this.plan.recomputeAll(regionIds, undefined, engine.regionPlans);
            plans.catch(() => undefined); // awaited below, after the last batch
          }
          await onProgress?.(written.length, jobs.length);
        });
      } catch (err) {
        // Batches that committed changed suggestions: their regions' plans must follow, even now.
        await plans?.catch(() => undefined);
        const touched = [...new Set(written.flatMap((b) => [...b.regions]))];
        await this.plan.recomputeAll(touched).catch((planErr: unknown) => {
          this.logger.error({ err: planErr }, 'regional plans after a failed full rescoring');
        });
        throw err;
      }
      phase('score+write');
      const planCounts = await (plans ?? this.plan.recomputeAll(regionIds, undefined, engine.regionPlans));
      phase('plan');
      const done = await this.dataSource.transaction((tx) =>
        this.finish(tx, 'all', starters.length, suggested, written, weights.version),
      );
      for (const [regionId, { solved, starterIds, practiceIds }] of engine.regionPlans)
        this.everyPair.setSolved(
          regionId,
          solved,
          starterIds,
          practiceIds,
          practices.filter((p) => p.regionId === regionId),
        );
      this.everyPair.commit(mark);
      return { ...done, plans: planCounts, threadFailures: engine.threadErrors.length };
    } finally {
      if (lock.isTransactionActive) await lock.rollbackTransaction().catch(() => undefined);
      await lock.release();
    }
  }

  private weightsOf(w: WeightsVersion): { version: number; maxPointsTenths: number[] } {
    return { version: w.version, maxPointsTenths: maxPointsTenths(w.weights) };
  }

  /** Sums the batches up and records the run in the audit log. */
  private async finish(
    m: EntityManager,
    scope: 'all' | 'starters',
    starters: number,
    suggested: number,
    batches: BatchResult[],
    weightsVersion: number,
  ): Promise<RescoreResult> {
    const inserted = batches.reduce((n, b) => n + b.inserted, 0);
    const withdrawn = batches.reduce((n, b) => n + b.withdrawn, 0);
    const regions = [...new Set(batches.flatMap((b) => [...b.regions]))];
    await this.audit.record(m, {
      actorId: null,
      action: 'matching.rescored',
      details: { scope, starters, suggested, inserted, withdrawn, weightsVersion },
    });
    return { starters, suggested, inserted, withdrawn, regions };
  }

  /**
   * The published practices any of these starters could pass: within the bounding box of their travel
   * distance, or in one of their preferred regions. A few starters (one profile changed) read a few hundred
   * practices instead of all of them; duo practices are a subset of each member's, so they are covered too.
   */
  private async practicesWithinReach(
    m: EntityManager,
    starters: ScoringStarter[],
  ): Promise<ScoringPractice[]> {
    if (starters.length > MAX_STARTERS_BY_REACH) return loadPractices(m);
    if (starters.length === 0) return [];
    const reach = withinReach(starters, 'p.region_id = ANY($1::uuid[])');
    return loadPractices(m, `p.status = 'published' AND ${reach.sql}`, reach.params);
  }

  /**
   * The duo partners these starters could have: active starters looking for one who live within a
   * seeker's travel distance (a partner must live within the smaller of the two) or share a preferred
   * region with one. None when no rescored starter is looking.
   */
  private async duoPartnersWithinReach(
    m: EntityManager,
    starters: ScoringStarter[],
  ): Promise<ScoringStarter[]> {
    const seekers = starters.filter((s) => s.active && s.lookingForDuoPartner);
    const looking = 'sp.active AND sp.looking_for_duo_partner';
    if (seekers.length > MAX_STARTERS_BY_REACH) return loadStarters(m, looking);
    if (seekers.length === 0) return [];
    const reach = withinReach(seekers, 'sp.preferred_region_ids && $1::uuid[]');
    return loadStarters(m, `${looking} AND ${reach.sql}`, reach.params);
  }

  /** Turns the engine's suggestions into rows to store, with each practice's urgency computed once. */
  private rowMaker(
    practices: ScoringPractice[],
    today: string,
    engine?: SuggestionEngine,
  ): (e: EngineSuggestion) => SuggestionRow {
    const urgencyOf = new Float64Array(practices.length).fill(NaN);
    return (e) => {
      const p = practices[e.practiceIndex];
      let u = urgencyOf[e.practiceIndex];
      if (Number.isNaN(u)) u = urgencyOf[e.practiceIndex] = urgency(p, today);
      return {
        starterId: e.starter.id,
        partnerId: e.partner?.id ?? null,
        practiceId: p.id,
        regionId: p.regionId,
        scoreTenths: e.scoreTenths,
        pointsTenths: e.pointsTenths,
        distanceKm: e.distanceKm,
        urgency: u,
        seats: successorSeats(p),
        patients: patientsPerSuccessor(p),
        inPlan: engine?.inPlan(e),
      };
    };
  }
}
