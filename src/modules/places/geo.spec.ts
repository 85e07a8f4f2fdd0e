import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EARTH_RADIUS_KM, boundingBox, haversineKm, isValidPc4Format } from './geo';

interface Centroid {
  latitude: number;
  longitude: number;
}

const placesCsv = readFileSync(join(__dirname, '../../../data/places/pc4-places.csv'), 'utf8');

/** The shipped centroid of a PC4. Latitude and longitude are the last two columns and never quoted. */
function centroid(postcode: string): Centroid {
  const line = placesCsv.split('\n').find((l) => l.startsWith(`${postcode},`));
  if (!line) throw new Error(`PC4 ${postcode} not in pc4-places.csv`);
  const [latitude, longitude] = line.split(',').slice(-2).map(Number);
  return { latitude, longitude };
}

function distanceKm(a: Centroid, b: Centroid): number {
  return haversineKm(a.latitude, a.longitude, b.latitude, b.longitude);
}

/** The point `km` from (lat, lon) along `bearing` degrees on the same sphere haversineKm uses. */
function destination(lat: number, lon: number, bearing: number, km: number): Centroid {
  const rad = Math.PI / 180;
  const d = km / EARTH_RADIUS_KM;
  const phi1 = lat * rad;
  const theta = bearing * rad;
  const phi2 = Math.asin(Math.sin(phi1) * Math.cos(d) + Math.cos(phi1) * Math.sin(d) * Math.cos(theta));
  const lambda2 =
    lon * rad +
    Math.atan2(Math.sin(theta) * Math.sin(d) * Math.cos(phi1), Math.cos(d) - Math.sin(phi1) * Math.sin(phi2));
  return { latitude: phi2 / rad, longitude: lambda2 / rad };
}

describe('haversineKm', () => {
  it('puts Assen (9401) about 25 km from Groningen (9711)', () => {
    expect(distanceKm(centroid('9401'), centroid('9711'))).toBeGreaterThan(23);
    expect(distanceKm(centroid('9401'), centroid('9711'))).toBeLessThan(27);
  });

  it('puts Amsterdam (1012) about 57 km from Rotterdam (3011)', () => {
    expect(distanceKm(centroid('1012'), centroid('3011'))).toBeGreaterThan(55);
    expect(distanceKm(centroid('1012'), centroid('3011'))).toBeLessThan(59);
  });

  it('matches a textbook value: one degree of latitude is 111.2 km on the mean sphere', () => {
    expect(haversineKm(52, 5, 53, 5)).toBeCloseTo((Math.PI / 180) * EARTH_RADIUS_KM, 6);
  });

  it('is zero for the same point', () => {
    expect(haversineKm(52.3733862, 4.8940639, 52.3733862, 4.8940639)).toBe(0);
  });

  it('is symmetric', () => {
    const pairs: Array<[string, string]> = [
      ['9401', '9711'],
      ['1012', '3011'],
      ['4501', '9999'],
    ];
    for (const [a, b] of pairs) {
      expect(distanceKm(centroid(a), centroid(b))).toBeCloseTo(distanceKm(centroid(b), centroid(a)), 9);
    }
  });
});

describe('boundingBox', () => {
  const centres: Centroid[] = [
    centroid('1012'),
    centroid('9999'),
    centroid('4501'),
    { latitude: 0, longitude: 0 },
    { latitude: -33.9, longitude: 18.4 },
    { latitude: 69.6, longitude: 18.9 },
  ];
  const bearings = [0, 30, 45, 60, 90, 120, 135, 180, 210, 225, 270, 300, 315, 330];

  it('contains every point at exactly km from the centre, whatever the bearing', () => {
    for (const c of centres) {
      for (const km of [0.5, 5, 25, 80, 300]) {
        const box = boundingBox(c.latitude, c.longitude, km);
        for (const bearing of bearings) {
          const p = destination(c.latitude, c.longitude, bearing, km);
          expect(haversineKm(c.latitude, c.longitude, p.latitude, p.longitude)).toBeCloseTo(km, 6);
          expect(p.latitude).toBeGreaterThanOrEqual(box.minLat);
          expect(p.latitude).toBeLessThanOrEqual(box.maxLat);
          expect(p.longitude).toBeGreaterThanOrEqual(box.minLon);
          expect(p.longitude).toBeLessThanOrEqual(box.maxLon);
        }
      }
    }
  });

  it('contains the widest-longitude point of the circle, which lies poleward of the centre', () => {
    // At 52°N the easternmost point of a 100 km circle is not due east but a little north of it.
    const km = 100;
    const box = boundingBox(52, 5, km);
    const widest = Array.from({ length: 3601 }, (_, i) => destination(52, 5, i / 20, km)).reduce((a, b) =>
      b.longitude > a.longitude ? b : a,
    );
    expect(widest.longitude).toBeLessThanOrEqual(box.maxLon);
    expect(box.maxLon - widest.longitude).toBeLessThan(1e-6);
  });

  it('is tight enough to prune: points 1% beyond km due north, south, east or west fall outside', () => {
    const c = centroid('3011');
    const km = 40;
    const box = boundingBox(c.latitude, c.longitude, km);
    const north = destination(c.latitude, c.longitude, 0, km * 1.01);
    const south = destination(c.latitude, c.longitude, 180, km * 1.01);
    const east = destination(c.latitude, c.longitude, 90, km * 1.01);
    const west = destination(c.latitude, c.longitude, 270, km * 1.01);
    expect(north.latitude).toBeGreaterThan(box.maxLat);
    expect(south.latitude).toBeLessThan(box.minLat);
    expect(east.longitude).toBeGreaterThan(box.maxLon);
    expect(west.longitude).toBeLessThan(box.minLon);
  });

  it('spans all longitudes when the circle reaches a pole', () => {
    expect(boundingBox(89.9, 10, 50)).toMatchObject({ maxLat: 90, minLon: -180, maxLon: 180 });
  });

  it('rejects a negative or non-finite distance', () => {
    expect(() => boundingBox(52, 5, -1)).toThrow(RangeError);
    expect(() => boundingBox(52, 5, Number.NaN)).toThrow(RangeError);
  });
});

describe('isValidPc4Format', () => {
  it.each(['1000', '1012', '9999', '5851'])('accepts %s', (s) => {
    expect(isValidPc4Format(s)).toBe(true);
  });

  it.each(['0999', '999', '10000', '1012AB', ' 1012', '1012 ', '1012\n', '', '１０１２', '10.2', '-101'])(
    'rejects %p',
    (s) => {
      expect(isValidPc4Format(s)).toBe(false);
    },
  );
});
