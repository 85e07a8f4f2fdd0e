import { DataSource, QueryRunner } from 'typeorm';
import { newPractice, newStarter, rescoringSuite } from './support/matching-factories';

const TODAY = '2026-11-22';

/** The error a statement fails with (or null), as PostgreSQL gave it. */
async function failure(run: Promise<unknown>): Promise<{ code?: string; message: string } | null> {
  try {
    await run;
    return null;
  } catch (err) {
    return err as { code?: string; message: string };
  }
}

/**
 * Migration MatchReferenceChecks: the references of `matches` to starter profiles, practices, regions and
 * weights versions are checked per statement (triggers) instead of by a foreign key per row, with the
 * foreign keys' guarantees: no match names a missing row; a deleted starter or practice takes its matches
 * along (ON DELETE CASCADE); a region or weights version a match names cannot be deleted, renumbered or
 * truncated (NO ACTION); and so when a delete races an insert.
 */
describe('the references of matches to starters, practices, regions and weights versions', () => {
  const suite = rescoringSuite();
  const ds = (): DataSource => suite.api.dataSource;
  const prefix = `test-references-${process.pid}-`;
  // truncateAll keeps the regions: the ones made here go after each test, with the matches naming them.
  afterEach(async () => {
    await ds().query(
      `DELETE FROM matches WHERE region_id IN (SELECT id FROM regions WHERE starts_with(code, $1))`,
      [prefix],
    );
    await ds().query(`DELETE FROM regions WHERE starts_with(code, $1)`, [prefix]);
  });

  /** A suggestion stored by a real rescoring, and a region of its own that nothing else refers to. */
  async function seed(): Promise<{ match: Record<string, string>; spareRegion: string }> {
    await newStarter(suite.api);
    await newPractice(suite.api);
    await suite.rescoring.rescoreAll(TODAY);
    const [match] = await ds().query<Array<Record<string, string>>>(
      `SELECT id, starter_profile_id, practice_id, region_id, weights_version FROM matches WHERE status = 'suggested'`,
    );
    expect(match).toBeDefined();
    const code = `${prefix}${Date.now().toString(36)}`;
    const [{ id }] = await ds().query<Array<{ id: string }>>(
      `INSERT INTO regions (code, name) VALUES ($1, 'Testregio') RETURNING id`,
      [code],
    );
    return { match, spareRegion: id };
  }

  /** Waits until backend `pid` waits on a lock (and fails the test if it never does). */
  async function waitUntilLocked(pid: number): Promise<void> {
    let waiting: string | null = null;
    for (let k = 0; k < 100 && waiting !== 'Lock'; k++) {
      await new Promise((r) => setTimeout(r, 20));
      [{ w: waiting }] = await ds().query<Array<{ w: string | null }>>(
        `SELECT wait_event_type AS w FROM pg_stat_activity WHERE pid = $1`,
        [pid],
      );
    }
    expect(waiting).toBe('Lock');
  }

  /** What backend `pid` waits on: the lock type of its ungranted lock (advisory, transactionid, ...). */
  async function awaitedLock(pid: number): Promise<string | null> {
    const [row] = await ds().query<Array<{ t: string }>>(
      `SELECT locktype AS t FROM pg_locks WHERE pid = $1 AND NOT granted`,
      [pid],
    );
    return row?.t ?? null;
  }

  /**
   * Two transactions racing: `first` runs in a transaction left open, `second` starts on another
   * connection and must wait on the first one's lock; then the first commits and the second's outcome is
   * returned (null: it succeeded) with the type of lock it waited on.
   */
  async function raceWith(
    first: (q: QueryRunner) => Promise<unknown>,
    second: (q: QueryRunner) => Promise<unknown>,
    isolation?: 'REPEATABLE READ',
  ): Promise<{ err: { code?: string; message: string } | null; waitedOn: string | null }> {
    return twoConnections(async (writer, other) => {
      await writer.startTransaction(isolation);
      await first(writer);
      const [{ pid }] = await other.query(`SELECT pg_backend_pid() AS pid`);
      const running = failure(second(other));
      await waitUntilLocked(pid);
      const waitedOn = await awaitedLock(pid);
      await writer.commitTransaction();
      return { err: await running, waitedOn };
    });
  }

  /** Runs `work` on two connections of their own; a transaction still open on either is rolled back. */
  async function twoConnections<T>(
    work: (first: QueryRunner, second: QueryRunner) => Promise<T>,
  ): Promise<T> {
    const first = ds().createQueryRunner();
    const second = ds().createQueryRunner();
    await first.connect();
    await second.connect();
    try {
      return await work(first, second);
    } finally {
      for (const q of [first, second]) if (q.isTransactionActive) await q.rollbackTransaction();
      await first.release();
      await second.release();
    }
  }

  /** A delete racing an open insert (raceWith): the delete's outcome. */
  const race = async (
    insert: (q: QueryRunner) => Promise<unknown>,
    remove: (q: QueryRunner) => Promise<unknown>,
  ): Promise<{ code?: string; message: string } | null> => (await raceWith(insert, remove)).err;

  /** Runs `work` in a transaction that is rolled back whatever happens: the checks leave nothing behind. */
  async function rolledBack(work: (q: QueryRunner) => Promise<void>): Promise<void> {
    const q = ds().createQueryRunner();
    await q.connect();
    await q.startTransaction();
    try {
      await work(q);
    } finally {
      await q.rollbackTransaction();
      await q.release();
    }
  }

  /** A settled match like `m` (so no unique live pair is in the way), with the references given. */
  const insertLike = (
    q: QueryRunner,
    m: Record<string, string>,
    refs: {
      regionId?: string;
      version?: number | string;
      starterId?: string;
      practiceId?: string;
      partnerId?: string;
    },
  ) =>
    q.query(
      `INSERT INTO matches (kind, starter_profile_id, partner_profile_id, practice_id, region_id, score,
                            weights_version, distance_km, breakdown, status)
       VALUES (CASE WHEN $5::uuid IS NULL THEN 'pair' ELSE 'duo' END, $1, $5, $2, $3, 50, $4, 1, '{}'::jsonb,
               'rejected')`,
      [
        refs.starterId ?? m.starter_profile_id,
        refs.practiceId ?? m.practice_id,
        refs.regionId ?? m.region_id,
        refs.version ?? m.weights_version,
        refs.partnerId ?? null,
      ],
    );
  const missing = '00000000-0000-4000-8000-00000000beef';

  it('refuses a match that names a missing starter, partner, practice, region or weights version', async () => {
    const { match } = await seed();
    const refused: Array<[Parameters<typeof insertLike>[2], string]> = [
      [{ regionId: missing }, 'matches_region_id_fkey'],
      [{ version: 987_654 }, 'matches_weights_version_fkey'],
      [{ starterId: missing }, 'matches_starter_profile_id_fkey'],
      [{ partnerId: missing }, 'matches_starter_profile_id_fkey'],
      [{ practiceId: missing }, 'matches_practice_id_fkey'],
    ];
    for (const [refs, constraint] of refused) {
      await rolledBack(async (q) => {
        const err = await failure(insertLike(q, match, refs));
        expect({ refs, code: err?.code }).toEqual({ refs, code: '23503' });
        expect(err?.message).toContain(constraint);
      });
    }
    // An update that changes a reference is checked; one that keeps them is not refused.
    for (const column of ['region_id', 'starter_profile_id', 'practice_id']) {
      await rolledBack(async (q) => {
        const err = await failure(
          q.query(`UPDATE matches SET ${column} = $2 WHERE id = $1`, [match.id, missing]),
        );
        expect({ column, code: err?.code }).toEqual({ column, code: '23503' });
      });
    }
    await ds().query(`UPDATE matches SET score = 51 WHERE id = $1`, [match.id]);
    // What exists is accepted, in one statement with other rows too.
    await rolledBack(async (q) => {
      await insertLike(q, match, {});
      const [{ n }] = await q.query(`SELECT count(*)::int AS n FROM matches`);
      expect(n).toBe(2);
    });
  });

  it('refuses to delete, renumber or truncate a region or weights version a match names', async () => {
    const { match, spareRegion } = await seed();
    await ds().query(`UPDATE matches SET region_id = $2 WHERE id = $1`, [match.id, spareRegion]);
    await rolledBack(async (q) => {
      const err = await failure(q.query(`DELETE FROM regions WHERE id = $1`, [spareRegion]));
      expect(err?.code).toBe('23503');
      expect(err?.message).toContain('matches_region_id_fkey');
    });
    await rolledBack(async (q) => {
      const err = await failure(
        q.query(`UPDATE regions SET id = gen_random_uuid() WHERE id = $1`, [spareRegion]),
      );
      expect(err?.code).toBe('23503');
    });
    await rolledBack(async (q) => {
      const err = await failure(
        q.query(`DELETE FROM scoring_weights WHERE version = $1`, [match.weights_version]),
      );
      expect(err?.code).toBe('23503');
      expect(err?.message).toContain('matches_weights_version_fkey');
    });
    await rolledBack(async (q) => {
      const err = await failure(q.query(`TRUNCATE scoring_weights`));
      expect(err?.code).toBe('23503');
    });
    // Truncated together with matches, it is allowed (as with a foreign key).
    await rolledBack(async (q) => {
      await q.query(`TRUNCATE matches, scoring_weights CASCADE`);
    });
    // A change that keeps the key, and a region no match names, are free to go.
    await ds().query(`UPDATE regions SET name = 'Testregio 2' WHERE id = $1`, [spareRegion]);
    await ds().query(`UPDATE matches SET region_id = $2 WHERE id = $1`, [match.id, match.region_id]);
    await ds().query(`DELETE FROM regions WHERE id = $1`, [spareRegion]);
    expect(await ds().query(`SELECT id FROM regions WHERE id = $1`, [spareRegion])).toEqual([]);
  });

  it('a delete that races an insert naming the region waits for it and then fails', async () => {
    const { match, spareRegion } = await seed();
    const err = await race(
      (q) => insertLike(q, match, { regionId: spareRegion }),
      (q) => q.query(`DELETE FROM regions WHERE id = $1`, [spareRegion]),
    );
    expect(err?.code).toBe('23503');
    const [{ n }] = await ds().query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM matches m WHERE NOT EXISTS (SELECT 1 FROM regions r WHERE r.id = m.region_id)`,
    );
    expect(n).toBe(0);
  });

  it('a deleted starter or practice takes the matches naming it along, as starter or as duo partner', async () => {
    const { match } = await seed();
    const other = await newStarter(suite.api, { home_postcode: '9403' });
    await ds().query(
      `INSERT INTO matches (kind, starter_profile_id, partner_profile_id, practice_id, region_id, score,
                            weights_version, distance_km, breakdown, status)
       VALUES ('duo', $1, $2, $3, $4, 50, $5, 1, '{}'::jsonb, 'rejected')`,
      [other, match.starter_profile_id, match.practice_id, match.region_id, match.weights_version],
    );
    const count = async (): Promise<number> =>
      (await ds().query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM matches`))[0].n;
    const before = await count();
    expect(before).toBeGreaterThanOrEqual(2);
    // The starter is the duo's partner and the suggestion's starter: both go, nothing else does.
    await ds().query(`DELETE FROM starter_profiles WHERE id = $1`, [match.starter_profile_id]);
    const named = await ds().query(
      `SELECT id FROM matches WHERE $1 IN (starter_profile_id, partner_profile_id)`,
      [match.starter_profile_id],
    );
    expect(named).toEqual([]);
    expect(await count()).toBe(before - 2);
    await ds().query(`DELETE FROM practices WHERE id = $1`, [match.practice_id]);
    expect(await ds().query(`SELECT id FROM matches WHERE practice_id = $1`, [match.practice_id])).toEqual(
      [],
    );
  });

  it('a starter deleted while an insert naming it is open waits for it, then takes the new match along', async () => {
    const { match } = await seed();
    const err = await race(
      (q) => insertLike(q, match, {}),
      (q) => q.query(`DELETE FROM starter_profiles WHERE id = $1`, [match.starter_profile_id]),
    );
    expect(err).toBeNull();
    expect(
      await ds().query(`SELECT id FROM matches WHERE starter_profile_id = $1`, [match.starter_profile_id]),
    ).toEqual([]);
  });

  it('a practice deleted while an insert naming it is open waits on the references lock, not on a row, then takes the match along', async () => {
    const { match } = await seed();
    const { err, waitedOn } = await raceWith(
      (q) => insertLike(q, match, {}),
      (q) => q.query(`DELETE FROM practices WHERE id = $1`, [match.practice_id]),
    );
    expect(err).toBeNull();
    // MatchReferenceLocks: the insert locked no practice row; the delete waited for its transaction.
    expect(waitedOn).toBe('advisory');
    expect(await ds().query(`SELECT id FROM matches WHERE practice_id = $1`, [match.practice_id])).toEqual(
      [],
    );
  });

  it('an insert while a delete of the practice it names is open waits for the delete, then fails', async () => {
    const { match } = await seed();
    const { err, waitedOn } = await raceWith(
      (q) => q.query(`DELETE FROM practices WHERE id = $1`, [match.practice_id]),
      (q) => insertLike(q, match, {}),
    );
    expect(waitedOn).toBe('advisory');
    expect(err?.code).toBe('23503');
    expect(err?.message).toContain('matches_practice_id_fkey');
    expect(await ds().query(`SELECT id FROM matches WHERE practice_id = $1`, [match.practice_id])).toEqual(
      [],
    );
  });

  it('renumbering a starter while an insert naming it is open waits for it, then fails', async () => {
    const { match } = await seed();
    const { err } = await raceWith(
      (q) => insertLike(q, match, {}),
      (q) =>
        q.query(`UPDATE starter_profiles SET id = gen_random_uuid() WHERE id = $1`, [
          match.starter_profile_id,
        ]),
    );
    expect(err?.code).toBe('23503');
    const [{ n }] = await ds().query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM matches m WHERE NOT EXISTS (SELECT 1 FROM starter_profiles s WHERE s.id = m.starter_profile_id)`,
    );
    expect(n).toBe(0);
  });

  it('an insert at REPEATABLE READ still locks the rows it names: a delete waits on the row, then takes the match along', async () => {
    const { match } = await seed();
    const { err, waitedOn } = await raceWith(
      (q) => insertLike(q, match, {}),
      (q) => q.query(`DELETE FROM practices WHERE id = $1`, [match.practice_id]),
      'REPEATABLE READ',
    );
    expect(err).toBeNull();
    expect(waitedOn).toBe('transactionid');
    expect(await ds().query(`SELECT id FROM matches WHERE practice_id = $1`, [match.practice_id])).toEqual(
      [],
    );
  });

  it('a match whose status changes names nothing new: a delete of another practice does not wait for it', async () => {
    const { match } = await seed();
    const other = await newPractice(suite.api, { postcode: '9401' });
    const third = await newPractice(suite.api, { postcode: '9402' });
    await twoConnections(async (writer, deleter) => {
      const [{ pid }] = await writer.query(`SELECT pg_backend_pid() AS pid`);
      const referencesLocks = async (): Promise<number> =>
        (
          await ds().query<Array<{ n: number }>>(
            `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND pid = $1`,
            [pid],
          )
        )[0].n;
      await writer.startTransaction();
      await writer.query(`UPDATE matches SET status = 'rejected' WHERE id = $1`, [match.id]);
      expect(await referencesLocks()).toBe(0);
      // Waiting on the references lock would fail this delete with 55P03 after 2 s.
      await deleter.startTransaction();
      await deleter.query(`SET LOCAL lock_timeout = '2s'`);
      expect(await failure(deleter.query(`DELETE FROM practices WHERE id = $1`, [other]))).toBeNull();
      await deleter.commitTransaction();
      // A statement that names another row does take it.
      await writer.query(`UPDATE matches SET practice_id = $2 WHERE id = $1`, [match.id, third]);
      expect(await referencesLocks()).toBe(1);
    });
  });
});
