/**
 * Which starters could reach any of some practices: the pre-filter of a practice's rescoring, of a region's
 * plan built from scratch and of settle. Pure, so that it is tested against the formula it implements.
 *
 * A starter is within reach when one of the practices lies in one of its preferred regions (`prefers`,
 * decided by PostgreSQL), or when one lies in the box of its travel distance plus 1 km around its home:
 * |Δlat| x 111.2 <= km + 1 and |Δlon| x 111.2 x cos(lat of home) <= km + 1. The 1 km of slack makes it a
 * superset of the pairs that pass the scoring's exact (haversine) distance test, which comes after.
 *
 * The same test ran in SQL as a join of every active starter with every practice: 400 practices of a region
 * at 5,000 starters were 2 million rows and about 1 s of PostgreSQL, and a region's plan built from scratch
 * waited for it. Here the practices are sorted by latitude and each starter looks only at those within its
 * latitude band, stopping at the first that passes.
 */

import { lowerBound } from './scoring';

export interface Home {
  id: string;
  lat: number;
  lon: number;
  /** The starter's maximum travel distance. */
  km: number;
  /** One of the practices is in one of the starter's preferred regions. */
  prefers: boolean;
}

export interface Place {
  lat: number;
  lon: number;
}

const KM_PER_DEGREE = 111.2;
const RADIANS_PER_DEGREE = Math.PI / 180;

/** The ids of the homes within reach of at least one place, in the order given. */
export function withinReachOfAny(homes: readonly Home[], places: readonly Place[]): string[] {
  const sorted = [...places].sort((a, b) => a.lat - b.lat);
  const lats = Float64Array.from(sorted, (p) => p.lat);
  const lons = Float64Array.from(sorted, (p) => p.lon);
  const out: string[] = [];
  for (const h of homes) {
    if (h.prefers) {
      out.push(h.id);
      continue;
    }
    const limit = h.km + 1;
    // The band is widened by a hair so that rounding in the division never hides a place the exact test
    // below (the same arithmetic as the SQL it replaced) would pass.
    const band = (limit / KM_PER_DEGREE) * (1 + 1e-9) + 1e-12;
    const cosLat = Math.cos(h.lat * RADIANS_PER_DEGREE);
    for (let i = lowerBound(lats, h.lat - band); i < lats.length && lats[i] <= h.lat + band; i++) {
      if (
        Math.abs(h.lat - lats[i]) * KM_PER_DEGREE <= limit &&
        Math.abs(h.lon - lons[i]) * KM_PER_DEGREE * cosLat <= limit
      ) {
        out.push(h.id);
        break;
      }
    }
  }
  return out;
}
