import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Places (PC4 centroids), regions with their PC4 ranges, krimp ranges, and the two lookup functions.
 * Loads the seed from data/places/ (derived by scripts/derive-places.js, MIT notice in data/places/LICENSE).
 *
 * Nothing in this file is exported but the class: TypeORM treats every exported function of a migration
 * file as a migration.
 */

// Postgres allows 65,535 bind parameters per statement; 500 rows stay far below that for every table here.
const BATCH_ROWS = 500;
const PLACES_CSV = join('data', 'places', 'pc4-places.csv');

// Public one-line descriptions for the seed regions; promotion text is left to each region's coordinators.
const REGION_DESCRIPTIONS: Record<string, string> = {
  groningen: 'De stad Groningen en de Ommelanden, met een weids platteland tot aan het Wad en de Dollard.',
  friesland: 'Friesland: meren, weilanden en Waddeneilanden, met Leeuwarden, Sneek, Drachten en Heerenveen.',
  drenthe: 'Drenthe: ruimte, bossen en esdorpen, met Assen, Emmen en Hoogeveen als grootste plaatsen.',
  overijssel:
    'Overijssel: van Zwolle en de Kop van Overijssel via Salland tot de steden en dorpen van Twente.',
  flevoland:
    'Flevoland: de jongste provincie, met groeiende steden als Almere en Lelystad en ruime polderdorpen.',
  gelderland: 'Gelderland: de Veluwe, de Betuwe en de Achterhoek, met Arnhem, Nijmegen en Apeldoorn.',
  utrecht:
    'Utrecht: de stad Utrecht en haar omgeving in het midden van het land, van de Heuvelrug tot het Groene Hart.',
  'noord-holland':
    'Noord-Holland: van Amsterdam en Haarlem tot West-Friesland, de Kop van Noord-Holland en Texel.',
  'zuid-holland':
    'Zuid-Holland: de steden van de zuidelijke Randstad, het Groene Hart en de Zuid-Hollandse eilanden.',
  zeeland:
    'Zeeland: eilanden en schiereilanden aan de Schelde, van Schouwen-Duiveland tot Zeeuws-Vlaanderen.',
  'noord-brabant':
    'Noord-Brabant: de Brabantse steden van Breda tot Eindhoven en het platteland van Kempen en Peel.',
  limburg: 'Limburg: van Noord-Limburg langs de Maas tot Parkstad en het Heuvelland in het zuiden.',
};

interface PlaceSeed {
  postcode: string;
  place: string;
  municipality: string;
  province: string;
  latitude: number;
  longitude: number;
}

interface RegionSeed {
  code: string;
  name: string;
  ranges: Array<[number, number]>;
}

interface KrimpSeed {
  label: string;
  from: number;
  to: number;
}

