import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { pageOffset, PaginationQuery } from '../../core/http/pagination';
import { urgency } from '../matching/scoring/urgency';
import { patientsPerSuccessor, successorSeats } from '../matching/scoring/successors';
import {
  AtRiskPageDto,
  AtRiskPracticeDto,
  PlanPracticeLeftDto,
  RegionalPlanDto,
} from './region-overview.dto';

/** Same definition as the region statistics' "at risk": not handed over, no introduction under way. */
const AT_RISK = `p.status IN ('draft', 'published', 'in_talks')
  AND NOT EXISTS (SELECT 1 FROM matches m WHERE m.practice_id = p.id AND m.status IN ('awaiting_consent', 'introduced'))`;

interface PracticeSeatsRow {
  id: string;
  name: string;
  place: string;
  postcode: string;
  listSize: number;
  daysPerWeekNeeded: number;
  filled: number;
  candidates: number;
}

/** The regional plan around its suggestions and the map of practices at risk, for a region's coordinators. */
@Injectable()
export class RegionOverviewService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async plan(regionId: string, query: PaginationQuery): Promise<RegionalPlanDto> {
    // Every published practice with the plan's seats filled; a region has thousands at most, so the
    // patients covered and left are summed here with matching's own seat rule.
    const practices = await this.dataSource.query<PracticeSeatsRow[]>(
      `SELECT p.id, p.name, p.place, p.postcode, p.list_size AS "listSize",
              p.days_per_week_needed::float8 AS "daysPerWeekNeeded",
              count(m.id) FILTER (WHERE m.in_regional_plan)::int AS filled,
              count(m.id)::int AS candidates
         FROM practices p
         LEFT JOIN matches m ON m.practice_id = p.id AND m.status = 'suggested'
        WHERE p.region_id = $1 AND p.status = 'published'
        GROUP BY p.id`,
      [regionId],
    );
    let patientsCovered = 0;
    let patientsLeft = 0;
    const left: PlanPracticeLeftDto[] = [];
    for (const p of practices) {
      const seats = successorSeats(p);
      const filled = Math.min(seats, p.filled);
      const perSeat = patientsPerSuccessor(p);
      patientsCovered += perSeat * filled;
      if (filled < seats) {
        const practiceLeft = Math.round(perSeat * (seats - filled));
        patientsLeft += practiceLeft;
        left.push({
          id: p.id,
          name: p.name,
          place: p.place,
          postcode: p.postcode,
          listSize: p.listSize,
          seats,
          seatsFilled: filled,
          patientsLeft: practiceLeft,
          candidates: p.candidates,
        });
      }
    }
    left.sort((a, b) => b.patientsLeft - a.patientsLeft || a.id.localeCompare(b.id));
    const offset = pageOffset(query);
    const [{ suggestions }] = await this.dataSource.query<Array<{ suggestions: number }>>(
      `SELECT count(*)::int AS suggestions FROM matches
        WHERE region_id = $1 AND in_regional_plan AND status = 'suggested'`,
      [regionId],
    );
    const starters = await this.dataSource.query<
      Array<{
        id: string;
        displayName: string;
        careerStage: string;
        place: string;
        homePostcode: string;
        candidates: number;
        total: number;
      }>
    >(
      `SELECT sp.id, u.display_name AS "displayName", sp.career_stage AS "careerStage", pl.place,
              sp.home_postcode AS "homePostcode",
              (SELECT count(*)::int FROM matches c WHERE c.status = 'suggested'
                 AND (c.starter_profile_id = sp.id OR c.partner_profile_id = sp.id)) AS candidates,
              count(*) OVER ()::int AS total
         FROM starter_profiles sp JOIN users u ON u.id = sp.user_id JOIN places pl ON pl.postcode = sp.home_postcode
        WHERE sp.home_region_id = $1 AND sp.active
          AND NOT EXISTS (SELECT 1 FROM matches m WHERE m.in_regional_plan AND m.status = 'suggested'
                           AND (m.starter_profile_id = sp.id OR m.partner_profile_id = sp.id))
        ORDER BY sp.created_at, sp.id LIMIT $2 OFFSET $3`,
      [regionId, query.pageSize, offset],
    );
    const startersTotal =
      starters[0]?.total ??
      (
        await this.dataSource.query<Array<{ n: number }>>(
          `SELECT count(*)::int AS n FROM starter_profiles sp WHERE sp.home_region_id = $1 AND sp.active
             AND NOT EXISTS (SELECT 1 FROM matches m WHERE m.in_regional_plan AND m.status = 'suggested'
                              AND (m.starter_profile_id = sp.id OR m.partner_profile_id = sp.id))`,
          [regionId],
        )
      )[0].n;
    return {
      regionId,
      suggestions,
      patientsCovered: Math.round(patientsCovered),
      patientsLeft,
      page: query.page,
      pageSize: query.pageSize,
      practicesLeft: { items: left.slice(offset, offset + query.pageSize), total: left.length },
      startersLeft: { items: starters.map(({ total: _t, ...s }) => s), total: startersTotal },
    };
  }

  /** Practices at risk with their place's centroid, most urgent first (urgency as matching computes it). */
  async atRisk(regionId: string, query: PaginationQuery, today: string): Promise<AtRiskPageDto> {
    const rows = await this.dataSource.query<Array<Omit<AtRiskPracticeDto, 'urgency'>>>(
      `SELECT p.id, p.name, p.place, p.postcode, pl.latitude, pl.longitude, p.list_size AS "listSize",
              to_char(p.handover_from, 'YYYY-MM-DD') AS "handoverFrom", p.krimp, p.status
         FROM practices p JOIN places pl ON pl.postcode = p.postcode
        WHERE p.region_id = $1 AND ${AT_RISK}`,
      [regionId],
    );
    const items = rows
      .map((r) => ({ ...r, urgency: urgency({ ...r, hasIntroductionUnderway: false }, today) }))
      .sort((a, b) => b.urgency - a.urgency || a.id.localeCompare(b.id));
    const offset = pageOffset(query);
    return {
      items: items.slice(offset, offset + query.pageSize),
      total: items.length,
      page: query.page,
      pageSize: query.pageSize,
    };
  }
}
