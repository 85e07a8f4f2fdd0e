import { isoDayNumber } from './calendar';
import { boundingBox, haversineKm } from './distance';
import { formatNumber } from './format';
import { seededRandom } from './scoring.fixtures';

describe('haversineKm', () => {
  it('measures Amsterdam Centraal to Utrecht Centraal at about 35 km, both ways', () => {
    const d = haversineKm(52.3791, 4.9003, 52.0894, 5.1101);
    expect(d).toBeGreaterThan(34.5);
    expect(d).toBeLessThan(36);
    expect(haversineKm(52.0894, 5.1101, 52.3791, 4.9003)).toBe(d);
    expect(haversineKm(52.0894, 5.1101, 52.0894, 5.1101)).toBe(0);
  });

  it('measures one degree of latitude as the mean radius times pi / 180', () => {
    expect(haversineKm(52, 5, 53, 5)).toBeCloseTo((6371.0088 * Math.PI) / 180, 9);
  });
});

describe('boundingBox', () => {
  it('contains every point within the radius', () => {
    const rand = seededRandom(3);
    for (let i = 0; i < 5000; i++) {
      const lat = 50 + rand() * 4;
      const lon = 3 + rand() * 5;
      const radius = rand() * 80;
      const box = boundingBox(lat, lon, radius);
      const pLat = lat + (rand() - 0.5) * 2;
      const pLon = lon + (rand() - 0.5) * 3;
      if (haversineKm(lat, lon, pLat, pLon) <= radius) {
        expect(pLat >= box.latMin && pLat <= box.latMax && pLon >= box.lonMin && pLon <= box.lonMax).toBe(
          true,
        );
      }
    }
  });

  it('spans every longitude when the radius reaches a pole', () => {
    expect(boundingBox(89, 0, 200).allLongitudes).toBe(true);
    expect(boundingBox(52, 5, 30).allLongitudes).toBe(false);
  });
});

describe('isoDayNumber', () => {
  it('counts days from 1970-01-01 across leap years', () => {
    expect(isoDayNumber('1970-01-01')).toBe(0);
    expect(isoDayNumber('2024-03-01') - isoDayNumber('2024-02-28')).toBe(2);
    expect(isoDayNumber('2025-03-01') - isoDayNumber('2025-02-28')).toBe(1);
    expect(isoDayNumber('2000-01-01')).toBe(10957);
  });

  it('rejects impossible dates', () => {
    for (const bad of ['2025-02-29', '2025-13-01', '2025-00-10', '2025-04-31', '2025-4-1', '']) {
      expect(() => isoDayNumber(bad)).toThrow(RangeError);
    }
  });
});

describe('formatNumber', () => {
  it('formats Dutch and English numbers with grouping and at most the given decimals', () => {
    expect(formatNumber(2095, 1, 'nl')).toBe('2.095');
    expect(formatNumber(2095, 1, 'en')).toBe('2,095');
    expect(formatNumber(4.5, 1, 'nl')).toBe('4,5');
    expect(formatNumber(4.04, 1, 'en')).toBe('4');
    expect(formatNumber(1234567.891, 2, 'nl')).toBe('1.234.567,89');
    expect(formatNumber(-0.04, 1, 'en')).toBe('0');
  });
});
