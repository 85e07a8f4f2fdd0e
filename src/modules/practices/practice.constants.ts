/** Enums of DESIGN.md "API contract" for practices; the migration's CHECK constraints list the same values. */
// One definition of the forms and roles, shared with the pure scoring module.
export { PRACTICE_FORMS, SUCCESSOR_ROLES, type PracticeForm, type SuccessorRole } from '../matching/scoring/types';

export const PRACTICE_SETTINGS = ['urban', 'rural'] as const;
export type PracticeSetting = (typeof PRACTICE_SETTINGS)[number];

export const BUILDINGS = ['owned', 'rented', 'health_centre'] as const;
export type Building = (typeof BUILDINGS)[number];

export const PRACTICE_STATUSES = ['draft', 'published', 'in_talks', 'transferred', 'withdrawn'] as const;
export type PracticeStatus = (typeof PRACTICE_STATUSES)[number];
