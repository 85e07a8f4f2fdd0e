#!/usr/bin/env node
'use strict';
/**
 * Derives the shipped place data in data/places/ from the public 4pp table (../shared/data/nl-pc4).
 *
 *   node scripts/derive-places.js [path/to/4pp.csv]
 *
 * Writes pc4-places.csv, region-seed.json, krimp-seed.json and a verbatim copy of the source LICENSE.
 * Plain CommonJS without dependencies so it runs on a bare Node install (no ts-node in this project).
 * Deterministic: running it twice on the same input writes byte-identical files.
 */
const fs = require('node:fs');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..');
const DEFAULT_SOURCE = path.resolve(REPO_ROOT, '../shared/data/nl-pc4/4pp.csv');
const OUT_DIR = path.join(REPO_ROOT, 'data', 'places');

// PO-box-only (Postbus) and unknown (Onbekend) postcodes are not places where a home or a practice can be.
const ADDRESS_KINDS = new Set(['Adres', 'Adres + Postbus']);

// Known faults in the 2014 table, fixed here so that they do not put a home or practice in the wrong place,
// municipality, province or krimpregio. Each was found by comparing a row with its PC4 neighbours and its
// municipality's other rows; coordinates are the village centre (Wikipedia), close enough to a centroid.
// Other rows are taken as they are: the table's own spelling and its pre-merger municipalities.
const CORRECTIONS = {
  // gemeente empty; every neighbouring PC4 belongs to this municipality.
  4264: { municipality: 'Aalburg' }, // Veen, now part of Altena
  5325: { municipality: 'Maasdriel' }, // Well (Gelderland)
  // Geocoded into the Noord-Holland side of the Haarlemmermeer, some 20 km from the village.
  2450: { latitude: '52.2244', longitude: '4.6739' }, // Leimuiden
  // Afferden (Limburg) was geocoded into Flevoland, province included, about 100 km away.
  5851: { province: 'Limburg', latitude: '51.6344', longitude: '6.0128' },
  // The municipality Ten Boer appears as "Glas", and 9790/9791 were geocoded into Drenthe.
  9790: { place: 'Ten Boer', municipality: 'Ten Boer', latitude: '53.2770', longitude: '6.6943' },
  9791: { place: 'Ten Boer', municipality: 'Ten Boer', latitude: '53.2770', longitude: '6.6943' },
  ...Object.fromEntries(
    [9792, 9793, 9794, 9795, 9796, 9797, 9798].map((pc4) => [pc4, { municipality: 'Ten Boer' }]),
  ),
  // Namesakes confused: the centroids are the Westerkwartier villages, the municipalities were not.
  9822: { municipality: 'Grootegast' }, // Niekerk (not the one in De Marne)
  9828: { municipality: 'Leek' }, // Oostwold (not the one in Oldambt, which is 9682)
  4353: { municipality: 'Veere' }, // Serooskerke on Walcheren (not the one on Schouwen)
};

// Seed regions, one per province; codes are the API contract's (DESIGN.md, "API contract / Places").
const PROVINCES = [
  { code: 'groningen', name: 'Groningen', spellings: ['Groningen'] },
  { code: 'friesland', name: 'Friesland', spellings: ['Friesland', 'Fryslân', 'Fryslan'] },
  { code: 'drenthe', name: 'Drenthe', spellings: ['Drenthe'] },
  { code: 'overijssel', name: 'Overijssel', spellings: ['Overijssel'] },
  { code: 'flevoland', name: 'Flevoland', spellings: ['Flevoland'] },
  { code: 'gelderland', name: 'Gelderland', spellings: ['Gelderland'] },
  { code: 'utrecht', name: 'Utrecht', spellings: ['Utrecht'] },
  { code: 'noord-holland', name: 'Noord-Holland', spellings: ['Noord-Holland'] },
  { code: 'zuid-holland', name: 'Zuid-Holland', spellings: ['Zuid-Holland'] },
  { code: 'zeeland', name: 'Zeeland', spellings: ['Zeeland'] },
  { code: 'noord-brabant', name: 'Noord-Brabant', spellings: ['Noord-Brabant'] },
  { code: 'limburg', name: 'Limburg', spellings: ['Limburg'] },
];

