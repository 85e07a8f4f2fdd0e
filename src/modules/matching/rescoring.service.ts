import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { DataSource, EntityManager } from 'typeorm';
import { LOGGER } from '../../core/core.module';
import { AuditService } from '../audit/audit.service';
import { boundingBox } from '../places/geo';
import { currentWeights, loadPractices, loadStarters } from './matching-data';
import { RegionalPlanService } from './regional-plan.service';
import {
  checkDuoCompatible,
  checkDuoHardConstraints,
  CompiledPractices,
  compilePractices,
  compileStarters,
  haversineKm,
  scoreAll,
  maxPointsTenths,
  ScoringPractice,
  ScoringStarter,
  ScoringWeights,
  urgency,
} from './scoring';
import {
  bestOf,
  Candidate,
  duoPointsOnly,
  pointsOnly,
  StoredBreakdownItem,
  MAX_DUO_PARTNERS,
  MAX_SUGGESTIONS_PER_DUO,
  MAX_SUGGESTIONS_PER_STARTER,
  selectSuggestions,
} from './suggestion-selection';

interface PassingPair {
  practiceIndex: number;
  distanceKm: number;
  score: number;
}

interface ScoredCandidate extends Candidate {
  regionId: string;
  breakdown: StoredBreakdownItem[];
  distanceKm: number;
  urgency: number;
}

export interface RescoreResult {
  /** Milliseconds per phase: read, score, write, withdraw, commit, plan. */
  phasesMs?: Record<string, number>;
  starters: number;
  suggested: number;
  inserted: number;
  withdrawn: number;
  regions: string[];
}

/** Today in the Netherlands as YYYY-MM-DD: urgency counts months from the day the job runs. */
export function todayIso(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(now);
}

/**
 * Turns scores into `suggested` matches. Every rescoring is the same operation on a set of starters: score
 * them against every published practice (pruned by bounding box and preferred regions), keep the best,
 * upsert those as suggestions and withdraw the starters' older suggestions that were not confirmed in this
 * run. One transaction; matches from `awaiting_consent` on are never touched. Running it twice leaves the
 * same rows (same ids, same scores).
 */
