/** Enums of DESIGN.md "API contract" for starter profiles; the migration's CHECK constraints match. */
export const CAREER_STAGES = ['aios', 'hidha', 'waarnemer', 'gp'] as const;
export type CareerStage = (typeof CAREER_STAGES)[number];

export const STARTER_SETTINGS = ['urban', 'rural', 'any'] as const;
export type StarterSetting = (typeof STARTER_SETTINGS)[number];