// The national government's krimpregio's (programma Bevolkingsdaling, BZK), plus the anticipeerregio
// Kop van Noord-Holland that DESIGN.md names. Municipality names as spelled in the 2014 table, i.e. before
// later mergers (Eemsdelta, Het Hogeland, Hollands Kroon, Eijsden-Margraten, Beekdaelen ...).
const KRIMP_REGIONS = [
  { label: 'Eemsdelta', municipalities: ['Appingedam', 'Delfzijl', 'Loppersum'] },
  { label: 'Het Hogeland (Noord-Groningen)', municipalities: ['Bedum', 'De Marne', 'Eemsmond', 'Winsum'] },
  {
    label: 'Oost-Groningen',
    municipalities: [
      'Bellingwedde',
      'Menterwolde',
      'Oldambt',
      'Pekela',
      'Stadskanaal',
      'Veendam',
      'Vlagtwedde',
    ],
  },
  {
    label: 'Noordoost-Fryslân',
    municipalities: [
      'Achtkarspelen',
      'Dantumadiel',
      'Dongeradeel',
      'Ferwerderadiel',
      'Kollumerland en Nieuwkruisland',
      'Tytsjerksteradiel',
    ],
  },
  {
    label: 'Achterhoek',
    municipalities: [
      'Aalten',
      'Berkelland',
      'Bronckhorst',
      'Doetinchem',
      'Montferland',
      'Oost Gelre',
      'Oude IJsselstreek',
      'Winterswijk',
    ],
  },
  {
    label: 'Kop van Noord-Holland (anticipeerregio)',
    municipalities: [
      'Den Helder',
      'Texel',
      'Anna Paulowna',
      'Wieringen',
      'Wieringermeer',
      'Niedorp',
      'Schagen',
      'Zijpe',
      'Harenkarspel',
    ],
  },
  { label: 'Zeeuws-Vlaanderen', municipalities: ['Hulst', 'Sluis', 'Terneuzen'] },
  {
    label: 'Parkstad Limburg',
    municipalities: [
      'Brunssum',
      'Heerlen',
      'Kerkrade',
      'Landgraaf',
      'Nuth',
      'Onderbanken',
      'Simpelveld',
      'Voerendaal',
    ],
  },
  { label: 'Westelijke Mijnstreek', municipalities: ['Beek', 'Schinnen', 'Sittard-Geleen', 'Stein'] },
  {
    label: 'Maastricht-Heuvelland',
    municipalities: [
      'Maastricht',
      'Eijsden',
      'Margraten',
      'Gulpen-Wittem',
      'Meerssen',
      'Vaals',
      'Valkenburg aan de Geul',
    ],
  },
];

/** RFC 4180 parser: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text) {
  const records = [];
  let record = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else {
      field += c;
    }
  }
  if (quoted) throw new Error('CSV ends inside a quoted field');
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  // A trailing newline or blank line yields a single empty field: not a record.
  return records.filter((r) => !(r.length === 1 && r[0] === ''));
}

function csvField(value) {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function fail(message) {
  throw new Error(`derive-places: ${message}`);
}

function readSource(file) {
  const [header, ...body] = parseCsv(fs.readFileSync(file, 'utf8'));
  const expected = [
    'id',
    'postcode',
    'woonplaats',
    'alternatieve_schrijfwijzen',
    'gemeente',
    'provincie',
    'netnummer',
    'latitude',
    'longitude',
    'soort',
  ];
  if (header.join(',') !== expected.join(',')) fail(`unexpected header: ${header.join(',')}`);
  const col = Object.fromEntries(expected.map((name, index) => [name, index]));
  const provinceByName = new Map(PROVINCES.flatMap((p) => p.spellings.map((s) => [s.toLowerCase(), p])));
  const seen = new Set();

  const rows = body.map((r, index) => {
    const line = index + 2;
    if (r.length !== expected.length) fail(`line ${line}: ${r.length} fields, expected ${expected.length}`);
    const postcode = r[col.postcode].trim();
    if (!/^[1-9][0-9]{3}$/.test(postcode)) fail(`line ${line}: bad postcode ${postcode}`);
    if (seen.has(postcode)) fail(`line ${line}: duplicate postcode ${postcode}`);
    seen.add(postcode);
    const soort = r[col.soort].trim();
    if (!['Adres', 'Adres + Postbus', 'Postbus', 'Onbekend'].includes(soort))
      fail(`line ${line}: soort ${soort}`);
    const fix = CORRECTIONS[postcode] || {};
    const provinceName = fix.province || r[col.provincie].trim();
    const province = provinceByName.get(provinceName.toLowerCase());
    if (!province) fail(`line ${line}: unknown province ${provinceName}`);
    const latitude = fix.latitude || r[col.latitude].trim();
    const longitude = fix.longitude || r[col.longitude].trim();
    // Sanity box around the Netherlands: a swapped or missing coordinate would silently skew distances.
    if (!(Number(latitude) > 50.5 && Number(latitude) < 53.8)) fail(`line ${line}: latitude ${latitude}`);
    if (!(Number(longitude) > 3.2 && Number(longitude) < 7.3)) fail(`line ${line}: longitude ${longitude}`);
    return {
      postcode,
      pc4: Number(postcode),
      place: fix.place || r[col.woonplaats].trim(),
      municipality: fix.municipality || r[col.gemeente].trim(),
      province,
      latitude,
      longitude,
      isAddress: ADDRESS_KINDS.has(soort),
    };
  });
  const unused = Object.keys(CORRECTIONS).filter((pc4) => !seen.has(pc4));
  if (unused.length > 0) fail(`corrections for postcodes not in the table: ${unused.join(', ')}`);
  return rows.sort((a, b) => a.pc4 - b.pc4);
}

/**
 * Contiguous runs of rows (in PC4 order) for which `member` holds. Numbers missing from the table do not
 * break a run: they are bridged, so a region's ranges stay few and readable. Any row outside the set does.
 */