@Injectable()
export class RescoringService {
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
    const rows = await this.dataSource.query<Array<{ id: string }>>(
      `SELECT DISTINCT s.id FROM starter_profiles s
         JOIN places hp ON hp.postcode = s.home_postcode, practices p JOIN places pp ON pp.postcode = p.postcode
        WHERE p.id = $1 AND s.active AND (
              p.region_id = ANY(s.preferred_region_ids)
              OR (abs(hp.latitude - pp.latitude) * 111.2 <= s.max_travel_km + 1
                  AND abs(hp.longitude - pp.longitude) * 111.2 * cos(radians(hp.latitude)) <= s.max_travel_km + 1))
       UNION
       SELECT starter_profile_id FROM matches WHERE practice_id = $1 AND status = 'suggested'
       UNION
       SELECT partner_profile_id FROM matches WHERE practice_id = $1 AND status = 'suggested' AND partner_profile_id IS NOT NULL`,
      [practiceId],
    );
    return this.rescore({ kind: 'starters', ids: rows.map((r) => r.id) }, today);
  }

  rescoreAll(today = todayIso()): Promise<RescoreResult> {
    return this.rescore({ kind: 'all' }, today);
  }

  private async rescore(
    scope: { kind: 'all' } | { kind: 'starters'; ids: string[] },
    today: string,
  ): Promise<RescoreResult> {
    const phases: Record<string, number> = {};
    let t = Date.now();
    const phase = (name: string): void => {
      const now = Date.now();
      phases[name] = now - t;
      t = now;
    };
    const result = await this.dataSource.transaction(async (m) => {
      // One rescoring at a time per database: concurrent runs would race on the same suggestions.
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('praktijkmatch.rescore'))`);
      const { version, weights } = await currentWeights(m);
      const starters =
        scope.kind === 'all'
          ? await loadStarters(m)
          : scope.ids.length
            ? await loadStarters(m, 'sp.id = ANY($1)', [scope.ids])
            : [];
      const practices = await this.practicesWithinReach(m, scope.kind === 'all' ? null : starters);
      phase('read');
      // Duo partners come from every active starter looking for one, not only the rescored ones.
      const duoPool =
        scope.kind === 'all'
          ? starters.filter((s) => s.lookingForDuoPartner && s.active)
          : await loadStarters(m, 'sp.active AND sp.looking_for_duo_partner');
      const cp = compilePractices(practices);
      const passing = this.passingPairs(starters, cp, weights);
      const candidates = [
        ...this.scorePairs(starters, practices, passing, weights, today),
        ...this.scoreDuos(starters, duoPool, practices, cp, passing, weights, today),
      ];
      phase('score');
      const { inserted: written, keys } = await this.write(m, candidates, version);
      phase('write');
      const withdrawn = await this.withdrawStale(m, scope, keys);
      phase('withdraw');
      const regions = [...new Set([...candidates.map((c) => c.regionId), ...withdrawn.regions])];
      await this.audit.record(m, {
        actorId: null,
        action: 'matching.rescored',
        details: {
          scope: scope.kind,
          starters: starters.length,
          suggested: candidates.length,
          inserted: written,
          withdrawn: withdrawn.count,
          weightsVersion: version,
        },
      });
      return {
        starters: starters.length,
        suggested: candidates.length,
        inserted: written,
        withdrawn: withdrawn.count,
        regions,
      };
    });
    // The regional plan is recomputed after each rescoring of its region (DESIGN.md "When it runs").
    const regions = scope.kind === 'all' ? await this.plan.allRegionIds() : result.regions;
    phase('commit');
    for (const regionId of regions) await this.plan.recompute(regionId);
    phase('plan');
    this.logger.info({ scope: scope.kind, ...result, regions: regions.length, phasesMs: phases }, 'rescored');
    return { ...result, phasesMs: phases };
  }

  /**
   * The published practices any of these starters could pass: within the bounding box of their travel
   * distance, or in one of their preferred regions. A few starters (one profile changed) read a few hundred
   * practices instead of all of them; duo practices are a subset of each member's, so they are covered too.
   * `null` reads every published practice (the full rescoring).
   */
  private async practicesWithinReach(
    m: EntityManager,
    starters: ScoringStarter[] | null,
  ): Promise<ScoringPractice[]> {
    if (starters === null || starters.length > 200) return loadPractices(m);
    if (starters.length === 0) return [];
    const boxes = starters.map((s) => boundingBox(s.homeLat, s.homeLon, s.maxTravelKm));
    const regions = [...new Set(starters.flatMap((s) => s.preferredRegionIds))];
    const params: unknown[] = [regions];
    const inBoxes = boxes.map((b) => {
      params.push(b.minLat, b.maxLat, b.minLon, b.maxLon);
      const n = params.length;
      return `(pl.latitude BETWEEN $${n - 3} AND $${n - 2} AND pl.longitude BETWEEN $${n - 1} AND $${n})`;
    });
    return loadPractices(
      m,
      `p.status = 'published' AND (p.region_id = ANY($1::uuid[]) OR ${inBoxes.join(' OR ')})`,
      params,
    );
  }

  /**
   * Every pair of these starters with a published practice that passes the hard constraints, scored
   * without explanations (the bulk of pairs is never suggested; scoreAll runs at kernel speed that way).
   */
  private passingPairs(
    starters: ScoringStarter[],
    cp: CompiledPractices,
    weights: ScoringWeights,
  ): Map<string, PassingPair[]> {
    const byStarter = new Map<string, PassingPair[]>();
    if (starters.length === 0) return byStarter;
    scoreAll(
      compileStarters(starters),
      cp,
      'bounding-box',
      weights,
      (pair) => {
        const id = starters[pair.starterIndex].id;
        const list = byStarter.get(id);
        const item = { practiceIndex: pair.practiceIndex, distanceKm: pair.distanceKm, score: pair.score };
        if (list) list.push(item);
        else byStarter.set(id, [item]);
      },
      { breakdown: false },
    );
    return byStarter;
  }

  /** The best pairs per starter, explained: scorePair gives the same score as scoreAll (scoring/compiled.spec.ts). */
  private scorePairs(
    starters: ScoringStarter[],
    practices: ScoringPractice[],
    passing: Map<string, PassingPair[]>,
    weights: ScoringWeights,
    today: string,
  ): ScoredCandidate[] {
    // Each starter's own list is ranked on its own (selectSuggestions' rule), without a bulk array of
    // every passing pair: at national scale there are hundreds of thousands.
    const scored: Array<Candidate & { s: ScoringStarter; pair: PassingPair }> = [];
    for (const s of starters) {
      const kept = bestOf(
        passing.get(s.id) ?? [],
        MAX_SUGGESTIONS_PER_STARTER,
        (pair) => practices[pair.practiceIndex].id,
      );
      for (const pair of kept) {
        scored.push({
          starterId: s.id,
          partnerId: null,
          practiceId: practices[pair.practiceIndex].id,
          score: pair.score,
          s,
          pair,
        });
      }
    }
    const urgencyOf = new Map<string, number>();
    const maxTenths = maxPointsTenths(weights);
    return scored.map((c) => {
      const p = practices[c.pair.practiceIndex];
      let u = urgencyOf.get(p.id);
      if (u === undefined) urgencyOf.set(p.id, (u = urgency(p, today)));
      return {
        starterId: c.starterId,
        partnerId: null,
        practiceId: c.practiceId,
        regionId: p.regionId,
        score: c.score,
        breakdown: pointsOnly(c.s, p, c.pair.distanceKm, maxTenths),
        distanceKm: c.pair.distanceKm,
        urgency: u,
      };
    });
  }

  /**
   * Duo suggestions (DESIGN.md "Duos"): each rescored starter looking for a partner, with their nearest
   * compatible partners. A duo can only take over a practice both members pass individually (the duo
   * constraints are the members' own plus the days rule), so only the intersection of their passing
   * practices is checked.
   */
  private scoreDuos(
    starters: ScoringStarter[],
    pool: ScoringStarter[],
    practices: ScoringPractice[],
    cp: CompiledPractices,
    passing: Map<string, PassingPair[]>,
    weights: ScoringWeights,
    today: string,
  ): ScoredCandidate[] {
    const duos: Array<[ScoringStarter, ScoringStarter]> = [];
    const seen = new Set<string>();
    for (const a of starters) {
      if (!a.active || !a.lookingForDuoPartner) continue;
      const partners = pool
        .filter((b) => b.id !== a.id)
        .map((b) => ({ b, km: haversineKm(a.homeLat, a.homeLon, b.homeLat, b.homeLon) }))
        .filter(({ b, km }) => checkDuoCompatible(a, b, km).length === 0)
        .sort((x, y) => x.km - y.km || (x.b.id < y.b.id ? -1 : 1))
        .slice(0, MAX_DUO_PARTNERS);
      for (const { b } of partners) {
        const pairOf: [ScoringStarter, ScoringStarter] = a.id < b.id ? [a, b] : [b, a];
        const key = `${pairOf[0].id}/${pairOf[1].id}`;
        if (!seen.has(key)) {
          seen.add(key);
          duos.push(pairOf);
        }
      }
    }
    // Partners outside the rescored set need their own passing practices.
    const missing = [
      ...new Map(
        duos
          .flat()
          .filter((s) => !passing.has(s.id))
          .map((s) => [s.id, s]),
      ).values(),
    ];
    for (const [id, list] of this.passingPairs(missing, cp, weights)) passing.set(id, list);
    const out: ScoredCandidate[] = [];
    const maxTenths = maxPointsTenths(weights);
    const practiceIndex = new Map(practices.map((p, i) => [p.id, i]));
    for (const [first, second] of duos) {
      const ofSecond = new Map((passing.get(second.id) ?? []).map((x) => [x.practiceIndex, x.distanceKm]));
      for (const x of passing.get(first.id) ?? []) {
        const dB = ofSecond.get(x.practiceIndex);
        if (dB === undefined) continue;
        const p = practices[x.practiceIndex];
        if (checkDuoHardConstraints(first, second, p, x.distanceKm, dB).length > 0) continue;
        out.push({
          starterId: first.id,
          partnerId: second.id,
          practiceId: p.id,
          regionId: p.regionId,
          ...duoPointsOnly(first, second, p, x.distanceKm, dB, maxTenths),
          distanceKm: Math.max(x.distanceKm, dB),
          urgency: 0,
        });
      }
    }
    const urgencyOf = new Map<string, number>();
    return selectSuggestions(out, MAX_SUGGESTIONS_PER_DUO).map((c) => {
      let u = urgencyOf.get(c.practiceId);
      if (u === undefined)
        urgencyOf.set(c.practiceId, (u = urgency(practices[practiceIndex.get(c.practiceId) ?? 0], today)));
      return { ...c, urgency: u };
    });
  }

  /**
   * Writes the suggestions. Those whose content (score, breakdown, urgency, distance, weights) is unchanged
   * are not written at all, which keeps a repeated rescoring cheap; the rest are upserted in one statement
   * per chunk. Returns the pair keys this run confirmed. Pairs with a match past `suggested` (other than withdrawn) are left alone.
   */
  private async write(
    m: EntityManager,
    candidates: ScoredCandidate[],
    weightsVersion: number,
  ): Promise<{ inserted: number; keys: string[] }> {
    const keyOf = (c: ScoredCandidate): string => `${c.starterId}/${c.partnerId ?? '-'}/${c.practiceId}`;
    const hashOf = (c: ScoredCandidate, breakdown: string): string =>
      createHash('sha1')
        .update(
          `${weightsVersion}|${c.score}|${c.urgency}|${Math.round(c.distanceKm * 10)}|${c.regionId}|${breakdown}`,
        )
        .digest('base64url');
    const starterIds = [
      ...new Set(candidates.flatMap((c) => (c.partnerId ? [c.starterId, c.partnerId] : [c.starterId]))),
    ];
    const existing = new Map<string, string | null>();
    for (let i = 0; i < starterIds.length; i += 5000) {
      const rows = await m.query<Array<{ pair_key: string; content_hash: string | null }>>(
        `SELECT pair_key, content_hash FROM matches WHERE status = 'suggested' AND starter_profile_id = ANY($1::uuid[])`,
        [starterIds.slice(i, i + 5000)],
      );
      for (const r of rows) existing.set(r.pair_key, r.content_hash);
    }
    const unchanged: string[] = [];
    const changed: Array<{ c: ScoredCandidate; breakdown: string; hash: string }> = [];
    for (const c of candidates) {
      const breakdown = JSON.stringify(c.breakdown);
      const hash = hashOf(c, breakdown);
      if (existing.get(keyOf(c)) === hash) unchanged.push(keyOf(c));
      else changed.push({ c, breakdown, hash });
    }
    this.logger.debug({ unchanged: unchanged.length, changed: changed.length }, 'suggestions to write');
    let inserted = 0;
    for (let i = 0; i < changed.length; i += 2000) {
      const chunk = changed.slice(i, i + 2000);
      const rows = await m.query<unknown[]>(
        `WITH input AS (
           SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::numeric[], $6::jsonb[], $7::numeric[],
                                $8::numeric[], $9::text[])
             AS t(starter_profile_id, partner_profile_id, practice_id, region_id, score, breakdown, distance_km, urgency, content_hash)
         ), fresh AS (
           SELECT i.* FROM input i
            WHERE NOT EXISTS (
              SELECT 1 FROM matches m
               WHERE m.pair_key = i.starter_profile_id::text || '/' || COALESCE(i.partner_profile_id::text, '-') || '/' || i.practice_id::text
                 AND m.status NOT IN ('suggested', 'withdrawn'))
         ), upserted AS (
           INSERT INTO matches (kind, starter_profile_id, partner_profile_id, practice_id, region_id, score, breakdown,
                                weights_version, distance_km, urgency, content_hash, scored_at)
           SELECT CASE WHEN partner_profile_id IS NULL THEN 'pair' ELSE 'duo' END, starter_profile_id, partner_profile_id,
                  practice_id, region_id, score, breakdown, $10, distance_km, urgency, content_hash, now()
             FROM fresh
           ON CONFLICT (pair_key) WHERE status IN ('suggested', 'awaiting_consent', 'introduced')
           DO UPDATE SET score = EXCLUDED.score, breakdown = EXCLUDED.breakdown, weights_version = EXCLUDED.weights_version,
                         distance_km = EXCLUDED.distance_km, urgency = EXCLUDED.urgency, region_id = EXCLUDED.region_id,
                         content_hash = EXCLUDED.content_hash, scored_at = EXCLUDED.scored_at, updated_at = now()
            WHERE matches.status = 'suggested'
           RETURNING id, (xmax = 0) AS inserted
         )
         INSERT INTO match_events (match_id, from_status, to_status, note)
         SELECT id, NULL, 'suggested', 'scored by the worker' FROM upserted WHERE inserted
         RETURNING match_id`,
        [
          chunk.map((x) => x.c.starterId),
          chunk.map((x) => x.c.partnerId),
          chunk.map((x) => x.c.practiceId),
          chunk.map((x) => x.c.regionId),
          chunk.map((x) => x.c.score),
          chunk.map((x) => x.breakdown),
          chunk.map((x) => Math.round(x.c.distanceKm * 10) / 10),
          chunk.map((x) => x.c.urgency),
          chunk.map((x) => x.hash),
          weightsVersion,
        ],
      );
      inserted += rows.length;
    }
    return { inserted, keys: candidates.map(keyOf) };
  }

  /** Suggestions of the rescored starters that this run did not confirm no longer fit: withdrawn, with the reason. */
  private async withdrawStale(
    m: EntityManager,
    scope: { kind: 'all' } | { kind: 'starters'; ids: string[] },
    confirmedKeys: string[],
  ): Promise<{ count: number; regions: string[] }> {
    const where =
      scope.kind === 'all' ? 'TRUE' : '(starter_profile_id = ANY($2) OR partner_profile_id = ANY($2))';
    const params: unknown[] = scope.kind === 'all' ? [confirmedKeys] : [confirmedKeys, scope.ids];
    const rows = await m.query<Array<{ region_id: string; n: number }>>(
      `WITH confirmed AS (SELECT unnest($1::text[]) AS pair_key),
       stale AS (
         UPDATE matches m SET status = 'withdrawn', updated_at = now()
          -- A coordinator's proposal by hand is the coordinator's to keep or reject, not the worker's.
          WHERE m.status = 'suggested' AND m.origin = 'worker' AND ${where}
            AND NOT EXISTS (SELECT 1 FROM confirmed c WHERE c.pair_key = m.pair_key)
          RETURNING m.id, m.region_id
       ), events AS (
         INSERT INTO match_events (match_id, from_status, to_status, note)
         SELECT id, 'suggested', 'withdrawn', 'no longer passes the hard constraints or no longer among the best fits'
           FROM stale RETURNING match_id
       )
       SELECT region_id, (SELECT count(*) FROM stale)::int AS n FROM stale GROUP BY region_id`,
      params,
    );
    const count = rows[0]?.n ?? 0;
    return { count, regions: rows.map((r) => r.region_id) };
  }
}
