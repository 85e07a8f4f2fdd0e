import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reference checks of `matches` (MatchReferenceChecks) without a row lock per referenced row. There
 * they locked every distinct starter and practice a statement named FOR KEY SHARE, as a foreign key does,
 * so that a concurrent delete would wait for the inserting transaction. A lock on a row writes the row
 * (its xmax, and a WAL record), and two transactions locking the same row make a MultiXact: a full
 * rescoring's two batch lanes lock mostly the same practices. Replaying the 81,000 suggestions of a full
 * rescoring at 5,000 x 5,000 on one connection took 3.3 s with those locks and 2.6 to 2.8 s without them.
 *
 * The same guarantee, by one advisory lock (`praktijkmatch.match-references`) instead:
 * - A statement that inserts matches, or changes what a match names, holds it shared until its transaction
 *   ends (taken once per statement in memory, nothing written), and then checks with a plain read that
 *   every row it names exists.
 * - Deleting starter profiles, practices, regions or weights versions, and renumbering one, holds it
 *   exclusively first (a statement trigger before the delete; the key guard before its check). So a delete
 *   waits for every open transaction that inserted matches and then sees their rows (the cascade, or the
 *   refusal, runs after), and an insert that comes while a delete is open waits for it and then finds the
 *   deleted row missing (23503). Each statement of a trigger sees what was committed before it (READ
 *   COMMITTED), as before.
 * - A transaction at REPEATABLE READ or SERIALIZABLE keeps the row locks: its snapshot would not see a
 *   delete committed after it began, and locking a row deleted since makes PostgreSQL refuse it (a
 *   serialization failure), as a foreign key's check does.
 * Truncating a referenced table is unchanged: the check's read holds that table's ACCESS SHARE lock until
 * the inserting transaction ends, so the truncate waits for it and then finds its rows.
 */
interface Reference {
  columns: string[];
  table: string;
  key: string;
  constraint: string;
}

const REFERENCES: Reference[] = [
  {
    columns: ['starter_profile_id', 'partner_profile_id'],
    table: 'starter_profiles',
    key: 'id',
    constraint: 'matches_starter_profile_id_fkey',
  },
  { columns: ['practice_id'], table: 'practices', key: 'id', constraint: 'matches_practice_id_fkey' },
  { columns: ['region_id'], table: 'regions', key: 'id', constraint: 'matches_region_id_fkey' },
  {
    columns: ['weights_version'],
    table: 'scoring_weights',
    key: 'version',
    constraint: 'matches_weights_version_fkey',
  },
];

const LOCK = `hashtext('praktijkmatch.match-references')`;

const namedBy = (r: Reference, rows: string): string =>
  r.columns.map((c) => `SELECT ${c} AS v FROM ${rows} WHERE ${c} IS NOT NULL`).join(' UNION ');

const changedIn = (r: Reference): string =>
  `(SELECT n.* FROM new_rows n LEFT JOIN old_rows o ON o.id = n.id
     WHERE o.id IS NULL OR ${r.columns.map((c) => `n.${c} IS DISTINCT FROM o.${c}`).join(' OR ')}) AS changed`;

/** Finds a row of `r.table` that `rows` name and that is missing; each value looked up once. */
function checkSql(r: Reference, rows: string, rowLock: boolean): string {
  return `
        SELECT x.v::text INTO missing FROM (${namedBy(r, rows)}) x
          LEFT JOIN LATERAL (SELECT true AS found FROM ${r.table} t WHERE t.${r.key} = x.v${rowLock ? ' FOR KEY SHARE' : ''}) hit ON true
         WHERE hit.found IS NULL LIMIT 1;
        IF FOUND THEN
          RAISE foreign_key_violation USING
            MESSAGE = 'insert or update on table "matches" violates foreign key constraint "${r.constraint}"',
            DETAIL = format('Key (${r.columns[0]})=(%s) is not present in table "${r.table}".', missing);
        END IF;`;
}

const checks = (rowLock: boolean): string => `
        IF TG_OP = 'INSERT' THEN
          ${REFERENCES.map((r) => checkSql(r, 'new_rows', rowLock)).join('\n')}
        ELSE
          ${REFERENCES.map((r) => checkSql(r, changedIn(r), rowLock)).join('\n')}
        END IF;`;

/** matches_check_references: `advisory` the new body, else MatchReferenceChecks' (row locks always). */
const checkFunction = (advisory: boolean): string => `
      CREATE OR REPLACE FUNCTION matches_check_references() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE missing text;
      BEGIN
        ${
          advisory
            ? `IF current_setting('transaction_isolation') IN ('read committed', 'read uncommitted') THEN
          PERFORM pg_advisory_xact_lock_shared(${LOCK});
          ${checks(false)}
        ELSE
          ${checks(true)}
        END IF;`
            : checks(true)
        }
        RETURN NULL;
      END $$`;

const namedByAMatch = (r: Reference, value: string): string =>
  r.columns.map((c) => `EXISTS (SELECT 1 FROM matches m WHERE m.${c} = ${value})`).join(' OR ');

/** The key guard of MatchReferenceChecks; with `advisory`, it takes the lock exclusively before it looks. */
const keyGuard = (r: Reference, advisory: boolean): string => `
        CREATE OR REPLACE FUNCTION ${r.table}_matches_key_guard() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.${r.key} IS DISTINCT FROM OLD.${r.key} THEN
            ${advisory ? `PERFORM pg_advisory_xact_lock(${LOCK});` : ''}
            IF ${namedByAMatch(r, `OLD.${r.key}`)} THEN
              RAISE foreign_key_violation USING
                MESSAGE = 'update or delete on table "${r.table}" violates foreign key constraint "${r.constraint}" on table "matches"',
                DETAIL = format('Key (${r.key})=(%s) is still referenced from table "matches".', OLD.${r.key});
            END IF;
          END IF;
          RETURN NULL;
        END $$`;

export class MatchReferenceLocks1764620004000 implements MigrationInterface {
  name = 'MatchReferenceLocks1764620004000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(checkFunction(true));
    await q.query(`
      CREATE FUNCTION match_references_exclusive() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(${LOCK});
        RETURN NULL;
      END $$`);
    for (const r of REFERENCES) {
      await q.query(`
        CREATE TRIGGER ${r.table}_matches_before_delete BEFORE DELETE ON ${r.table}
          FOR EACH STATEMENT EXECUTE FUNCTION match_references_exclusive()`);
      await q.query(keyGuard(r, true));
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const r of REFERENCES) {
      await q.query(keyGuard(r, false));
      await q.query(`DROP TRIGGER ${r.table}_matches_before_delete ON ${r.table}`);
    }
    await q.query(`DROP FUNCTION match_references_exclusive()`);
    await q.query(checkFunction(false));
  }
}
