import { EntityManager } from 'typeorm';
import type { ScoringPractice, ScoringStarter, ScoringWeights } from './scoring';

/**
 * Reads starters and practices straight into the pure scoring types (raw rows, no entity hydration: the
 * nightly rescoring reads every row of both tables).
 */
const STARTER_SQL = `
  SELECT sp.id, pl.latitude AS "homeLat", pl.longitude AS "homeLon", sp.home_region_id AS "homeRegionId",
         sp.max_travel_km AS "maxTravelKm", sp.preferred_region_ids AS "preferredRegionIds",
         sp.days_per_week_min::float8 AS "daysPerWeekMin", sp.days_per_week_max::float8 AS "daysPerWeekMax",
         sp.practice_forms AS "practiceForms", sp.roles, to_char(sp.available_from, 'YYYY-MM-DD') AS "availableFrom",
         sp.transition_months_wanted AS "transitionMonthsWanted", sp.setting, sp.dispensing_ok AS "dispensingOk",
         sp.anw_hours_per_month_max AS "anwHoursPerMonthMax", sp.wants_training_practice AS "wantsTrainingPractice",
         sp.training_region_id AS "trainingRegionId", sp.looking_for_duo_partner AS "lookingForDuoPartner",
         sp.partner_needs_work AS "partnerNeedsWork", sp.active, sp.career_stage AS "careerStage"
    FROM starter_profiles sp JOIN places pl ON pl.postcode = sp.home_postcode`;

const PRACTICE_SQL = `
  SELECT p.id, pl.latitude AS lat, pl.longitude AS lon, p.region_id AS "regionId", p.krimp,
         p.list_size AS "listSize", p.practice_form AS "practiceForm", p.gp_count AS "gpCount",
         p.days_per_week_needed::float8 AS "daysPerWeekNeeded", p.setting, p.successor_roles AS "successorRoles",
         to_char(p.handover_from, 'YYYY-MM-DD') AS "handoverFrom", to_char(p.handover_to, 'YYYY-MM-DD') AS "handoverTo",
         p.transition_months_offered AS "transitionMonthsOffered", p.dispensing,
         p.is_training_practice AS "isTrainingPractice", p.anw_hours_per_month AS "anwHoursPerMonth",
         json_build_object('pohSomaticFte', p.poh_somatic_fte::float8, 'pohMentalHealthFte', p.poh_mental_health_fte::float8,
                           'assistantsFte', p.assistants_fte::float8, 'paOrNpFte', p.pa_or_np_fte::float8) AS staff,
         p.status = 'published' AS published,
         EXISTS (SELECT 1 FROM matches m WHERE m.practice_id = p.id
                  AND m.status IN ('awaiting_consent', 'introduced')) AS "hasIntroductionUnderway"
    FROM practices p JOIN places pl ON pl.postcode = p.postcode`;

export async function loadStarters(
  m: EntityManager,
  where = 'sp.active',
  params: unknown[] = [],
): Promise<ScoringStarter[]> {
  return await m.query<ScoringStarter[]>(`${STARTER_SQL} WHERE ${where} ORDER BY sp.id`, params);
}

export async function loadPractices(
  m: EntityManager,
  where = `p.status = 'published'`,
  params: unknown[] = [],
): Promise<ScoringPractice[]> {
  return await m.query<ScoringPractice[]>(`${PRACTICE_SQL} WHERE ${where} ORDER BY p.id`, params);
}

export interface WeightsVersion {
  version: number;
  weights: ScoringWeights;
}

export async function currentWeights(m: EntityManager): Promise<WeightsVersion> {
  const rows = await m.query<WeightsVersion[]>(
    `SELECT version, weights FROM scoring_weights ORDER BY version DESC LIMIT 1`,
  );
  if (!rows[0]) throw new Error('no scoring weights: migrations not applied?');
  return rows[0];
}

/** The candidate set's sizes in force (matching_settings' newest version). */
export interface MatchingSettingsVersion {
  version: number;
  starterBest: number;
  practiceBestPerSeat: number;
}

export async function currentMatchingSettings(m: EntityManager): Promise<MatchingSettingsVersion> {
  const rows = await m.query<MatchingSettingsVersion[]>(
    `SELECT version, starter_best AS "starterBest", practice_best_per_seat AS "practiceBestPerSeat"
       FROM matching_settings ORDER BY version DESC LIMIT 1`,
  );
  if (!rows[0]) throw new Error('no matching settings: migrations not applied?');
  return rows[0];
}
