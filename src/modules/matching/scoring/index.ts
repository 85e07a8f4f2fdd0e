/** The pure matching core: one import point for the worker, the API and the bench. */
export * from './types';
export * from './distance';
export * from './calendar';
export * from './criteria';
export * from './score';
export * from './duo';
export * from './urgency';
export * from './compiled';
export * from './score-all';
export * from './regional-plan';
export { solveAllPairs } from './exact-plan';
export { explainCriterion } from './explanations';
export { formatNumber } from './format';
