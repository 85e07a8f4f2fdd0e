import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PRACTICE_FORMS, SUCCESSOR_ROLES } from '../practices/practice.constants';
import { FunnelStats, HandoverStats, RegionStats, StarterStats } from './stats.types';

/** Practices whose holder has not handed over yet (a withdrawn or transferred one no longer counts). */
const TO_HAND_OVER = `p.status IN ('draft', 'published', 'in_talks')`;
const REGION = (col: string): string => `($1::uuid IS NULL OR ${col} = $1)`;
const FOLLOW_UP_ANSWERS = ['in_talks', 'agreement', 'no_fit', 'no_contact'];

const countsOf = (
  keys: readonly string[],
  rows: Array<{ key: string; n: number }>,
): Record<string, number> => {
  const out: Record<string, number> = Object.fromEntries(keys.map((k) => [k, 0]));
  for (const r of rows) out[r.key] = r.n;
  return out;
};

/**
 * Region and country statistics, each number one SQL aggregate: nothing is loaded row by row, so the cost
 * grows with the size of the answer, not of the tables. `regionId` null means the whole country.
 */
@Injectable()
export class StatsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async regionExists(id: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(`SELECT 1 FROM regions WHERE id = $1`, [id]);
    return rows.length > 0;
  }

  async stats(regionId: string | null, asOf: string): Promise<RegionStats> {
    const [handover, atRisk, starters, funnel] = await Promise.all([
      this.handover(regionId, asOf),
      this.atRisk(regionId),
      this.starters(regionId),
      this.funnel(regionId),
    ]);
    return { scope: regionId ? 'region' : 'country', regionId, asOf, handover, atRisk, starters, funnel };
  }

  private async handover(regionId: string | null, asOf: string): Promise<HandoverStats> {
    const within = (n: number, what: string): string =>
      `${what} FILTER (WHERE p.handover_from < $2::date + interval '${n} years')`;
    const [totals] = await this.dataSource.query<
      Array<{ w1: number; w3: number; w5: number; p1: number; p3: number; p5: number }>
    >(
      `SELECT ${within(1, 'count(*)')}::int AS w1, ${within(3, 'count(*)')}::int AS w3,
              ${within(5, 'count(*)')}::int AS w5,
              COALESCE(${within(1, 'sum(p.list_size)')}, 0)::int AS p1,
              COALESCE(${within(3, 'sum(p.list_size)')}, 0)::int AS p3,
              COALESCE(${within(5, 'sum(p.list_size)')}, 0)::int AS p5
         FROM practices p WHERE ${TO_HAND_OVER} AND ${REGION('p.region_id')}`,
      [regionId, asOf],
    );
    const byYear = await this.dataSource.query<Array<{ year: number; practices: number; patients: number }>>(
      `SELECT extract(year FROM p.handover_from)::int AS year, count(*)::int AS practices,
              sum(p.list_size)::int AS patients
         FROM practices p
        WHERE ${TO_HAND_OVER} AND ${REGION('p.region_id')} AND p.handover_from < $2::date + interval '5 years'
        GROUP BY 1 ORDER BY 1`,
      [regionId, asOf],
    );
    return {
      withinYears: { '1': totals.w1, '3': totals.w3, '5': totals.w5 },
      patientsWithinYears: { '1': totals.p1, '3': totals.p3, '5': totals.p5 },
      byYear,
    };
  }

  private async atRisk(regionId: string | null): Promise<{ practices: number; patients: number }> {
    const [row] = await this.dataSource.query<Array<{ practices: number; patients: number }>>(
      `SELECT count(*)::int AS practices, COALESCE(sum(p.list_size), 0)::int AS patients
         FROM practices p
        WHERE ${TO_HAND_OVER} AND ${REGION('p.region_id')}
          AND NOT EXISTS (SELECT 1 FROM matches m WHERE m.practice_id = p.id
                           AND m.status IN ('awaiting_consent', 'introduced'))`,
      [regionId],
    );
    return row;
  }

  /** Active starters by home region, and what they want. */
  private async starters(regionId: string | null): Promise<StarterStats> {
    const where = `sp.active AND ${REGION('sp.home_region_id')}`;
    const q = (sql: string) => this.dataSource.query<Array<{ key: string; n: number }>>(sql, [regionId]);
    const [[totals], days, forms, roles, setting, stage] = await Promise.all([
      this.dataSource.query<Array<{ active: number; duo: number; partner: number }>>(
        `SELECT count(*)::int AS active, count(*) FILTER (WHERE sp.looking_for_duo_partner)::int AS duo,
                count(*) FILTER (WHERE sp.partner_needs_work)::int AS partner
           FROM starter_profiles sp WHERE ${where}`,
        [regionId],
      ),
      this.dataSource.query<Array<{ min: number; max: number; starters: number }>>(
        `SELECT sp.days_per_week_min::float8 AS min, sp.days_per_week_max::float8 AS max, count(*)::int AS starters
           FROM starter_profiles sp WHERE ${where} GROUP BY 1, 2 ORDER BY 1, 2`,
        [regionId],
      ),
      q(
        `SELECT f AS key, count(*)::int AS n FROM starter_profiles sp, unnest(sp.practice_forms) f WHERE ${where} GROUP BY 1`,
      ),
      q(
        `SELECT r AS key, count(*)::int AS n FROM starter_profiles sp, unnest(sp.roles) r WHERE ${where} GROUP BY 1`,
      ),
      q(`SELECT sp.setting AS key, count(*)::int AS n FROM starter_profiles sp WHERE ${where} GROUP BY 1`),
      q(
        `SELECT sp.career_stage AS key, count(*)::int AS n FROM starter_profiles sp WHERE ${where} GROUP BY 1`,
      ),
    ]);
    return {
      active: totals.active,
      daysPerWeek: days,
      practiceForms: countsOf(PRACTICE_FORMS, forms),
      roles: countsOf(SUCCESSOR_ROLES, roles),
      setting: countsOf(['urban', 'rural', 'any'], setting),
      careerStage: countsOf(['aios', 'hidha', 'waarnemer', 'gp'], stage),
      lookingForDuoPartner: totals.duo,
      partnerNeedsWork: totals.partner,
    };
  }

  /**
   * Every match of the region enters the funnel as suggested; it reached "approved" when it went to
   * awaiting_consent, "introduced" when introduced, and counts as an agreement when the coordinator recorded
   * that outcome or a party answered "agreement" to a follow-up. Step times come from match_events (the first
   * transition into each status), falling back on the match's own timestamps.
   */
  private async funnel(regionId: string | null): Promise<FunnelStats> {
    const [row] = await this.dataSource.query<
      Array<{
        suggested: number;
        approved: number;
        introduced: number;
        agreements: number;
        d1: number | null;
        d2: number | null;
        d3: number | null;
      }>
    >(
      `WITH ev AS (
         SELECT e.match_id,
                min(e.created_at) FILTER (WHERE e.to_status = 'suggested') AS suggested_at,
                min(e.created_at) FILTER (WHERE e.to_status = 'awaiting_consent') AS approved_at,
                min(e.created_at) FILTER (WHERE e.to_status = 'introduced') AS introduced_at,
                min(e.created_at) FILTER (WHERE e.to_status = 'closed') AS closed_at
           FROM match_events e JOIN matches m ON m.id = e.match_id
          WHERE ${REGION('m.region_id')}
          GROUP BY e.match_id
       ), fu AS (
         SELECT f.match_id, min(f.answered_at) AS agreed_at
           FROM follow_ups f JOIN matches m ON m.id = f.match_id
          WHERE f.answer = 'agreement' AND ${REGION('m.region_id')}
          GROUP BY f.match_id
       ), steps AS (
         SELECT COALESCE(ev.suggested_at, m.created_at) AS s,
                COALESCE(ev.approved_at, m.approved_at) AS a,
                COALESCE(ev.introduced_at, m.introduced_at) AS i,
                LEAST(CASE WHEN m.outcome = 'agreement' THEN COALESCE(ev.closed_at, m.closed_at, m.updated_at) END,
                      fu.agreed_at) AS g
           FROM matches m LEFT JOIN ev ON ev.match_id = m.id LEFT JOIN fu ON fu.match_id = m.id
          WHERE ${REGION('m.region_id')}
       )
       SELECT count(*)::int AS suggested,
              count(*) FILTER (WHERE a IS NOT NULL)::int AS approved,
              count(*) FILTER (WHERE i IS NOT NULL)::int AS introduced,
              count(*) FILTER (WHERE g IS NOT NULL)::int AS agreements,
              round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM a - s) / 86400)
                     FILTER (WHERE a IS NOT NULL))::numeric, 1)::float8 AS d1,
              round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM i - a) / 86400)
                     FILTER (WHERE i IS NOT NULL AND a IS NOT NULL))::numeric, 1)::float8 AS d2,
              round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM g - i) / 86400)
                     FILTER (WHERE g IS NOT NULL AND i IS NOT NULL))::numeric, 1)::float8 AS d3
         FROM steps`,
      [regionId],
    );
    const followUps = await this.dataSource.query<Array<{ key: string | null; n: number }>>(
      `SELECT f.answer AS key, count(*)::int AS n
         FROM follow_ups f JOIN matches m ON m.id = f.match_id
        WHERE ${REGION('m.region_id')} GROUP BY 1`,
      [regionId],
    );
    const sent = followUps.reduce((sum, r) => sum + r.n, 0);
    const answered = followUps.filter((r) => r.key !== null).reduce((sum, r) => sum + r.n, 0);
    return {
      suggested: row.suggested,
      approved: row.approved,
      introduced: row.introduced,
      agreements: row.agreements,
      medianDays: {
        suggestedToApproved: row.d1,
        approvedToIntroduced: row.d2,
        introducedToAgreement: row.d3,
      },
      followUps: {
        sent,
        answered,
        answers: countsOf(
          FOLLOW_UP_ANSWERS,
          followUps.flatMap((r) => (r.key === null ? [] : [{ key: r.key, n: r.n }])),
        ),
      },
    };
  }
}

