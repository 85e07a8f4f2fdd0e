import { seededRandom } from '../src/modules/matching/scoring/scoring.fixtures';
import { patientsPerSuccessor } from '../src/modules/matching/scoring';
import {
  currentMatchingSettings,
  currentWeights,
  loadPractices,
  loadStarters,
} from '../src/modules/matching/matching-data';
import { SuggestionEngine } from '../src/modules/matching/suggestion-engine';
import { newPractice, newStarter, rescoringSuite } from './support/matching-factories';

const TODAY = '2026-11-22';
const POSTCODES = [
  '9401',
  '9402',
  '9403',
  '9405',
  '9407',
  '9409',
  '9411',
  '9413',
  '9415',
  '9421',
  '9431',
  '9441',
];

interface Snapshot {
  /** starter/practice of every worker-made pair suggestion. */
  pairs: Set<string>;
  /** Practices with at least one suggested pair. */
  served: Set<string>;
  patients: number;
  tenths: number;
}

/**
 * The incremental path against the full one, on random small instances in the database: after one
 * profile's rescoring the stored suggestions hold every candidate the full rescoring would keep (each
 * starter's best N, each practice's best M per seat) and every practice some starter passes has one; the
 * plan over them is compared with the full rescoring's, which is the plan over every passing pair.
 */
describe('matching: a profile rescoring keeps the candidate rule of the full one', () => {
  const suite = rescoringSuite();
  // The settings are kept between suites (like the weights): the versions added here go again.
  afterEach(() => suite.api.dataSource.query(`DELETE FROM matching_settings WHERE version > 1`));

  async function snapshot(): Promise<Snapshot> {
    const rows = await suite.api.dataSource.query<
      Array<{ s: string; p: string; score: number; inPlan: boolean; listSize: number; days: number }>
    >(
      `SELECT m.starter_profile_id AS s, m.practice_id AS p, m.score::float8 AS score, m.in_regional_plan AS "inPlan",
              pr.list_size AS "listSize", pr.days_per_week_needed::float8 AS days
         FROM matches m JOIN practices pr ON pr.id = m.practice_id
        WHERE m.status = 'suggested' AND m.kind = 'pair' AND m.origin = 'worker'`,
    );
    const plan = rows.filter((r) => r.inPlan);
    return {
      pairs: new Set(rows.map((r) => `${r.s}/${r.p}`)),
      served: new Set(rows.map((r) => r.p)),
      patients: plan.reduce(
        (n, r) => n + Math.round(patientsPerSuccessor({ listSize: r.listSize, daysPerWeekNeeded: r.days })),
        0,
      ),
      tenths: plan.reduce((n, r) => n + Math.round(r.score * 10), 0),
    };
  }

  /**
   * The plan over every passing pair, solved here independently of the worker's memory: every active
   * starter scored against every published practice, each region solved from scratch (the full
   * rescoring's own code path, without writing), summed over the regions.
   */
  async function freshPlan(): Promise<{ patients: number; tenths: number }> {
    const m = suite.api.dataSource.manager;
    const [weights, limits, starters, practices] = await Promise.all([
      currentWeights(m),
      currentMatchingSettings(m),
      loadStarters(m),
      loadPractices(m),
    ]);
    const engine = new SuggestionEngine(starters, practices, weights.weights, [], [], limits);
    engine.prepare({ plan: true });
    let patients = 0;
    let tenths = 0;
    for (const stats of engine.planStats.values()) {
      patients += stats.patients;
      tenths += stats.scoreTenths;
    }
    return { patients, tenths };
  }

  it.each([
    { n: 10, m: 3, seed: 77 },
    // Each starter's best one and each practice's best one per seat: most passing pairs are not stored,
    // so a plan over the stored suggestions alone would often fall short of the plan over every pair.
    { n: 1, m: 1, seed: 78 },
  ])(
    'with N = $n and M = $m: holds every candidate of the full rescoring after each random change, and a plan equal to a fresh solve over every passing pair',
    async ({ n, m, seed }) => {
      await suite.api.dataSource.query(
        `INSERT INTO matching_settings (starter_best, practice_best_per_seat) VALUES ($1, $2)`,
        [n, m],
      );
      const rand = seededRandom(seed);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
      const practices: string[] = [];
      for (const postcode of POSTCODES) {
        practices.push(
          await newPractice(suite.api, {
            postcode,
            list_size: 1200 + Math.floor(rand() * 2400),
            days_per_week_needed: pick([3, 4, 4, 5, 8]),
            anw_hours_per_month: Math.floor(rand() * 30),
            practice_form: pick(['solo', 'duo', 'group']),
          }),
        );
      }
      const starters: string[] = [];
      for (let i = 0; i < 24; i++) {
        starters.push(
          await newStarter(suite.api, {
            home_postcode: pick(POSTCODES),
            max_travel_km: 5 + Math.floor(rand() * 40),
            days_per_week_min: 2 + Math.floor(rand() * 3),
            days_per_week_max: 5,
            anw_hours_per_month_max: pick([null, 10, 20]),
          }),
        );
      }
      await suite.rescoring.rescoreAll(TODAY);
      let chained = 0;
      let practiceChanges = 0;
      let cold = 0;
      for (let step = 0; step < 18; step++) {
        if (step % 6 === 5) {
          // Another process rescored meanwhile (its token): this worker's pairs are unknown, built again.
          await suite.api.dataSource.query(`UPDATE rescoring_generation SET token = gen_random_uuid()`);
          cold++;
        }
        if (step % 4 === 3) {
          // A practice changes its size and days: every starter within its reach is rescored.
          const id = pick(practices);
          await suite.api.dataSource.query(
            `UPDATE practices SET list_size = $2, days_per_week_needed = $3 WHERE id = $1`,
            [id, 1200 + Math.floor(rand() * 2400), pick([3, 4, 5, 8, 10])],
          );
          await suite.rescoring.rescorePractice(id, TODAY);
          practiceChanges++;
        } else {
          const id = pick(starters);
          await suite.api.dataSource.query(
            `UPDATE starter_profiles SET max_travel_km = $2, days_per_week_min = $3, anw_hours_per_month_max = $4,
                  active = $5
            WHERE id = $1`,
            [
              id,
              5 + Math.floor(rand() * 40),
              2 + Math.floor(rand() * 3),
              pick([null, 5, 10, 20]),
              rand() > 0.1,
            ],
          );
          await suite.rescoring.rescoreStarter(id, TODAY);
        }
        const incremental = await snapshot();
        // The plan stored after the change has the patients and fit of a fresh solve over every passing pair.
        const fresh = await freshPlan();
        expect({ step, patients: incremental.patients, tenths: incremental.tenths }).toEqual({
          step,
          ...fresh,
        });
        chained++;
        if (step % 3 === 2) {
          // And nothing a full rescoring keeps as a candidate was missing.
          await suite.rescoring.rescoreAll(TODAY);
          const full = await snapshot();
          expect([...full.pairs].filter((k) => !incremental.pairs.has(k))).toEqual([]);
          expect([...full.served].filter((p) => !incremental.served.has(p))).toEqual([]);
          expect({ patients: full.patients, tenths: full.tenths }).toEqual(fresh);
        }
      }
      expect({ chained, practiceChanges, cold }).toEqual({ chained: 18, practiceChanges: 4, cold: 3 });
    },
  );
});
