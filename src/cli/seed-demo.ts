import 'reflect-metadata';
import { Client } from 'pg';
import { loadEnvFile } from '../core/config/env';
import { hashPassword } from '../modules/auth/auth.service';

/**
 * `npm run seed:demo`: a believable demo on the database of DATABASE_URL (migrated first) — a few hundred
 * starters with active profiles and about 300 practices across the provinces, plus one account per role
 * with fixed credentials. Deterministic (seeded PRNG) and idempotent: accounts are keyed on their demo
 * emails, and a demo stopper who already has practices gets none added, so running it twice adds nothing.
 * It writes no jobs: the nightly rescoring (or an admin's POST /api/admin/rescore) scores the demo.
 */

export const DEMO_PASSWORD = 'demo-password-123';
const DOMAIN = 'demo.praktijkmatch.nl';
const STARTERS = 300;
const STOPPERS = 250;
/** Every fifth demo stopper runs two practices (a main and a branch practice): about 300 in all. */
const TWO_PRACTICES_EVERY = 5;
/** Normpraktijk: the list size of one full-time GP (LHV / NHG reference). */
const NORMPRAKTIJK = 2095;

type Rng = () => number;

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)];
const chance = (rng: Rng, p: number): boolean => rng() < p;
const between = (rng: Rng, lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));
const halfDays = (n: number): number => Math.round(n * 2) / 2;
const oneDecimal = (n: number): number => Math.round(n * 10) / 10;

function weighted<T>(rng: Rng, options: ReadonlyArray<readonly [T, number]>): T {
  const total = options.reduce((s, [, w]) => s + w, 0);
  let r = rng() * total;
  for (const [value, w] of options) {
    r -= w;
    if (r < 0) return value;
  }
  return options[options.length - 1][0];
}

/** ISO date `months` (may be fractional) after the first of next month, so dates stay in the future. */
function monthsAhead(today: Date, months: number): string {
  const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 1 + Math.floor(months), 1));
  d.setUTCDate(1 + Math.floor((months % 1) * 28));
  return d.toISOString().slice(0, 10);
}

const FIRST_NAMES = [
  'Anne',
  'Sanne',
  'Lotte',
  'Femke',
  'Eva',
  'Iris',
  'Noor',
  'Marloes',
  'Esther',
  'Karin',
  'Mirjam',
  'Ilse',
  'Joost',
  'Bram',
  'Thijs',
  'Ruben',
  'Daan',
  'Pieter',
  'Wouter',
  'Jeroen',
  'Maarten',
  'Sven',
  'Koen',
  'Gert',
  'Hanneke',
  'Willemijn',
  'Fatima',
  'Yasmina',
  'Mehmet',
  'Samir',
  'Priya',
  'Tom',
  'Jan',
  'Hendrik',
  'Geert',
] as const;
const LAST_NAMES = [
  'de Vries',
  'Jansen',
  'Bakker',
  'Visser',
  'Smit',
  'Meijer',
  'de Boer',
  'Mulder',
  'de Groot',
  'Bos',
  'Vos',
  'Peters',
  'Hendriks',
  'van Dijk',
  'Dekker',
  'Brouwer',
  'de Wit',
  'Dijkstra',
  'Kok',
  'Jacobs',
  'van der Veen',
  'Postma',
  'Hoekstra',
  'Kuipers',
  'Wolters',
  'Veenstra',
  'Huisman',
  'Boersma',
  'El Amrani',
  'Yilmaz',
] as const;
const HIS = [
  'Medicom',
  'Promedico ASP',
  'MicroHIS X',
  'CGM Huisarts',
  'Omnihis Scipio',
  'Bricks Huisarts',
] as const;

interface PlaceRow {
  postcode: string;
  place: string;
  region_id: string;
  krimp: boolean;
}

interface DemoUser {
  email: string;
  displayName: string;
  role: 'starter' | 'stopper' | 'coordinator' | 'admin';
}

export interface SeedSummary {
  usersCreated: number;
  profilesCreated: number;
  practicesCreated: number;
}

export async function seedDemo(databaseUrl: string, today = new Date()): Promise<SeedSummary> {
  const db = new Client({ connectionString: databaseUrl, application_name: 'praktijkmatch-seed-demo' });
  await db.connect();
  try {
    await db.query('BEGIN');
    // One seeder at a time: two concurrent runs would each see "no practices yet" for the same stopper.
    await db.query(`SELECT pg_advisory_xact_lock(hashtext('praktijkmatch-seed-demo'))`);
    const summary = await seed(db, today);
    await db.query('COMMIT');
    return summary;
  } catch (err) {
    await db.query('ROLLBACK');
    throw err;
  } finally {
    await db.end();
  }
}