/** The statistics as CSV, one `section,metric,value` line per number (RFC 4180 quoting where needed). */
export function statsToCsv(s: RegionStats): string {
  const lines: Array<[string, string, string | number | null]> = [
    ['meta', 'scope', s.scope],
    ['meta', 'regionId', s.regionId ?? ''],
    ['meta', 'asOf', s.asOf],
  ];
  for (const n of ['1', '3', '5'] as const) {
    lines.push(['handover', `practicesWithin${n}Years`, s.handover.withinYears[n]]);
    lines.push(['handover', `patientsWithin${n}Years`, s.handover.patientsWithinYears[n]]);
  }
  for (const y of s.handover.byYear) {
    lines.push(['handoverByYear', `${y.year}.practices`, y.practices]);
    lines.push(['handoverByYear', `${y.year}.patients`, y.patients]);
  }
  lines.push(['atRisk', 'practices', s.atRisk.practices], ['atRisk', 'patients', s.atRisk.patients]);
  const st = s.starters;
  lines.push(['starters', 'active', st.active]);
  for (const d of st.daysPerWeek) lines.push(['startersDaysPerWeek', `${d.min}-${d.max}`, d.starters]);
  for (const [section, counts] of [
    ['startersPracticeForms', st.practiceForms],
    ['startersRoles', st.roles],
    ['startersSetting', st.setting],
    ['startersCareerStage', st.careerStage],
  ] as const) {
    for (const [k, v] of Object.entries(counts)) lines.push([section, k, v]);
  }
  lines.push(['starters', 'lookingForDuoPartner', st.lookingForDuoPartner]);
  lines.push(['starters', 'partnerNeedsWork', st.partnerNeedsWork]);
  const f = s.funnel;
  for (const k of ['suggested', 'approved', 'introduced', 'agreements'] as const)
    lines.push(['funnel', k, f[k]]);
  for (const [k, v] of Object.entries(f.medianDays)) lines.push(['funnelMedianDays', k, v]);
  lines.push(['followUps', 'sent', f.followUps.sent], ['followUps', 'answered', f.followUps.answered]);
  for (const [k, v] of Object.entries(f.followUps.answers)) lines.push(['followUpAnswers', k, v]);
  const cell = (v: string | number | null): string => {
    const text = v === null ? '' : String(v);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return ['section,metric,value', ...lines.map((l) => l.map(cell).join(','))].join('\r\n') + '\r\n';
}
