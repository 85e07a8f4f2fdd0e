import type { AuthUser } from '../auth/auth-user';
import { storedBreakdownSql, type StoredBreakdownItem } from './breakdown-explainer';

/** Everything one match row carries, as the read query returns it. */
export interface MatchRow {
  id: string;
  kind: 'pair' | 'duo';
  status: string;
  score: number;
  breakdown: StoredBreakdownItem[];
  weightsVersion: number;
  urgency: number;
  inRegionalPlan: boolean;
  regionId: string;
  distanceKm: number;
  outcome: string | null;
  /** Who asked for this introduction (DESIGN.md "Asking for an introduction"); null when nobody did. */
  requestedBy: 'starter' | 'stopper' | null;
  /** The hard constraints the pair failed when it was proposed or asked for: shown, never hidden. */
  failedConstraints: string[];
  createdAt: Date;
  updatedAt: Date;
  starter: StarterRecord;
  partner: StarterRecord | null;
  practice: PracticeRecord;
}

export interface StarterRecord {
  profileId: string;
  userId: string;
  displayName: string;
  email: string;
  phone: string | null;
  careerStage: string;
  homePostcode: string;
  homePlace: string;
  daysPerWeekMin: number;
  daysPerWeekMax: number;
  practiceForms: string[];
  roles: string[];
  availableFrom: string;
  transitionMonthsWanted: number;
  setting: string;
  lookingForDuoPartner: boolean;
  about: string;
}

export interface PracticeRecord {
  id: string;
  ownerId: string;
  ownerName: string;
  ownerEmail: string;
  ownerPhone: string | null;
  name: string;
  showNamePublicly: boolean;
  address: string | null;
  postcode: string;
  place: string;
  regionId: string;
  listSize: number;
  practiceForm: string;
  gpCount: number;
  daysPerWeekNeeded: number;
  setting: string;
  successorRoles: string[];
  handoverFrom: string;
  handoverTo: string;
  transitionMonthsOffered: number;
  dispensing: boolean;
  isTrainingPractice: boolean;
  description: string;
  status: string;
}

const STARTER_JSON = (alias: string, user: string, place: string): string => `json_build_object(
  'profileId', ${alias}.id, 'userId', ${user}.id, 'displayName', ${user}.display_name, 'email', ${user}.email,
  'phone', ${user}.phone, 'careerStage', ${alias}.career_stage, 'homePostcode', ${alias}.home_postcode,
  'homePlace', ${place}.place, 'daysPerWeekMin', ${alias}.days_per_week_min::float8,
  'daysPerWeekMax', ${alias}.days_per_week_max::float8, 'practiceForms', ${alias}.practice_forms, 'roles', ${alias}.roles,
  'availableFrom', to_char(${alias}.available_from, 'YYYY-MM-DD'), 'transitionMonthsWanted', ${alias}.transition_months_wanted,
  'setting', ${alias}.setting, 'lookingForDuoPartner', ${alias}.looking_for_duo_partner, 'about', ${alias}.about)`;

/** The one read query behind the match list and the match page; callers add WHERE, ORDER and LIMIT. */
export const MATCH_SELECT = `
  SELECT m.id, m.kind, m.status, m.score::float8 AS score, ${storedBreakdownSql('m')} AS breakdown, m.weights_version AS "weightsVersion",
         m.urgency::float8 AS urgency, m.in_regional_plan AS "inRegionalPlan", m.region_id AS "regionId",
         m.distance_km::float8 AS "distanceKm", m.outcome, m.requested_by AS "requestedBy",
         m.failed_constraints AS "failedConstraints", m.created_at AS "createdAt", m.updated_at AS "updatedAt",
         ${STARTER_JSON('s', 'su', 'sp')} AS starter,
         CASE WHEN m.partner_profile_id IS NULL THEN NULL ELSE ${STARTER_JSON('b', 'bu', 'bp')} END AS partner,
         json_build_object(
           'id', p.id, 'ownerId', p.owner_id, 'ownerName', pu.display_name, 'ownerEmail', pu.email, 'ownerPhone', pu.phone,
           'name', p.name, 'showNamePublicly', p.show_name_publicly, 'address', p.address, 'postcode', p.postcode,
           'place', p.place, 'regionId', p.region_id, 'listSize', p.list_size, 'practiceForm', p.practice_form,
           'gpCount', p.gp_count, 'daysPerWeekNeeded', p.days_per_week_needed::float8, 'setting', p.setting,
           'successorRoles', p.successor_roles, 'handoverFrom', to_char(p.handover_from, 'YYYY-MM-DD'),
           'handoverTo', to_char(p.handover_to, 'YYYY-MM-DD'), 'transitionMonthsOffered', p.transition_months_offered,
           'dispensing', p.dispensing, 'isTrainingPractice', p.is_training_practice, 'description', p.description,
           'status', p.status) AS practice
    FROM matches m
    JOIN starter_profiles s ON s.id = m.starter_profile_id
    JOIN users su ON su.id = s.user_id
    JOIN places sp ON sp.postcode = s.home_postcode
    LEFT JOIN starter_profiles b ON b.id = m.partner_profile_id
    LEFT JOIN users bu ON bu.id = b.user_id
    LEFT JOIN places bp ON bp.postcode = b.home_postcode
    JOIN practices p ON p.id = m.practice_id
    JOIN users pu ON pu.id = p.owner_id`;

