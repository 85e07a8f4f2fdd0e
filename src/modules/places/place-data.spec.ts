import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isValidPc4Format } from './geo';

/** Checks on the data files that ship in data/places and that the Places migration loads. */

interface SeedRegion {
  code: string;
  name: string;
  ranges: Array<[number, number]>;
}

interface KrimpRange {
  label: string;
  from: number;
  to: number;
}

interface PlaceRow {
  postcode: string;
  place: string;
  municipality: string;
  province: string;
  latitude: number;
  longitude: number;
}

const dataDir = join(__dirname, '../../../data/places');
const read = (file: string): string => readFileSync(join(dataDir, file), 'utf8');

/** Minimal RFC 4180 reader (quoted fields, doubled quotes); enough for the one file we write ourselves. */
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
    } else if (c === '\n') {
      records.push([...record, field]);
      record = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || record.length > 0) records.push([...record, field]);
  return records;
}

const [header, ...body] = parseCsv(read('pc4-places.csv'));
const places: PlaceRow[] = body.map(([postcode, place, municipality, province, latitude, longitude]) => ({
  postcode,
  place,
  municipality,
  province,
  latitude: Number(latitude),
  longitude: Number(longitude),
}));
const byPostcode = new Map(places.map((p) => [p.postcode, p]));
const regions = JSON.parse(read('region-seed.json')) as SeedRegion[];
const krimp = JSON.parse(read('krimp-seed.json')) as KrimpRange[];

function seedRegionsOf(pc4: number): string[] {
  return regions.filter((r) => r.ranges.some(([from, to]) => pc4 >= from && pc4 <= to)).map((r) => r.code);
}

describe('pc4-places.csv', () => {
  it('has the documented header and six fields on every row', () => {
    expect(header).toEqual(['postcode', 'place', 'municipality', 'province', 'latitude', 'longitude']);
    expect(body.every((r) => r.length === 6)).toBe(true);
  });

  it('holds the ~4,060 address postcodes, each once, in order, as four digits', () => {
    expect(places.length).toBeGreaterThan(4000);
    expect(places.length).toBeLessThan(4100);
    expect(byPostcode.size).toBe(places.length);
    expect(places.every((p) => isValidPc4Format(p.postcode))).toBe(true);
    const numbers = places.map((p) => Number(p.postcode));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
  });

  it('leaves out PO-box-only and unknown postcodes', () => {
    // Postbus in 4pp.csv: Amsterdam, Wieringerwerf, Noorden, Schiedam, Ermelo, Sint-Oedenrode, Zutphen, Bovensmilde.
    for (const postcode of ['1000', '1001', '1770', '2430', '3102', '3850', '5490', '7200', '9420']) {
      expect(byPostcode.has(postcode)).toBe(false);
    }
    // Onbekend in 4pp.csv.
    for (const postcode of ['1002', '1003', '7686']) expect(byPostcode.has(postcode)).toBe(false);
  });

  it('keeps address postcodes, including those that also have PO boxes', () => {
    expect(byPostcode.get('1012')).toMatchObject({ place: 'Amsterdam', province: 'Noord-Holland' });
    expect(byPostcode.get('9401')).toMatchObject({ place: 'Assen', province: 'Drenthe' });
    // "Adres + Postbus" in the source.
    expect(byPostcode.get('4264')).toMatchObject({ place: 'Veen', municipality: 'Aalburg' });
  });

  it('reads a quoted municipality with a comma as one field', () => {
    expect(byPostcode.get('5671')?.municipality).toBe('Nuenen, Gerwen en Nederwetten');
  });

  it('has a place, a municipality and a centroid inside the Netherlands for every row', () => {
    for (const p of places) {
      expect(p.place).not.toBe('');
      expect(p.municipality).not.toBe('');
      expect(p.latitude).toBeGreaterThan(50.7);
      expect(p.latitude).toBeLessThan(53.6);
      expect(p.longitude).toBeGreaterThan(3.3);
      expect(p.longitude).toBeLessThan(7.25);
    }
  });

  it('carries the corrections of known source faults', () => {
    expect(byPostcode.get('5851')).toMatchObject({ place: 'Afferden', province: 'Limburg' });
    expect(byPostcode.get('9791')).toMatchObject({ place: 'Ten Boer', municipality: 'Ten Boer' });
    expect(places.some((p) => p.municipality === 'Glas')).toBe(false);
  });
});

describe('region-seed.json', () => {
  it('has exactly the twelve province codes of the API contract', () => {
    expect(regions.map((r) => r.code).sort()).toEqual(
      [
        'groningen',
        'friesland',
        'drenthe',
        'overijssel',
        'flevoland',
        'gelderland',
        'utrecht',
        'noord-holland',
        'zuid-holland',
        'zeeland',
        'noord-brabant',
        'limburg',
      ].sort(),
    );
  });

  it('has well-formed ranges that do not overlap', () => {
    const all = regions.flatMap((r) => r.ranges).sort((a, b) => a[0] - b[0]);
    for (const [from, to] of all) {
      expect(Number.isInteger(from) && Number.isInteger(to)).toBe(true);
      expect(from).toBeGreaterThanOrEqual(1000);
      expect(to).toBeLessThanOrEqual(9999);
      expect(from).toBeLessThanOrEqual(to);
    }
    for (let i = 1; i < all.length; i++) expect(all[i][0]).toBeGreaterThan(all[i - 1][1]);
  });

  it('puts every address PC4 in exactly one seed range, that of its own province', () => {
    const nameByCode = new Map(regions.map((r) => [r.code, r.name]));
    const misplaced = places
      .map((p) => ({ p, codes: seedRegionsOf(Number(p.postcode)) }))
      .filter(({ p, codes }) => codes.length !== 1 || nameByCode.get(codes[0]) !== p.province);
    expect(misplaced).toEqual([]);
  });

  it('maps well-known postcodes to their province', () => {
    expect(seedRegionsOf(9401)).toEqual(['drenthe']);
    expect(seedRegionsOf(1012)).toEqual(['noord-holland']);
    expect(seedRegionsOf(8911)).toEqual(['friesland']);
    expect(seedRegionsOf(6211)).toEqual(['limburg']);
  });
});

describe('krimp-seed.json', () => {
  it('has labelled, well-formed ranges that cover known krimp places and not the Randstad', () => {
    for (const k of krimp) {
      expect(k.label).not.toBe('');
      expect(k.from).toBeGreaterThanOrEqual(1000);
      expect(k.to).toBeLessThanOrEqual(9999);
      expect(k.from).toBeLessThanOrEqual(k.to);
    }
    const isKrimp = (pc4: number): boolean => krimp.some((k) => pc4 >= k.from && pc4 <= k.to);
    // Delfzijl, Winschoten, Heerlen, Terneuzen, Winterswijk, Den Helder.
    for (const pc4 of [9934, 9671, 6411, 4531, 7101, 1781]) expect(isKrimp(pc4)).toBe(true);
    // Amsterdam, Rotterdam, Utrecht, Groningen city, Assen.
    for (const pc4 of [1012, 3011, 3511, 9711, 9401]) expect(isKrimp(pc4)).toBe(false);
  });
});
