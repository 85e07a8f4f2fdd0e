import type { MessageKey, Translate } from '../i18n/i18n';

export const PRACTICE_FORMS = ['solo', 'duo', 'group', 'health_centre'] as const;
export const SUCCESSOR_ROLES = [
  'holder',
  'partner',
  'employed',
  'employed_then_holder',
  'locum_then_holder',
] as const;
export const LIST_SIZE_BANDS = ['<1500', '1500-2500', '2500-3500', '3500+'] as const;
export const CAREER_STAGES = ['aios', 'hidha', 'waarnemer', 'gp'] as const;
export const SETTINGS = ['urban', 'rural', 'any'] as const;
/** A practice is one or the other; "any" is a starter's answer. */
export const PRACTICE_SETTINGS = ['urban', 'rural'] as const;
export const BUILDINGS = ['owned', 'rented', 'health_centre'] as const;

type Enum =
  | 'criterion'
  | 'mailKind'
  | 'followUp'
  | 'practiceForm'
  | 'successorRole'
  | 'listSizeBand'
  | 'careerStage'
  | 'setting'
  | 'building'
  | 'status'
  | 'matchStatus';

/** The label of one enum value; the message files hold one key per value (`enum.practiceForm.solo`). */
export function enumLabel(t: Translate, kind: Enum, value: string): string {
  return t(`enum.${kind}.${value}` as MessageKey);
}

export function options<T extends string>(t: Translate, kind: Enum, values: readonly T[]) {
  return values.map((value) => ({ value, label: enumLabel(t, kind, value) }));
}
