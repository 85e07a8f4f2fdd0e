import { type Home, type Place, withinReachOfAny } from './reach';
import { seededRandom } from './scoring/scoring.fixtures';

/** The SQL join withinReachOfAny replaced, as PostgreSQL evaluated it: every home against every place. */
function byJoin(homes: readonly Home[], places: readonly Place[]): string[] {
  return homes
    .filter(
      (h) =>
        h.prefers ||
        places.some(
          (p) =>
            Math.abs(h.lat - p.lat) * 111.2 <= h.km + 1 &&
            Math.abs(h.lon - p.lon) * 111.2 * Math.cos(h.lat * (Math.PI / 180)) <= h.km + 1,
        ),
    )
    .map((h) => h.id);
}

describe('withinReachOfAny', () => {
  it('keeps a home whose travel box holds a place, or that prefers a region of one, and no other', () => {
    const places = [{ lat: 52, lon: 5 }];
    const homes: Home[] = [
      { id: 'near', lat: 52.2, lon: 5, km: 30, prefers: false },
      { id: 'far', lat: 53, lon: 5, km: 30, prefers: false },
      { id: 'far-but-prefers', lat: 53, lon: 5, km: 30, prefers: true },
      { id: 'east', lat: 52, lon: 5.5, km: 30, prefers: false },
      { id: 'east-further', lat: 52, lon: 5.5, km: 40, prefers: false },
    ];
    // 0.5 degrees of longitude at 52° N: 34.2 km by the box's arithmetic.
    expect(withinReachOfAny(homes, places)).toEqual(['near', 'far-but-prefers', 'east-further']);
    expect(withinReachOfAny(homes, [])).toEqual(['far-but-prefers']);
  });

  it('keeps a place exactly on the edge of the box (the band around a home is never narrower)', () => {
    const home: Home = { id: 'h', lat: 52.1, lon: 4.3, km: 29, prefers: false };
    const edge = (30 / 111.2) * 0.999999999999;
    for (const lat of [home.lat - edge, home.lat + edge])
      expect(withinReachOfAny([home], [{ lat, lon: home.lon }])).toEqual(
        byJoin([home], [{ lat, lon: home.lon }]),
      );
    expect(withinReachOfAny([home], [{ lat: home.lat + edge, lon: home.lon }])).toEqual(['h']);
  });

  it('equals the join on random homes and places across the Netherlands, edges included', () => {
    const rand = seededRandom(2026);
    for (let round = 0; round < 300; round++) {
      const places: Place[] = Array.from({ length: 1 + Math.floor(rand() * 40) }, () => ({
        lat: 50.7 + rand() * 2.8,
        lon: 3.3 + rand() * 3.9,
      }));
      const homes: Home[] = Array.from({ length: 60 }, (_, i) => {
        const km = 5 + Math.floor(rand() * 100);
        const h = {
          id: `s${i}`,
          lat: 50.7 + rand() * 2.8,
          lon: 3.3 + rand() * 3.9,
          km,
          prefers: rand() < 0.1,
        };
        if (i % 5 === 0) {
          // A place on the edge of this home's box, on the latitude or the longitude side.
          const p = places[i % places.length];
          const d = (km + 1) / 111.2;
          if (rand() < 0.5) h.lat = p.lat + (rand() < 0.5 ? d : -d);
          else h.lon = p.lon + (rand() < 0.5 ? d : -d) / Math.cos(h.lat * (Math.PI / 180));
        }
        return h;
      });
      expect(withinReachOfAny(homes, places)).toEqual(byJoin(homes, places));
    }
  });
});
