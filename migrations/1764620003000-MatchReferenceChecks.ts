import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The references of `matches` to its starters, practice, region and weights version checked per statement
 * instead of by a foreign key per row. A foreign key runs one query per inserted row and key (`SELECT 1
 * FROM regions WHERE id = $1 FOR KEY SHARE`, and so on): in a full rescoring at 5,000 x 5,000 that is
 * 340,000 lookups, mostly of the same few rows (twelve regions, one weights version, a batch's 250 starters
 * and their practices), about 1 s of PostgreSQL's CPU (measured on the bench data: a plain INSERT ... SELECT
 * of the 81,000 rows took 2.3 s with the foreign keys, 1.3 s without them).
 *
 * The same guarantees, set-based:
 * - A statement trigger on `matches` looks up the distinct starters, practices, regions and weights
 *   versions its new rows name (of an update: the rows whose reference changed), locking each FOR KEY
 *   SHARE as a foreign key does (a concurrent delete of one waits for this transaction; a row deleted first
 *   is not found), and fails with foreign_key_violation (23503, with the foreign key's own name) when one
 *   is missing.
 * - Deleting a starter profile or a practice deletes the matches that name it (as starter or duo partner),
 *   as ON DELETE CASCADE did; deleting a region or weights version a match names fails (as NO ACTION did).
 *   Both run after the statement's delete, so a concurrent insert that held the lock has committed by then
 *   and is seen (READ COMMITTED: each statement of a trigger sees what was committed before it).
 * - Changing a referenced key, or truncating a referenced table while `matches` still has rows, fails.
 */
interface Reference {
  /** The columns of `matches` that name a row of `table`. */
  columns: string[];
  table: string;
  key: string;
  /** The foreign key it replaces (its name is the one errors give), one per column. */
  constraints: string[];
  onDelete: 'cascade' | 'restrict';
}

const REFERENCES: Reference[] = [
  {
    columns: ['starter_profile_id', 'partner_profile_id'],
    table: 'starter_profiles',
    key: 'id',
    constraints: ['matches_starter_profile_id_fkey', 'matches_partner_profile_id_fkey'],
    onDelete: 'cascade',
  },
  {
    columns: ['practice_id'],
    table: 'practices',
    key: 'id',
    constraints: ['matches_practice_id_fkey'],
    onDelete: 'cascade',
  },
  {
    columns: ['region_id'],
    table: 'regions',
    key: 'id',
    constraints: ['matches_region_id_fkey'],
    onDelete: 'restrict',
  },
  {
    columns: ['weights_version'],
    table: 'scoring_weights',
    key: 'version',
    constraints: ['matches_weights_version_fkey'],
    onDelete: 'restrict',
  },
];

/** The distinct non-null values of a reference's columns in `rows` (a transition table or a query). */
const namedBy = (r: Reference, rows: string): string =>
  r.columns.map((c) => `SELECT ${c} AS v FROM ${rows} WHERE ${c} IS NOT NULL`).join(' UNION ');

/** The new rows whose value of one of the reference's columns is not what the old row had (or is new). */
const changedIn = (r: Reference): string =>
  `(SELECT n.* FROM new_rows n LEFT JOIN old_rows o ON o.id = n.id
     WHERE o.id IS NULL OR ${r.columns.map((c) => `n.${c} IS DISTINCT FROM o.${c}`).join(' OR ')}) AS changed`;

/**
 * Locks the distinct rows of `r.table` that `rows` name and finds one that is missing, in one pass: each
 * value is looked up (FOR KEY SHARE, as a foreign key does) once; a value without a row stops the scan.
 */
function checkSql(r: Reference, rows: string): string {
  return `
        SELECT x.v::text INTO missing FROM (${namedBy(r, rows)}) x
          LEFT JOIN LATERAL (SELECT true AS found FROM ${r.table} t WHERE t.${r.key} = x.v FOR KEY SHARE) hit ON true
         WHERE hit.found IS NULL LIMIT 1;
        IF FOUND THEN
          RAISE foreign_key_violation USING
            MESSAGE = 'insert or update on table "matches" violates foreign key constraint "${r.constraints[0]}"',
            DETAIL = format('Key (${r.columns[0]})=(%s) is not present in table "${r.table}".', missing);
        END IF;`;
}

/** Whether a match names `value` (an SQL expression) in one of the reference's columns. */
const namedByAMatch = (r: Reference, value: string): string =>
  r.columns.map((c) => `EXISTS (SELECT 1 FROM matches m WHERE m.${c} = ${value})`).join(' OR ');

/** The error of deleting or renumbering a row of `r.table` that a match names (`value`: its key). */
const stillReferenced = (r: Reference, value: string): string => `
            RAISE foreign_key_violation USING
              MESSAGE = 'update or delete on table "${r.table}" violates foreign key constraint "${r.constraints[0]}" on table "matches"',
              DETAIL = format('Key (${r.key})=(%s) is still referenced from table "matches".', ${value});`;

export class MatchReferenceChecks1764620003000 implements MigrationInterface {
  name = 'MatchReferenceChecks1764620003000';

  async up(q: QueryRunner): Promise<void> {
    for (const r of REFERENCES)
      for (const c of r.constraints) await q.query(`ALTER TABLE matches DROP CONSTRAINT ${c}`);
    await q.query(`
      CREATE FUNCTION matches_check_references() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE missing text;
      BEGIN
        IF TG_OP = 'INSERT' THEN
          ${REFERENCES.map((r) => checkSql(r, 'new_rows')).join('\n')}
        ELSE
          ${REFERENCES.map((r) => checkSql(r, changedIn(r))).join('\n')}
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER matches_references_insert AFTER INSERT ON matches
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION matches_check_references()`);
    await q.query(`
      CREATE TRIGGER matches_references_update AFTER UPDATE ON matches
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION matches_check_references()`);
    for (const r of REFERENCES) {
      const onDelete =
        r.onDelete === 'cascade'
          ? r.columns
              .map((c) => `DELETE FROM matches m WHERE m.${c} IN (SELECT ${r.key} FROM old_rows);`)
              .join('\n          ')
          : `SELECT o.${r.key}::text INTO named FROM old_rows o WHERE ${namedByAMatch(r, `o.${r.key}`)} LIMIT 1;
          IF FOUND THEN ${stillReferenced(r, 'named')}
          END IF;`;
      await q.query(`
        CREATE FUNCTION ${r.table}_matches_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE named text;
        BEGIN
          ${onDelete}
          RETURN NULL;
        END $$`);
      await q.query(`
        CREATE TRIGGER ${r.table}_matches_on_delete AFTER DELETE ON ${r.table}
          REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ${r.table}_matches_on_delete()`);
      await q.query(`
        CREATE FUNCTION ${r.table}_matches_key_guard() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.${r.key} IS DISTINCT FROM OLD.${r.key} AND (${namedByAMatch(r, `OLD.${r.key}`)}) THEN ${stillReferenced(r, `OLD.${r.key}`)}
          END IF;
          RETURN NULL;
        END $$`);
      await q.query(`
        CREATE TRIGGER ${r.table}_matches_key_guard AFTER UPDATE OF ${r.key} ON ${r.table}
          FOR EACH ROW EXECUTE FUNCTION ${r.table}_matches_key_guard()`);
      await q.query(`
        CREATE FUNCTION ${r.table}_matches_truncate_guard() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF EXISTS (SELECT 1 FROM matches) THEN
            RAISE foreign_key_violation USING
              MESSAGE = 'cannot truncate table "${r.table}": table "matches" references it (constraint "${r.constraints[0]}")',
              HINT = 'Truncate table "matches" at the same time.';
          END IF;
          RETURN NULL;
        END $$`);
      await q.query(`
        CREATE TRIGGER ${r.table}_matches_truncate_guard AFTER TRUNCATE ON ${r.table}
          FOR EACH STATEMENT EXECUTE FUNCTION ${r.table}_matches_truncate_guard()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const r of REFERENCES) {
      for (const t of ['truncate_guard', 'key_guard', 'on_delete']) {
        await q.query(`DROP TRIGGER ${r.table}_matches_${t} ON ${r.table}`);
        await q.query(`DROP FUNCTION ${r.table}_matches_${t}()`);
      }
    }
    for (const op of ['insert', 'update']) await q.query(`DROP TRIGGER matches_references_${op} ON matches`);
    await q.query(`DROP FUNCTION matches_check_references()`);
    for (const r of REFERENCES)
      for (const [i, c] of r.columns.entries())
        await q.query(
          `ALTER TABLE matches ADD CONSTRAINT ${r.constraints[i]} FOREIGN KEY (${c}) REFERENCES ${r.table}(${r.key})` +
            (r.onDelete === 'cascade' ? ' ON DELETE CASCADE' : ''),
        );
  }
}
