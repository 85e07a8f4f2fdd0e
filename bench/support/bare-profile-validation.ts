/**
 * PutStarterProfileDto's checks written out by hand for the bare baseline: every field required, unknown
 * fields refused, the same ranges, enums, formats and array rules. Returns the body typed, or null when
 * anything fails (the bare server answers 400 without details).
 */
import { isIsoDate } from '../../src/modules/practices/iso-date';
import { PRACTICE_FORMS, SUCCESSOR_ROLES } from '../../src/modules/practices/practice.constants';
import { CAREER_STAGES, STARTER_SETTINGS } from '../../src/modules/profiles/profile.constants';

export interface BareProfileBody {
  careerStage: string;
  homePostcode: string;
  maxTravelKm: number;
  preferredRegionIds: string[];
  daysPerWeekMin: number;
  daysPerWeekMax: number;
  practiceForms: string[];
  roles: string[];
  availableFrom: string;
  transitionMonthsWanted: number;
  setting: string;
  dispensingOk: boolean;
  anwHoursPerMonthMax: number | null;
  wantsTrainingPractice: boolean;
  trainingRegionId: string | null;
  lookingForDuoPartner: boolean;
  partnerNeedsWork: boolean;
  about: string;
  active: boolean;
  alerts: { enabled: boolean; minScore: number };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FIELDS = [
  'careerStage', 'homePostcode', 'maxTravelKm', 'preferredRegionIds', 'daysPerWeekMin', 'daysPerWeekMax',
  'practiceForms', 'roles', 'availableFrom', 'transitionMonthsWanted', 'setting', 'dispensingOk',
  'anwHoursPerMonthMax', 'wantsTrainingPractice', 'trainingRegionId', 'lookingForDuoPartner',
  'partnerNeedsWork', 'about', 'active', 'alerts',
];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const int = (v: unknown, min: number, max: number): boolean => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
const oneDecimal = (v: unknown, min: number, max: number): boolean =>
  typeof v === 'number' && Number.isFinite(v) && Math.round(v * 10) === v * 10 && v >= min && v <= max;
const oneOf = (v: unknown, allowed: readonly string[]): boolean => typeof v === 'string' && allowed.includes(v);
const enumSet = (v: unknown, allowed: readonly string[]): boolean =>
  Array.isArray(v) && v.length > 0 && v.length <= allowed.length && new Set(v).size === v.length && v.every((x) => oneOf(x, allowed));

export function validateProfileBody(raw: unknown): BareProfileBody | null {
  if (!isObject(raw)) return null;
  if (Object.keys(raw).some((k) => !FIELDS.includes(k))) return null;
  const b = raw;
  const alerts = b.alerts;
  const ok =
    oneOf(b.careerStage, CAREER_STAGES) &&
    typeof b.homePostcode === 'string' && /^[1-9][0-9]{3}$/.test(b.homePostcode) &&
    int(b.maxTravelKm, 0, 300) &&
    Array.isArray(b.preferredRegionIds) && b.preferredRegionIds.length <= 50 &&
    new Set(b.preferredRegionIds).size === b.preferredRegionIds.length &&
    b.preferredRegionIds.every((id) => typeof id === 'string' && UUID.test(id)) &&
    oneDecimal(b.daysPerWeekMin, 0.5, 5) &&
    oneDecimal(b.daysPerWeekMax, 0.5, 5) &&
    enumSet(b.practiceForms, PRACTICE_FORMS) &&
    enumSet(b.roles, SUCCESSOR_ROLES) &&
    isIsoDate(b.availableFrom) &&
    int(b.transitionMonthsWanted, 0, 24) &&
    oneOf(b.setting, STARTER_SETTINGS) &&
    typeof b.dispensingOk === 'boolean' &&
    (b.anwHoursPerMonthMax === null || int(b.anwHoursPerMonthMax, 0, 200)) &&
    typeof b.wantsTrainingPractice === 'boolean' &&
    (b.trainingRegionId === null || (typeof b.trainingRegionId === 'string' && UUID.test(b.trainingRegionId))) &&
    typeof b.lookingForDuoPartner === 'boolean' &&
    typeof b.partnerNeedsWork === 'boolean' &&
    typeof b.about === 'string' && b.about.length <= 2000 &&
    typeof b.active === 'boolean' &&
    isObject(alerts) && Object.keys(alerts).every((k) => k === 'enabled' || k === 'minScore') &&
    typeof alerts.enabled === 'boolean' && int(alerts.minScore, 0, 100);
  // Every check above passed, so the body has exactly this shape.
  return ok ? (b as unknown as BareProfileBody) : null;
}