export class Places1763800000000 implements MigrationInterface {
  name = 'Places1763800000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Read and check the seed first, so a missing or broken data file fails before any DDL runs.
    const seed = readSeed();
    await createTables(queryRunner);
    await createFunctions(queryRunner);
    await loadSeed(queryRunner, seed);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION is_krimp_pc4(int)`);
    await queryRunner.query(`DROP FUNCTION region_for_pc4(int)`);
    await queryRunner.query(`DROP TABLE places`);
    await queryRunner.query(`DROP TABLE krimp_pc4_ranges`);
    await queryRunner.query(`DROP TABLE region_pc4_ranges`);
    await queryRunner.query(`DROP TABLE regions`);
  }
}

async function createTables(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`
    CREATE TABLE regions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      code text NOT NULL UNIQUE,
      name text NOT NULL,
      description text NOT NULL DEFAULT '',
      promotion text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  await queryRunner.query(`
    CREATE TABLE region_pc4_ranges (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      region_id uuid NOT NULL REFERENCES regions (id) ON DELETE CASCADE,
      pc4_from int NOT NULL,
      pc4_to int NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT region_pc4_ranges_pc4_check
        CHECK (pc4_from BETWEEN 1000 AND 9999 AND pc4_to BETWEEN 1000 AND 9999 AND pc4_from <= pc4_to)
    )`);
  await queryRunner.query(`CREATE INDEX region_pc4_ranges_pc4_idx ON region_pc4_ranges (pc4_from, pc4_to)`);
  // Listing or replacing one region's ranges, and the cascade on deleting a region, go through region_id.
  await queryRunner.query(`CREATE INDEX region_pc4_ranges_region_id_idx ON region_pc4_ranges (region_id)`);
  await queryRunner.query(`
    CREATE TABLE krimp_pc4_ranges (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      label text NOT NULL,
      pc4_from int NOT NULL,
      pc4_to int NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT krimp_pc4_ranges_pc4_check
        CHECK (pc4_from BETWEEN 1000 AND 9999 AND pc4_to BETWEEN 1000 AND 9999 AND pc4_from <= pc4_to)
    )`);
  await queryRunner.query(`CREATE INDEX krimp_pc4_ranges_pc4_idx ON krimp_pc4_ranges (pc4_from, pc4_to)`);
  // pc4 duplicates postcode as a number so range joins need no cast; the checks keep the two in step.
  await queryRunner.query(`
    CREATE TABLE places (
      postcode char(4) PRIMARY KEY,
      pc4 int NOT NULL UNIQUE,
      place text NOT NULL,
      municipality text NOT NULL,
      province text NOT NULL,
      latitude double precision NOT NULL,
      longitude double precision NOT NULL,
      CONSTRAINT places_postcode_check CHECK (postcode ~ '^[1-9][0-9]{3}$' AND pc4 = postcode::int),
      CONSTRAINT places_coordinates_check CHECK (latitude BETWEEN -90 AND 90 AND longitude BETWEEN -180 AND 180)
    )`);
  await queryRunner.query(`CREATE INDEX places_latitude_longitude_idx ON places (latitude, longitude)`);
}

async function createFunctions(queryRunner: QueryRunner): Promise<void> {
  // The narrowest containing range wins, so an operator can carve a sub-region (say Kop van Noord-Holland)
  // out of a province by adding a region with smaller ranges, leaving the province's ranges alone.
  await queryRunner.query(`
    CREATE FUNCTION region_for_pc4(p int) RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
      SELECT rr.region_id
      FROM region_pc4_ranges rr
      JOIN regions r ON r.id = rr.region_id
      WHERE p BETWEEN rr.pc4_from AND rr.pc4_to
      ORDER BY rr.pc4_to - rr.pc4_from, r.code
      LIMIT 1
    $$`);
  await queryRunner.query(`
    CREATE FUNCTION is_krimp_pc4(p int) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
      SELECT EXISTS (SELECT 1 FROM krimp_pc4_ranges k WHERE p BETWEEN k.pc4_from AND k.pc4_to)
    $$`);
}

async function loadSeed(
  queryRunner: QueryRunner,
  seed: { places: PlaceSeed[]; regions: RegionSeed[]; krimp: KrimpSeed[] },
): Promise<void> {
  const regionRows = seed.regions.map((r) => [r.code, r.name, REGION_DESCRIPTIONS[r.code] ?? '']);
  const regionIds = (await queryRunner.query(
    `INSERT INTO regions (code, name, description) VALUES ${placeholders(regionRows.length, 3)} RETURNING id, code`,
    regionRows.flat(),
  )) as Array<{ id: string; code: string }>;
  const ranges = seed.regions.flatMap((r) => {
    const id = regionIds.find((inserted) => inserted.code === r.code)?.id;
    if (!id) throw new Error(`Places: region ${r.code} was not inserted`);
    return r.ranges.map(([from, to]) => [id, from, to]);
  });
  await insertBatches(queryRunner, 'region_pc4_ranges (region_id, pc4_from, pc4_to)', ranges, (r) => r);
  await insertBatches(queryRunner, 'krimp_pc4_ranges (label, pc4_from, pc4_to)', seed.krimp, (k) => [
    k.label,
    k.from,
    k.to,
  ]);
  await insertBatches(
    queryRunner,
    'places (postcode, pc4, place, municipality, province, latitude, longitude)',
    seed.places,
    (p) => [p.postcode, Number(p.postcode), p.place, p.municipality, p.province, p.latitude, p.longitude],
  );
}

