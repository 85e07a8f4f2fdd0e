import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The candidate set's sizes (DESIGN.md "Matching"): N, a starter's best kept as suggestions, and M, a
 * practice's best per successor seat it seeks. Versioned like the scoring weights: an admin's change adds
 * a version, the newest applies from the next rescoring. Defaults: suggestion-selection.ts
 * (DEFAULT_CANDIDATE_LIMITS) and docs/matching.md say why.
 */
export class CandidateSettings1764600004000 implements MigrationInterface {
  name = 'CandidateSettings1764600004000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE matching_settings (
        version serial PRIMARY KEY,
        starter_best int NOT NULL CHECK (starter_best BETWEEN 1 AND 50),
        practice_best_per_seat int NOT NULL CHECK (practice_best_per_seat BETWEEN 1 AND 20),
        -- An id only (no foreign key), as scoring_weights: settings outlive the accounts that made them.
        created_by uuid NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`INSERT INTO matching_settings (starter_best, practice_best_per_seat) VALUES (10, 3)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE matching_settings`);
  }
}
