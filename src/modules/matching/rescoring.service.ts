import { Inject, Injectable } from '@nestjs/common';
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
import { PlanCounts, RegionalPlanService } from './regional-plan.service';
import {
  maxPointsTenths,
  patientsPerSuccessor,
  ScoringStarter,
  successorSeats,
  urgency,
  type ScoringPractice,
} from './scoring';
import { inLanes } from './lanes';
import { EngineSuggestion, PlanStats, SuggestionEngine } from './suggestion-engine';
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
type BatchJob = () => { rows: SuggestionRow[]; covered: (index: CoverIndex) => ExistingSuggestion[] };

/**
 * The batches of a full rescoring, in the order they must be taken: the pair batches (each covering its
 * starters' pair suggestions), one covering the pair suggestions of starters not loaded (inactive, paused:
 * all stale), and the duo batches, split by the duo's first member. A duo needs both members' passing
 * practices, so the duos are scored when the first duo batch is taken, after every pair batch was scored.
 */
function fullRescoringJobs(
  engine: SuggestionEngine,
  starters: ScoringStarter[],
  toRow: (e: EngineSuggestion) => SuggestionRow,
): BatchJob[] {
  const jobs: BatchJob[] = [];
  for (let from = 0; from < engine.starterCount; from += STARTERS_PER_BATCH) {
    jobs.push(() => {
      const ids = starters.slice(from, from + STARTERS_PER_BATCH).map((s) => s.id);
      return {
        rows: engine.pairs(from, from + STARTERS_PER_BATCH).map(toRow),
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
    jobs.push(() => {
      duos ??= engine.duoSuggestions().map(toRow);
      // The same split for new and existing duos, so each lane's stale ones are its own.
      const mine = (starterId: string): boolean => laneOf(starterId) === lane;
      return {
        rows: duos.filter((r) => mine(r.starterId)),
        covered: (index) => index.duos.filter((e) => mine(e.s)),
      };
    });
  }
  return jobs;
}

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
 * preferred region), and those they are suggested to now (as starter or duo partner).
 */
const STARTERS_WITHIN_REACH_SQL = `
  SELECT DISTINCT s.id FROM starter_profiles s
    JOIN places hp ON hp.postcode = s.home_postcode, practices p JOIN places pp ON pp.postcode = p.postcode
   WHERE p.id = ANY($1::uuid[]) AND s.active AND (
         p.region_id = ANY(s.preferred_region_ids)
         OR (abs(hp.latitude - pp.latitude) * 111.2 <= s.max_travel_km + 1
             AND abs(hp.longitude - pp.longitude) * 111.2 * cos(radians(hp.latitude)) <= s.max_travel_km + 1))
  UNION
  SELECT starter_profile_id FROM matches WHERE practice_id = ANY($1::uuid[]) AND status = 'suggested'
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
  /** A partial rescoring's starters, when it rescored more than it was asked to (internal). */
  rescoredIds?: string[];
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
export class RescoringService {
  /** The last full rescoring's plans over every passing pair, per region (the benchmark reads them). */
  lastPlanStats: ReadonlyMap<string, PlanStats> = new Map();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly plan: RegionalPlanService,
    private readonly audit: AuditService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  rescoreStarter(starterProfileId: string, today = todayIso()): Promise<RescoreResult> {
    return this.rescore({ kind: 'starters', ids: [starterProfileId] }, today);
  }

  /** A practice changed: rescore every starter it could concern, and those it is suggested to now. */
  async rescorePractice(practiceId: string, today = todayIso()): Promise<RescoreResult> {
    const rows = await this.dataSource.query<Array<{ id: string }>>(STARTERS_WITHIN_REACH_SQL, [
      [practiceId],
    ]);
    return this.rescore({ kind: 'starters', ids: rows.map((r) => r.id) }, today);
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
    // full one, every region's; after a profile's, the regions where it changed a suggestion (a rescoring
    // that changed nothing leaves every plan as it was, so there is nothing to recompute).
    // A profile's rescoring changed the pair suggestions of its starters alone, which the plan can follow.
    const regions = scope.kind === 'all' ? await this.plan.allRegionIds() : result.regions;
    // A partial rescoring may have widened to the starters within reach of a practice (practiceSide).
    const changed = scope.kind === 'all' ? undefined : (result.rescoredIds ?? scope.ids);
    const plans = await this.plan.recomputeAll(regions, changed);
    delete result.rescoredIds;
    phase('plan');
    this.logger.info(
      { scope: scope.kind, ...result, regions: regions.length, plans, phasesMs: phases },
      'rescored',
    );
    return { ...result, plans, phasesMs: phases };
  }

  /**
   * A few starters (one profile or practice changed): everything in one transaction, under the rescoring
   * lock, so their suggestions change all at once.
   */
  private scoreSome(ids: string[], today: string, phase: (name: string) => void): Promise<RescoreResult> {
    return this.dataSource.transaction(async (m) => {
      // One rescoring at a time per database: concurrent runs would race on the same suggestions.
      await m.query(`SELECT pg_advisory_xact_lock(${RESCORE_LOCK})`);
      return this.scoreSomeIn(m, ids, today, phase, false);
    });
  }

  /**
   * scoreSome's work in its transaction. `widened`: this is already the second pass, run for the starters
   * within reach of the practices whose best M the first pass could not settle from the stored suggestions.
   */
  private async scoreSomeIn(
    m: EntityManager,
    ids: string[],
    today: string,
    phase: (name: string) => void,
    widened: boolean,
  ): Promise<RescoreResult> {
    {
      const weights = await currentWeights(m);
      const limits = await currentMatchingSettings(m);
      const starters = ids.length ? await loadStarters(m, 'sp.id = ANY($1)', [ids]) : [];
      const practices = await this.practicesWithinReach(m, starters);
      // Duo partners come from every active starter looking for one, not only the rescored ones; and those
      // who could be partners may name a rescored starter among their own nearest, from their own reach.
      const near = await this.duoPartnersWithinReach(m, starters);
      const rescored = new Set(starters.map((s) => s.id));
      const others = near.filter((s) => !rescored.has(s.id));
      const duoPool = others.length ? await this.duoPartnersWithinReach(m, [...starters, ...others]) : near;
      const engine = new SuggestionEngine(starters, practices, weights.weights, duoPool, others, limits);
      engine.prepare({ plan: false });
      const unsettled = await this.practiceSide(m, engine, starters, practices, limits.practiceBestPerSeat);
      if (unsettled.length > 0) {
        // A rescored starter left the best M of these practices, and who follows it there may be a pair
        // that was not stored: rescore every starter within their reach, which settles them exactly.
        const reach = widened ? [] : await this.startersWithinReachOf(m, unsettled);
        const wider = [...new Set([...ids, ...reach])];
        if (wider.length > ids.length) return this.scoreSomeIn(m, wider, today, phase, true);
        this.logger.warn(
          { practices: unsettled.length },
          'best M of some practices left as the stored ones say',
        );
      }
      const existing = await loadSuggestions(m, engine.starterIds());
      phase('read');
      const toRow = this.rowMaker(practices, today);
      const rows = [...engine.pairs(0, engine.starterCount), ...engine.duoSuggestions()].map(toRow);
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
      return { ...result, rescoredIds: ids };
    }
  }

  /**
   * A partial rescoring's share of each practice's best M per seat. Every practice's best M of all
   * starters is among the stored worker suggestions (the candidate rule put them there), so the best M of
   * the stored rows of the starters not rescored, merged with the rescored starters' new pairs, is the
   * practice's new best M, with one exception: when j rescored starters were among its old best K
   * (K = M x seats), only the best K - j of the others are known to be stored; if the new best K needs
   * more of them, the practice is returned as unsettled. The rescored starters' pairs in a settled best K
   * become their candidates. A starter not rescored whom a rescored one displaced keeps its suggestion
   * until its own or the nightly rescoring (the stored set stays a superset of the candidate set).
   */
  private async practiceSide(
    m: EntityManager,
    engine: SuggestionEngine,
    starters: ScoringStarter[],
    practices: ScoringPractice[],
    perSeat: number,
  ): Promise<string[]> {
    if (starters.length === 0) return [];
    const rescored = new Set(starters.map((s) => s.id));
    const practiceIndex = new Map(practices.map((p, i) => [p.id, i]));
    type Entry = { starterId: string; tenths: number; i: number };
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
    // The rescored starters' own stored pairs (by the starter index), then every stored pair of the
    // practices they pass now or were suggested to (by the practice index).
    const own = await m.query<Array<{ s: string; p: string; f: boolean }>>(
      `SELECT starter_profile_id AS s, practice_id AS p, in_regional_plan AS f FROM matches
        WHERE starter_profile_id = ANY($1::uuid[]) AND status = 'suggested' AND kind = 'pair' AND origin = 'worker'`,
      [[...rescored]],
    );
    const stored = await m.query<Array<{ s: string; p: string; t: number; days: number }>>(
      `SELECT m.starter_profile_id AS s, m.practice_id AS p, round(m.score * 10)::int AS t,
              pr.days_per_week_needed::float8 AS days
         FROM matches m JOIN practices pr ON pr.id = m.practice_id
        WHERE m.practice_id = ANY($1::uuid[]) AND m.status = 'suggested' AND m.kind = 'pair' AND m.origin = 'worker'`,
      [[...new Set([...fresh.keys(), ...own.map((r) => r.p)])]],
    );
    const byPractice = new Map<string, { days: number; rows: Entry[] }>();
    for (const r of stored) {
      let g = byPractice.get(r.p);
      if (!g) byPractice.set(r.p, (g = { days: r.days, rows: [] }));
      g.rows.push({ starterId: r.s, tenths: r.t, i: -1 });
    }
    const order = (a: Entry, b: Entry): number =>
      b.tenths - a.tenths || (a.starterId < b.starterId ? -1 : a.starterId > b.starterId ? 1 : 0);
    const unsettled: string[] = [];
    for (const id of new Set([...fresh.keys(), ...byPractice.keys()])) {
      const pi = practiceIndex.get(id);
      const days = pi !== undefined ? practices[pi].daysPerWeekNeeded : (byPractice.get(id)?.days ?? 0);
      const k = perSeat * successorSeats({ daysPerWeekNeeded: days });
      const old = [...(byPractice.get(id)?.rows ?? [])].sort(order);
      const j = old.slice(0, k).filter((e) => rescored.has(e.starterId)).length;
      const others = old.filter((e) => !rescored.has(e.starterId));
      const top = [...others, ...(fresh.get(id) ?? [])].sort(order).slice(0, k);
      const usedOthers = top.filter((e) => e.i < 0).length;
      if (j > 0 && (usedOthers > k - j || top.length < k)) unsettled.push(id);
      if (pi === undefined) continue;
      for (const e of top) if (e.i >= 0) engine.addExtra(e.i, pi, e.tenths);
    }
    // A rescored starter's pair in its region's plan stays a candidate while it still passes: the plan
    // chose it over every passing pair, and the plan that follows this change starts from it.
    const index = new Map(starters.map((x, i) => [x.id, i]));
    for (const r of own) {
      const i = index.get(r.s);
      const pi = practiceIndex.get(r.p);
      if (!r.f || i === undefined || pi === undefined) continue;
      const pair = fresh.get(r.p)?.find((e) => e.i === i);
      if (pair) engine.addExtra(i, pi, pair.tenths);
    }
    return unsettled;
  }

  /** Every starter the rescoring of these practices would rescore (rescorePractice's set). */
  private async startersWithinReachOf(m: EntityManager, practiceIds: string[]): Promise<string[]> {
    const rows = await m.query<Array<{ id: string }>>(STARTERS_WITHIN_REACH_SQL, [practiceIds]);
    return rows.map((r) => r.id);
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
      const weights = await currentWeights(m);
      const limits = await currentMatchingSettings(m);
      // The current suggestions are needed only when the first batch is written: read meanwhile.
      const existing = loadSuggestions(m, null).then((current) => ({ current, index: coverIndex(current) }));
      existing.catch(() => undefined);
      const [starters, practices] = await Promise.all([loadStarters(m), loadPractices(m)]);
      const duoPool = starters.filter((s) => s.lookingForDuoPartner && s.active);
      const engine = new SuggestionEngine(starters, practices, weights.weights, duoPool, [], limits);
      phase('read');
      // Every starter scored once: their best N, every practice's best M per seat, and each region's plan
      // over all its passing pairs, whose pairs join the candidates; the batches below then write them.
      engine.prepare({ plan: true });
      this.lastPlanStats = engine.planStats;
      phase('candidates');
      // The rows carry their plan flags (the plan over every passing pair), written with them.
      const toRow = this.rowMaker(practices, today, engine);
      const written: BatchResult[] = [];
      let suggested = 0;
      const batchWeights = this.weightsOf(weights);
      // A lane scores its batch (synchronously, Node's part) and awaits its write while the other scores
      // the next; after a failure no more batches are taken (duos scored from an unfinished run would
      // withdraw good duos).
      try {
        const jobs = fullRescoringJobs(engine, starters, toRow);
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
          await onProgress?.(written.length, jobs.length);
        });
      } catch (err) {
        // Batches that committed changed suggestions: their regions' plans must follow, even now.
        const touched = [...new Set(written.flatMap((b) => [...b.regions]))];
        await this.plan.recomputeAll(touched).catch((planErr: unknown) => {
          this.logger.error({ err: planErr }, 'regional plans after a failed full rescoring');
        });
        throw err;
      }
      phase('score+write');
      return await this.dataSource.transaction((tx) =>
        this.finish(tx, 'all', starters.length, suggested, written, weights.version),
      );
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
