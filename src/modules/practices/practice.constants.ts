/** Enums of DESIGN.md "API contract" for practices; the migration's CHECK constraints list the same values. */
export const PRACTICE_FORMS = ['solo', 'duo', 'group', 'health_centre'] as const;
export type PracticeForm = (typeof PRACTICE_FORMS)[number];

export const SUCCESSOR_ROLES = [
  'holder',
  'partner',
  'employed',
  'employed_then_holder',
  'locum_then_holder',
] as const;
export type SuccessorRole = (typeof SUCCESSOR_ROLES)[number];

export const PRACTICE_SETTINGS = ['urban', 'rural'] as const;
export type PracticeSetting = (typeof PRACTICE_SETTINGS)[number];

export const BUILDINGS = ['owned', 'rented', 'health_centre'] as const;
export type Building = (typeof BUILDINGS)[number];

export const PRACTICE_STATUSES = ['draft', 'published', 'in_talks', 'transferred', 'withdrawn'] as const;
export type PracticeStatus = (typeof PRACTICE_STATUSES)[number];