/** Before introduction a party sees the other side without name or contact (DESIGN.md "Anonymity and consent"). */
export function anonymousStarter(s: StarterRecord): Partial<StarterRecord> {
  return {
    careerStage: s.careerStage,
    daysPerWeekMin: s.daysPerWeekMin,
    daysPerWeekMax: s.daysPerWeekMax,
    practiceForms: s.practiceForms,
    roles: s.roles,
    availableFrom: s.availableFrom,
    transitionMonthsWanted: s.transitionMonthsWanted,
    setting: s.setting,
    lookingForDuoPartner: s.lookingForDuoPartner,
    about: s.about,
  };
}

export function listSizeBand(listSize: number): string {
  if (listSize < 1500) return '<1500';
  if (listSize < 2500) return '1500-2500';
  if (listSize < 3500) return '2500-3500';
  return '3500+';
}

export function anonymousPractice(p: PracticeRecord): Record<string, unknown> {
  return {
    regionId: p.regionId,
    place: p.place,
    practiceName: p.showNamePublicly ? p.name : null,
    listSizeBand: listSizeBand(p.listSize),
    practiceForm: p.practiceForm,
    gpCount: p.gpCount,
    daysPerWeekNeeded: p.daysPerWeekNeeded,
    setting: p.setting,
    successorRoles: p.successorRoles,
    handoverFrom: p.handoverFrom,
    handoverTo: p.handoverTo,
    transitionMonthsOffered: p.transitionMonthsOffered,
    dispensing: p.dispensing,
    isTrainingPractice: p.isTrainingPractice,
    description: p.description,
  };
}

/** Shapes a row for the caller: coordinators see full records; parties see each other anonymously until introduced. */
export function presentMatch(row: MatchRow, viewer: AuthUser, locale: 'nl' | 'en'): Record<string, unknown> {
  const revealed = viewer.role === 'coordinator' || ['introduced', 'closed'].includes(row.status);
  const ownStarter = (s: StarterRecord | null) => (s && s.userId === viewer.id ? s : null);
  const starterView = (s: StarterRecord | null) =>
    s === null ? null : revealed || ownStarter(s) ? withoutInternal(s) : anonymousStarter(s);
  const practiceView =
    revealed || row.practice.ownerId === viewer.id ? row.practice : anonymousPractice(row.practice);
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    score: row.score,
    breakdown: row.breakdown.map((b) => ({
      criterion: b.criterion,
      points: b.points,
      maxPoints: b.maxPoints,
      explanation: b.explanation?.[locale] ?? '',
    })),
    weightsVersion: row.weightsVersion,
    urgency: row.urgency,
    inRegionalPlan: row.inRegionalPlan,
    regionId: row.regionId,
    distanceKm: row.distanceKm,
    outcome: row.outcome,
    requestedBy: row.requestedBy,
    failedConstraints: row.failedConstraints,
    starter: starterView(row.starter),
    partner: starterView(row.partner),
    practice: practiceView,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function withoutInternal(s: StarterRecord): StarterRecord {
  return s;
}