async function seed(db: Client, today: Date): Promise<SeedSummary> {
  const rng = seededRng(20_95);
  const places = (
    await db.query<PlaceRow>(
      `SELECT postcode, place, region_for_pc4(pc4) AS region_id, is_krimp_pc4(pc4) AS krimp
         FROM places WHERE region_for_pc4(pc4) IS NOT NULL ORDER BY postcode`,
    )
  ).rows;
  if (places.length === 0) throw new Error('no places: run the migrations first (npm run migration:run)');
  const regions = new Map(
    (await db.query<{ id: string; code: string }>(`SELECT id, code FROM regions`)).rows.map((r) => [
      r.code,
      r.id,
    ]),
  );
  const hash = await hashPassword(DEMO_PASSWORD);
  const summary: SeedSummary = { usersCreated: 0, profilesCreated: 0, practicesCreated: 0 };

  const person = (): string => `${pick(rng, FIRST_NAMES)} ${pick(rng, LAST_NAMES)}`;
  const fixed: DemoUser[] = [
    { email: `starter@${DOMAIN}`, displayName: 'Demo Starter', role: 'starter' },
    { email: `stopper@${DOMAIN}`, displayName: 'Demo Stopper', role: 'stopper' },
    { email: `coordinator@${DOMAIN}`, displayName: 'Demo Coördinator', role: 'coordinator' },
    { email: `admin@${DOMAIN}`, displayName: 'Demo Admin', role: 'admin' },
  ];
  const starters: DemoUser[] = Array.from({ length: STARTERS }, (_, i) => ({
    email: `starter-${String(i + 1).padStart(3, '0')}@${DOMAIN}`,
    displayName: person(),
    role: 'starter',
  }));
  const stoppers: DemoUser[] = Array.from({ length: STOPPERS }, (_, i) => ({
    email: `stopper-${String(i + 1).padStart(3, '0')}@${DOMAIN}`,
    displayName: person(),
    role: 'stopper',
  }));

  const ids = new Map<string, string>();
  for (const user of [...fixed, ...starters, ...stoppers]) {
    const { id, created } = await upsertUser(db, user, hash);
    ids.set(user.email, id);
    if (created) summary.usersCreated += 1;
  }
  const coordinatorId = ids.get(`coordinator@${DOMAIN}`)!;
  for (const code of ['drenthe', 'groningen']) {
    await db.query(
      `INSERT INTO coordinator_regions (user_id, region_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [coordinatorId, regions.get(code)],
    );
  }

  const demoStarterHome = places.find((p) => p.postcode === '9401') ?? places[0];
  for (const user of [fixed[0], ...starters]) {
    const home = user === fixed[0] ? demoStarterHome : pick(rng, places);
    const profile = starterProfile(rng, home, [...regions.values()], today);
    if (await insertProfile(db, ids.get(user.email)!, profile)) summary.profilesCreated += 1;
  }

  const demoStopperHome = places.find((p) => p.postcode === '9411') ?? places[0];
  const owners: Array<[string, PlaceRow[]]> = [
    [ids.get(`stopper@${DOMAIN}`)!, [demoStopperHome, demoStopperHome]],
    ...stoppers.map((u, i): [string, PlaceRow[]] => {
      const main = pick(rng, places);
      return [ids.get(u.email)!, (i + 1) % TWO_PRACTICES_EVERY === 0 ? [main, pick(rng, places)] : [main]];
    }),
  ];
  for (const [index, [ownerId, homes]] of owners.entries()) {
    const practices = homes.map((home) => practice(rng, home, today));
    // The demo stopper shows both sides of the lifecycle: one listing on the board, one still a draft.
    if (index === 0) [practices[0].status, practices[1].status] = ['published', 'draft'];
    const has = await db.query(`SELECT 1 FROM practices WHERE owner_id = $1 LIMIT 1`, [ownerId]);
    if (has.rowCount) continue;
    for (const p of practices) {
      await insertPractice(db, ownerId, p);
      summary.practicesCreated += 1;
    }
  }
  return summary;
}

async function upsertUser(
  db: Client,
  user: DemoUser,
  hash: string,
): Promise<{ id: string; created: boolean }> {
  const inserted = await db.query<{ id: string }>(
    `INSERT INTO users (email, password_hash, display_name, role, locale, email_verified_at)
     VALUES ($1, $2, $3, $4, 'nl', now())
     ON CONFLICT ((lower(email))) DO NOTHING RETURNING id`,
    [user.email, hash, user.displayName, user.role],
  );
  if (inserted.rows[0]) return { id: inserted.rows[0].id, created: true };
  const existing = await db.query<{ id: string; role: string }>(
    `SELECT id, role FROM users WHERE lower(email) = $1`,
    [user.email],
  );
  if (existing.rows[0].role !== user.role) {
    throw new Error(`${user.email} exists with role ${existing.rows[0].role}, not ${user.role}`);
  }
  return { id: existing.rows[0].id, created: false };
}

type ProfileValues = Record<string, unknown>;

function starterProfile(rng: Rng, home: PlaceRow, regionIds: string[], today: Date): ProfileValues {
  const careerStage = weighted(rng, [
    ['aios', 40],
    ['hidha', 25],
    ['waarnemer', 25],
    ['gp', 10],
  ] as const);
  const min = halfDays(
    weighted(rng, [
      [2.5, 1],
      [3, 4],
      [3.5, 3],
      [4, 3],
      [4.5, 1],
    ] as const),
  );
  const max = Math.min(
    5,
    halfDays(
      min +
        weighted(rng, [
          [0, 2],
          [0.5, 3],
          [1, 4],
        ] as const),
    ),
  );
  const forms = weighted(rng, [
    [['duo', 'group'], 35],
    [['group', 'health_centre'], 20],
    [['duo'], 12],
    [['duo', 'group', 'health_centre'], 18],
    [['solo', 'duo'], 10],
    [['solo'], 5],
  ] as const);
  const roles = weighted(rng, [
    [['partner', 'employed_then_holder'], 35],
    [['employed', 'employed_then_holder'], 25],
    [['holder', 'partner'], 15],
    [['locum_then_holder', 'employed'], 15],
    [['holder'], 10],
  ] as const);
  const preferred = chance(rng, 0.35) ? [home.region_id, pick(rng, regionIds)] : [home.region_id];
  const duo = chance(rng, 0.55);
  return {
    careerStage,
    homePostcode: home.postcode,
    homeRegionId: home.region_id,
    maxTravelKm: weighted(rng, [
      [15, 2],
      [25, 4],
      [40, 4],
      [60, 2],
      [100, 1],
    ] as const),
    preferredRegionIds: [...new Set(preferred)],
    daysPerWeekMin: min,
    daysPerWeekMax: max,
    practiceForms: [...forms],
    roles: [...roles],
    availableFrom: monthsAhead(today, careerStage === 'aios' ? between(rng, 3, 14) : between(rng, 0, 24)),
    transitionMonthsWanted: weighted(rng, [
      [0, 2],
      [3, 3],
      [6, 4],
      [12, 2],
    ] as const),
    setting: weighted(rng, [
      ['any', 5],
      ['urban', 3],
      ['rural', 2],
    ] as const),
    dispensingOk: chance(rng, 0.15),
    anwHoursPerMonthMax: chance(rng, 0.2) ? null : between(rng, 2, 8) * 5,
    wantsTrainingPractice: chance(rng, careerStage === 'aios' ? 0.2 : 0.35),
    // Most trainees settle where they trained.
    trainingRegionId:
      careerStage === 'aios' || careerStage === 'hidha'
        ? chance(rng, 0.7)
          ? home.region_id
          : pick(rng, regionIds)
        : null,
    lookingForDuoPartner: duo,
    partnerNeedsWork: chance(rng, 0.6),
    about: aboutText(rng, careerStage, home.place, duo),
    alertsEnabled: chance(rng, 0.5),
    alertsMinScore: between(rng, 12, 16) * 5,
  };
}

function aboutText(rng: Rng, stage: string, place: string, duo: boolean): string {
  const opening: Record<string, string> = {
    aios: 'Laatstejaars aios',
    hidha: 'Hidha sinds twee jaar',
    waarnemer: 'Vaste waarnemer in de regio',
    gp: 'Praktijkhouder die wil verhuizen',
  };
  const wish = pick(rng, [
    'zoek een praktijk waar ik kan groeien naar het praktijkhouderschap.',
    'wil graag samen met een collega een praktijk overnemen.',
    'zoek een goed georganiseerde praktijk met POH-ondersteuning.',
    'hecht aan continuïteit van zorg en korte lijnen met de wijk.',
  ]);
  const extra = duo ? ' Ik zoek nog een duo-partner.' : '';
  return `${opening[stage]} uit de omgeving van ${place}; ${wish}${extra}`;
}

async function insertProfile(db: Client, userId: string, p: ProfileValues): Promise<boolean> {
  const res = await db.query(
    `INSERT INTO starter_profiles (user_id, career_stage, home_postcode, home_region_id, max_travel_km,
       preferred_region_ids, days_per_week_min, days_per_week_max, practice_forms, roles, available_from,
       transition_months_wanted, setting, dispensing_ok, anw_hours_per_month_max, wants_training_practice,
       training_region_id, looking_for_duo_partner, partner_needs_work, about, active, alerts_enabled,
       alerts_min_score)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, true, $21, $22)
     ON CONFLICT (user_id) DO NOTHING`,
    [
      userId,
      p.careerStage,
      p.homePostcode,
      p.homeRegionId,
      p.maxTravelKm,
      p.preferredRegionIds,
      p.daysPerWeekMin,
      p.daysPerWeekMax,
      p.practiceForms,
      p.roles,
      p.availableFrom,
      p.transitionMonthsWanted,
      p.setting,
      p.dispensingOk,
      p.anwHoursPerMonthMax,
      p.wantsTrainingPractice,
      p.trainingRegionId,
      p.lookingForDuoPartner,
      p.partnerNeedsWork,
      p.about,
      p.alertsEnabled,
      p.alertsMinScore,
    ],
  );
  return (res.rowCount ?? 0) > 0;
}

type PracticeValues = Record<string, unknown> & { status: string };

/** Mostly duo and group practices, list sizes around the normpraktijk per GP, handovers over five years. */
function practice(rng: Rng, home: PlaceRow, today: Date): PracticeValues {
  const form = weighted(rng, [
    ['solo', 20],
    ['duo', 40],
    ['group', 30],
    ['health_centre', 10],
  ] as const);
  const gpCount = { solo: 1, duo: 2, group: between(rng, 3, 6), health_centre: between(rng, 4, 8) }[form];
  const listSize = Math.max(600, Math.round(gpCount * NORMPRAKTIJK * (0.8 + rng() * 0.45)));
  const rural = home.krimp || chance(rng, 0.35);
  const fromMonths = rng() * 60;
  const successorRoles = {
    solo: weighted(rng, [
      [['holder'], 5],
      [['holder', 'employed_then_holder'], 3],
      [['locum_then_holder', 'holder'], 2],
    ] as const),
    duo: weighted(rng, [
      [['partner'], 4],
      [['partner', 'employed_then_holder'], 4],
      [['holder'], 1],
    ] as const),
    group: weighted(rng, [
      [['partner'], 3],
      [['partner', 'employed'], 4],
      [['employed_then_holder', 'partner'], 3],
    ] as const),
    health_centre: weighted(rng, [
      [['partner', 'employed'], 5],
      [['employed'], 2],
      [['partner'], 3],
    ] as const),
  }[form];
  const status = weighted(rng, [
    ['published', 78],
    ['draft', 10],
    ['in_talks', 7],
    ['withdrawn', 5],
  ] as const);
  const name = `${form === 'health_centre' ? 'Gezondheidscentrum' : 'Huisartsenpraktijk'} ${pick(rng, [
    'De Linde',
    'Het Anker',
    'De Brink',
    'Het Baken',
    'De Esch',
    'Centrum',
    'Oost',
    'Noord',
    'De Wiekslag',
    'Het Veld',
  ])} ${home.place}`;
  return {
    name,
    showNamePublicly: chance(rng, 0.3),
    postcode: home.postcode,
    regionId: home.region_id,
    place: home.place,
    krimp: home.krimp,
    address: `${pick(rng, ['Dorpsstraat', 'Kerkstraat', 'Stationsweg', 'Brink', 'Molenweg', 'Hoofdstraat'])} ${between(rng, 1, 140)}`,
    listSize: Math.min(20000, listSize),
    practiceForm: form,
    gpCount,
    daysPerWeekNeeded: halfDays(form === 'solo' ? 4.5 + rng() * 0.5 : 3.5 + rng() * 1.5),
    setting: rural ? 'rural' : 'urban',
    successorRoles: [...successorRoles],
    handoverFrom: monthsAhead(today, fromMonths),
    handoverTo: monthsAhead(today, fromMonths + between(rng, 3, 12)),
    transitionMonthsOffered: weighted(rng, [
      [0, 2],
      [3, 3],
      [6, 4],
      [12, 1],
    ] as const),
    dispensing: rural && chance(rng, 0.12),
    isTrainingPractice: chance(rng, 0.3),
    anwHoursPerMonth: between(rng, 2, 8) * 5,
    pohSomaticFte: oneDecimal(gpCount * (0.4 + rng() * 0.4)),
    pohMentalHealthFte: oneDecimal(gpCount * (0.2 + rng() * 0.3)),
    assistantsFte: oneDecimal(Math.min(20, gpCount * (1.2 + rng() * 0.8))),
    paOrNpFte: chance(rng, 0.25) ? oneDecimal(0.5 + rng()) : 0,
    building:
      form === 'health_centre'
        ? 'health_centre'
        : weighted(rng, [
            ['owned', 5],
            ['rented', 4],
          ] as const),
    his: pick(rng, HIS),
    description: practiceDescription(rng, form, home.place, rural, listSize, gpCount),
    status,
  };
}

function practiceDescription(
  rng: Rng,
  form: string,
  place: string,
  rural: boolean,
  list: number,
  gps: number,
): string {
  const kind: Record<string, string> = {
    solo: 'Solopraktijk',
    duo: 'Duopraktijk',
    group: `Groepspraktijk met ${gps} huisartsen`,
    health_centre: `Gezondheidscentrum met ${gps} huisartsen, fysiotherapie en apotheek`,
  };
  const normLoad =
    list / gps > NORMPRAKTIJK * 1.1
      ? 'een wat grotere praktijk per huisarts'
      : 'een normpraktijk per huisarts';
  const setting = rural ? `in het landelijke ${place}` : `in ${place}`;
  const extra = pick(rng, [
    'Een hecht team met ervaren assistentes en POH’s.',
    'Goede samenwerking in de HAGRO en met de wijkverpleging.',
    'Ruime, recent verbouwde praktijkruimte.',
    'Veel ouderenzorg en chronische zorg, goed gestructureerd.',
    'Jonge wijk met veel gezinnen.',
  ]);
  return `${kind[form]} ${setting}, ${normLoad}. ${extra} Inwerken en een overdrachtsperiode zijn bespreekbaar.`;
}

async function insertPractice(db: Client, ownerId: string, p: PracticeValues): Promise<void> {
  const published = p.status === 'published' || p.status === 'in_talks' || p.status === 'withdrawn';
  await db.query(
    `INSERT INTO practices (owner_id, name, show_name_publicly, postcode, region_id, place, krimp, address, list_size,
       practice_form, gp_count, days_per_week_needed, setting, successor_roles, handover_from, handover_to,
       transition_months_offered, dispensing, is_training_practice, anw_hours_per_month, poh_somatic_fte,
       poh_mental_health_fte, assistants_fte, pa_or_np_fte, building, his, description, status, published_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23,
       $24, $25, $26, $27, $28, CASE WHEN $29::boolean THEN now() ELSE NULL END)`,
    [
      ownerId,
      p.name,
      p.showNamePublicly,
      p.postcode,
      p.regionId,
      p.place,
      p.krimp,
      p.address,
      p.listSize,
      p.practiceForm,
      p.gpCount,
      p.daysPerWeekNeeded,
      p.setting,
      p.successorRoles,
      p.handoverFrom,
      p.handoverTo,
      p.transitionMonthsOffered,
      p.dispensing,
      p.isTrainingPractice,
      p.anwHoursPerMonth,
      p.pohSomaticFte,
      p.pohMentalHealthFte,
      p.assistantsFte,
      p.paOrNpFte,
      p.building,
      p.his,
      p.description,
      p.status,
      published,
    ],
  );
}

async function main(): Promise<void> {
  loadEnvFile();
  const url = process.env.DATABASE_URL;
  if (!url) {
    process.stderr.write('DATABASE_URL: missing\n');
    process.exit(1);
  }
  const summary = await seedDemo(url);
  const out = process.stdout;
  out.write(
    `demo seeded: ${summary.usersCreated} accounts, ${summary.profilesCreated} starter profiles, ` +
      `${summary.practicesCreated} practices created (0 everywhere means it was already there)\n\n`,
  );
  out.write(`Demo accounts (password for all: ${DEMO_PASSWORD}):\n`);
  out.write(`  starter      starter@${DOMAIN}      (active profile, home Assen)\n`);
  out.write(`  stopper      stopper@${DOMAIN}      (two practices in Beilen)\n`);
  out.write(`  coordinator  coordinator@${DOMAIN}  (regions drenthe, groningen)\n`);
  out.write(`  admin        admin@${DOMAIN}\n`);
  out.write(
    `  plus starter-001..${STARTERS}@${DOMAIN} and stopper-001..${STOPPERS}@${DOMAIN}, same password\n\n`,
  );
  out.write('Scores appear after the next rescoring: nightly, or POST /api/admin/rescore as admin.\n');
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`seed failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
