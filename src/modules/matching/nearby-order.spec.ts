import { nearbyOrder } from './rescoring.service';
import { makeStarter, seededRandom } from './scoring/scoring.fixtures';

describe("a full rescoring's batches of neighbours (nearbyOrder)", () => {
  it('orders by home region, then by latitude band of 0.1 degree, then by longitude', () => {
    const starters = [
      makeStarter({ id: 'a', homeRegionId: 'r2', homeLat: 52.01, homeLon: 5.0 }),
      makeStarter({ id: 'b', homeRegionId: 'r1', homeLat: 52.15, homeLon: 4.0 }),
      makeStarter({ id: 'c', homeRegionId: 'r1', homeLat: 52.05, homeLon: 6.0 }),
      makeStarter({ id: 'd', homeRegionId: 'r1', homeLat: 52.02, homeLon: 5.0 }),
      makeStarter({ id: 'e', homeRegionId: null, homeLat: 53.0, homeLon: 7.0 }),
    ];
    expect(nearbyOrder(starters).map((i) => starters[i].id)).toEqual(['e', 'd', 'c', 'b', 'a']);
  });

  it("is a permutation of every index, and batches of it keep a region's neighbours together", () => {
    const random = seededRandom(7);
    const starters = Array.from({ length: 2000 }, (_, i) =>
      makeStarter({
        id: `s${i}`,
        homeRegionId: 'r1',
        homeLat: 51 + random() * 2,
        homeLon: 4 + random() * 2,
      }),
    );
    const order = nearbyOrder(starters);
    expect([...order].sort((x, y) => x - y)).toEqual(starters.map((_, i) => i));
    // Batches of 250 in this order span a fraction of the latitudes that batches in id order span.
    const spread = (indexes: number[]): number => {
      let total = 0;
      for (let from = 0; from < indexes.length; from += 250) {
        const lats = indexes.slice(from, from + 250).map((i) => starters[i].homeLat);
        total += Math.max(...lats) - Math.min(...lats);
      }
      return total;
    };
    expect(spread(order)).toBeLessThan(spread(starters.map((_, i) => i)) / 4);
  });
});
