import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { DataSource, EntityManager } from 'typeorm';
import { LOGGER } from '../../core/core.module';
import { AuditService } from '../audit/audit.service';
import { currentWeights, loadPractices, loadStarters } from './matching-data';
import { RegionalPlanService } from './regional-plan.service';
import {
  BreakdownItem,
  checkDuoCompatible,
  checkDuoHardConstraints,
  compilePractices,
  compileStarters,
  haversineKm,
  scoreAll,
  scoreDuo,
  ScoringPractice,
  ScoringStarter,
  ScoringWeights,
  urgency,
} from './scoring';
import {
  Candidate,
  MAX_DUO_PARTNERS,
  MAX_SUGGESTIONS_PER_DUO,
  MAX_SUGGESTIONS_PER_STARTER,
  selectSuggestions,
} from './suggestion-selection';

interface ScoredCandidate extends Candidate {
  regionId: string;
  breakdown: BreakdownItem[];
  distanceKm: number;
  urgency: number;
}

export interface RescoreResult {
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
      const practices = await loadPractices(m);
      // Duo partners come from every active starter looking for one, not only the rescored ones.
      const duoPool =
        scope.kind === 'all'
          ? starters.filter((s) => s.lookingForDuoPartner && s.active)
          : await loadStarters(m, 'sp.active AND sp.looking_for_duo_partner');
      const candidates = [
        ...this.scorePairs(starters, practices, weights, today),
        ...this.scoreDuos(starters, duoPool, practices, weights, today),
      ];
      const written = await this.write(m, candidates, version);
      const withdrawn = await this.withdrawStale(m, scope);
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
    for (const regionId of regions) await this.plan.recompute(regionId);
    this.logger.info({ scope: scope.kind, ...result, regions: regions.length }, 'rescored');
    return result;
  }

  private scorePairs(
    starters: ScoringStarter[],
    practices: ScoringPractice[],
    weights: ScoringWeights,
    today: string,
  ): ScoredCandidate[] {
    if (starters.length === 0 || practices.length === 0) return [];
    const cs = compileStarters(starters);
    const cp = compilePractices(practices);
    const out: ScoredCandidate[] = [];
    const urgencyOf = new Map<string, number>();
    scoreAll(cs, cp, 'bounding-box', weights, (pair) => {
      const s = starters[pair.starterIndex];
      const p = practices[pair.practiceIndex];
      let u = urgencyOf.get(p.id);
      if (u === undefined) urgencyOf.set(p.id, (u = urgency(p, today)));
      out.push({
        starterId: s.id,
        partnerId: null,
        practiceId: p.id,
        regionId: p.regionId,
        score: pair.score,
        breakdown: pair.breakdown ?? [],
        distanceKm: pair.distanceKm,
        urgency: u,
      });
    });
    return selectSuggestions(out, MAX_SUGGESTIONS_PER_STARTER);
  }

  /** Duo suggestions (DESIGN.md "Duos"): each rescored starter looking for a partner, with their nearest compatible partners. */
  private scoreDuos(
    starters: ScoringStarter[],
    pool: ScoringStarter[],
    practices: ScoringPractice[],
    weights: ScoringWeights,
    today: string,
  ): ScoredCandidate[] {
    const out: ScoredCandidate[] = [];
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
        const [first, second] = a.id < b.id ? [a, b] : [b, a];
        const key = `${first.id}/${second.id}`;
        if (seen.has(key)) continue;
        seen.add(key);
        for (const p of practices) {
          const dA = haversineKm(first.homeLat, first.homeLon, p.lat, p.lon);
          const dB = haversineKm(second.homeLat, second.homeLon, p.lat, p.lon);
          if (checkDuoHardConstraints(first, second, p, dA, dB).length > 0) continue;
          const scored = scoreDuo(first, second, p, dA, dB, weights);
          out.push({
            starterId: first.id,
            partnerId: second.id,
            practiceId: p.id,
            regionId: p.regionId,
            score: scored.score,
            breakdown: scored.breakdown,
            distanceKm: Math.max(dA, dB),
            urgency: urgency(p, today),
          });
        }
      }
    }
    return selectSuggestions(out, MAX_SUGGESTIONS_PER_DUO);
  }

  /** Upserts suggestions in one statement; pairs with a match past `suggested` (other than withdrawn) are left alone. */
  private async write(
    m: EntityManager,
    candidates: ScoredCandidate[],
    weightsVersion: number,
  ): Promise<number> {
    let inserted = 0;
    for (let i = 0; i < candidates.length; i += 5000) {
      const chunk = candidates.slice(i, i + 5000);
      const rows = await m.query<unknown[]>(
        `WITH input AS (
           SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::numeric[], $6::jsonb[], $7::numeric[], $8::numeric[])
             AS t(starter_profile_id, partner_profile_id, practice_id, region_id, score, breakdown, distance_km, urgency)
         ), fresh AS (
           SELECT i.* FROM input i
            WHERE NOT EXISTS (
              SELECT 1 FROM matches m
               WHERE m.pair_key = i.starter_profile_id::text || '/' || COALESCE(i.partner_profile_id::text, '-') || '/' || i.practice_id::text
                 AND m.status NOT IN ('suggested', 'withdrawn'))
         ), upserted AS (
           INSERT INTO matches (kind, starter_profile_id, partner_profile_id, practice_id, region_id, score, breakdown,
                                weights_version, distance_km, urgency, scored_at)
           SELECT CASE WHEN partner_profile_id IS NULL THEN 'pair' ELSE 'duo' END, starter_profile_id, partner_profile_id,
                  practice_id, region_id, score, breakdown, $9, distance_km, urgency, now()
             FROM fresh
           ON CONFLICT (pair_key) WHERE status IN ('suggested', 'awaiting_consent', 'introduced')
           DO UPDATE SET score = EXCLUDED.score, breakdown = EXCLUDED.breakdown, weights_version = EXCLUDED.weights_version,
                         distance_km = EXCLUDED.distance_km, urgency = EXCLUDED.urgency, region_id = EXCLUDED.region_id,
                         scored_at = EXCLUDED.scored_at,
                         updated_at = CASE WHEN matches.score <> EXCLUDED.score OR matches.breakdown <> EXCLUDED.breakdown
                                           OR matches.urgency <> EXCLUDED.urgency THEN now() ELSE matches.updated_at END
            WHERE matches.status = 'suggested'
           RETURNING id, (xmax = 0) AS inserted
         )
         INSERT INTO match_events (match_id, from_status, to_status, note)
         SELECT id, NULL, 'suggested', 'scored by the worker' FROM upserted WHERE inserted
         RETURNING match_id`,
        [
          chunk.map((c) => c.starterId),
          chunk.map((c) => c.partnerId),
          chunk.map((c) => c.practiceId),
          chunk.map((c) => c.regionId),
          chunk.map((c) => c.score),
          chunk.map((c) => JSON.stringify(c.breakdown)),
          chunk.map((c) => Math.round(c.distanceKm * 10) / 10),
          chunk.map((c) => c.urgency),
          weightsVersion,
        ],
      );
      inserted += rows.length;
    }
    return inserted;
  }

  /** Suggestions of the rescored starters that this run did not confirm no longer fit: withdrawn, with the reason. */
  private async withdrawStale(
    m: EntityManager,
    scope: { kind: 'all' } | { kind: 'starters'; ids: string[] },
  ): Promise<{ count: number; regions: string[] }> {
    const where =
      scope.kind === 'all' ? 'TRUE' : '(starter_profile_id = ANY($1) OR partner_profile_id = ANY($1))';
    const params = scope.kind === 'all' ? [] : [scope.ids];
    const rows = await m.query<Array<{ region_id: string; n: number }>>(
      `WITH stale AS (
         UPDATE matches SET status = 'withdrawn', updated_at = now()
          WHERE status = 'suggested' AND scored_at < now() AND ${where}
          RETURNING id, region_id
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
