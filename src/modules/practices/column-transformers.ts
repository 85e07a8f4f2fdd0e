import type { ValueTransformer } from 'typeorm';

/** node-postgres returns numeric as a string (it may not fit a double); ours are small, one decimal. */
export const numericTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
