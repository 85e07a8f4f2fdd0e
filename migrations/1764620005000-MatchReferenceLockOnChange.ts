import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * MatchReferenceLocks took the references lock (shared) for every insert into `matches` and for every
 * update of it. An update that names no other row than before (a status, a score, a plan flag) has nothing
 * to check, and holding the lock for it made a delete of any starter or practice wait for every open
 * approval or withdrawal. Now an update takes it only when one of its rows names another starter, partner,
 * practice, region or weights version than before. The function's body is MatchReferenceLocks' with that
 * one statement made conditional (replaced in its stored source, which must match exactly).
 */
const LOCK = `PERFORM pg_advisory_xact_lock_shared(hashtext('praktijkmatch.match-references'));`;

const COLUMNS = ['starter_profile_id', 'partner_profile_id', 'practice_id', 'region_id', 'weights_version'];

const ON_CHANGE = `IF TG_OP = 'INSERT' THEN
            ${LOCK}
          ELSIF EXISTS (SELECT 1 FROM new_rows n LEFT JOIN old_rows o ON o.id = n.id
                         WHERE o.id IS NULL OR ${COLUMNS.map((c) => `n.${c} IS DISTINCT FROM o.${c}`).join(' OR ')}) THEN
            ${LOCK}
          END IF;`;

async function replaceInBody(q: QueryRunner, from: string, to: string): Promise<void> {
  const rows = (await q.query(
    `SELECT prosrc AS src FROM pg_proc WHERE oid = 'matches_check_references'::regproc`,
  )) as Array<{ src: string }>;
  const src = rows[0]?.src ?? '';
  if (src.split(from).length !== 2)
    throw new Error('matches_check_references is not the function this migration expects');
  await q.query(`
      CREATE OR REPLACE FUNCTION matches_check_references() RETURNS trigger LANGUAGE plpgsql
      AS $references$${src.replace(from, to)}$references$`);
}

export class MatchReferenceLockOnChange1764620005000 implements MigrationInterface {
  name = 'MatchReferenceLockOnChange1764620005000';

  async up(q: QueryRunner): Promise<void> {
    await replaceInBody(q, LOCK, ON_CHANGE);
  }

  async down(q: QueryRunner): Promise<void> {
    await replaceInBody(q, ON_CHANGE, LOCK);
  }
}