/** `($1, $2), ($3, $4)` for a multi-row VALUES list. */
function placeholders(rows: number, columns: number): string {
  return Array.from({ length: rows }, (_, row) => {
    const cells = Array.from({ length: columns }, (_, col) => `$${row * columns + col + 1}`);
    return `(${cells.join(', ')})`;
  }).join(', ');
}

async function insertBatches<T>(
  queryRunner: QueryRunner,
  target: string,
  rows: T[],
  values: (row: T) => Array<string | number>,
): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH_ROWS) {
    const batch = rows.slice(i, i + BATCH_ROWS).map(values);
    await queryRunner.query(
      `INSERT INTO ${target} VALUES ${placeholders(batch.length, batch[0].length)}`,
      batch.flat(),
    );
  }
}

/**
 * The repository root: the first ancestor of this file's directory holding the place data. Works from
 * migrations/ (ts-jest, ts-node) and from dist/migrations/ (compiled) alike.
 */
function findRepoRoot(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, PLACES_CSV))) return dir;
    if (dirname(dir) === dir) throw new Error(`Places: ${PLACES_CSV} not found above ${__dirname}`);
  }
}

function readSeed(): { places: PlaceSeed[]; regions: RegionSeed[]; krimp: KrimpSeed[] } {
  const root = findRepoRoot();
  const read = (file: string): string => readFileSync(join(root, 'data', 'places', file), 'utf8');
  return {
    places: parsePlaces(read('pc4-places.csv')),
    regions: parseRegions(JSON.parse(read('region-seed.json')) as unknown),
    krimp: parseKrimp(JSON.parse(read('krimp-seed.json')) as unknown),
  };
}

function parsePlaces(text: string): PlaceSeed[] {
  const [header, ...rows] = parseCsv(text);
  if (header?.join(',') !== 'postcode,place,municipality,province,latitude,longitude') {
    throw new Error(`Places: unexpected pc4-places.csv header ${header?.join(',')}`);
  }
  return rows.map((fields, index) => {
    const [postcode, place, municipality, province, latitude, longitude] = fields;
    const row = {
      postcode,
      place,
      municipality,
      province,
      latitude: Number(latitude),
      longitude: Number(longitude),
    };
    if (fields.length !== 6 || !/^[1-9][0-9]{3}$/.test(postcode) || !place || !municipality || !province) {
      throw new Error(`Places: bad pc4-places.csv line ${index + 2}: ${fields.join(',')}`);
    }
    if (!Number.isFinite(row.latitude) || !Number.isFinite(row.longitude)) {
      throw new Error(`Places: bad coordinates on pc4-places.csv line ${index + 2}`);
    }
    return row;
  });
}

/** RFC 4180: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      records.push([...record, field]);
      record = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || record.length > 0) records.push([...record, field]);
  return records.filter((r) => !(r.length === 1 && r[0] === ''));
}

const isPc4 = (n: unknown): n is number =>
  Number.isInteger(n) && (n as number) >= 1000 && (n as number) <= 9999;
const isRange = (r: unknown): r is [number, number] =>
  Array.isArray(r) && r.length === 2 && isPc4(r[0]) && isPc4(r[1]) && r[0] <= r[1];

function parseRegions(json: unknown): RegionSeed[] {
  if (!Array.isArray(json)) throw new Error('Places: region-seed.json is not an array');
  return json.map((r: unknown) => {
    const { code, name, ranges } = (r ?? {}) as Partial<Record<keyof RegionSeed, unknown>>;
    if (
      typeof code !== 'string' ||
      typeof name !== 'string' ||
      !Array.isArray(ranges) ||
      !ranges.every(isRange)
    ) {
      throw new Error(`Places: bad region in region-seed.json: ${JSON.stringify(r)}`);
    }
    return { code, name, ranges };
  });
}

function parseKrimp(json: unknown): KrimpSeed[] {
  if (!Array.isArray(json)) throw new Error('Places: krimp-seed.json is not an array');
  return json.map((k: unknown) => {
    const { label, from, to } = (k ?? {}) as Partial<Record<keyof KrimpSeed, unknown>>;
    if (typeof label !== 'string' || label === '' || !isRange([from, to])) {
      throw new Error(`Places: bad range in krimp-seed.json: ${JSON.stringify(k)}`);
    }
    return { label, from: from as number, to: to as number };
  });
}