function runs(rows, member) {
  const result = [];
  let open = null;
  for (const row of rows) {
    if (member(row)) {
      if (open) open[1] = row.pc4;
      else open = [row.pc4, row.pc4];
    } else if (open) {
      result.push(open);
      open = null;
    }
  }
  if (open) result.push(open);
  return result;
}

function derive(rows) {
  const places = rows.filter((r) => r.isAddress);
  for (const p of places) {
    if (!p.place) fail(`${p.postcode}: no place name`);
    if (!p.municipality) fail(`${p.postcode}: no municipality (add it to CORRECTIONS)`);
  }

  const regions = PROVINCES.map((p) => ({
    code: p.code,
    name: p.name,
    ranges: runs(rows, (r) => r.province.code === p.code),
  }));
  for (const p of places) {
    const hits = regions.flatMap((g) => g.ranges.filter(([from, to]) => p.pc4 >= from && p.pc4 <= to));
    if (hits.length !== 1) fail(`${p.postcode} lies in ${hits.length} seed ranges`);
  }

  const municipalities = new Set(rows.map((r) => r.municipality));
  const krimp = KRIMP_REGIONS.flatMap((k) => {
    const missing = k.municipalities.filter((m) => !municipalities.has(m));
    if (missing.length > 0) fail(`${k.label}: municipalities not in the table: ${missing.join(', ')}`);
    const set = new Set(k.municipalities);
    return runs(rows, (r) => set.has(r.municipality)).map(([from, to]) => ({ label: k.label, from, to }));
  });

  return { places, regions, krimp };
}

function write(file, content) {
  fs.writeFileSync(path.join(OUT_DIR, file), content);
}

function main() {
  const source = process.argv[2] ? path.resolve(process.argv[2]) : DEFAULT_SOURCE;
  const { places, regions, krimp } = derive(readSource(source));
  fs.mkdirSync(OUT_DIR, { recursive: true });

  const header = 'postcode,place,municipality,province,latitude,longitude';
  const lines = places.map((p) =>
    [p.postcode, p.place, p.municipality, p.province.name, p.latitude, p.longitude].map(csvField).join(','),
  );
  write('pc4-places.csv', [header, ...lines].join('\n') + '\n');
  // One range per line keeps the JSON diff-friendly when the seed is regenerated.
  const regionJson = regions.map(
    (g) =>
      `  {"code": ${JSON.stringify(g.code)}, "name": ${JSON.stringify(g.name)}, "ranges": [\n` +
      g.ranges.map(([from, to]) => `    [${from}, ${to}]`).join(',\n') +
      '\n  ]}',
  );
  write('region-seed.json', `[\n${regionJson.join(',\n')}\n]\n`);
  write('krimp-seed.json', `[\n${krimp.map((k) => `  ${JSON.stringify(k)}`).join(',\n')}\n]\n`);
  // The MIT licence asks that its notice travel with substantial portions of the data.
  // Read and write rather than copy, so a read-only source does not leave a read-only file behind.
  write('LICENSE', fs.readFileSync(path.join(path.dirname(source), 'LICENSE')));

  const rangeCount = regions.reduce((n, g) => n + g.ranges.length, 0);
  process.stdout.write(
    `derive-places: ${places.length} places, ${regions.length} regions with ${rangeCount} ranges, ` +
      `${krimp.length} krimp ranges -> ${path.relative(process.cwd(), OUT_DIR) || '.'}\n`,
  );
}

main();
