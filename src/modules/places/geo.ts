/**
 * Distance between PC4 centroids. Pure functions, no Nest or TypeORM, so matching, the regional plan and the
 * benchmarks share one definition of "within N km".
 */

/** IUGG mean Earth radius (R1), the usual choice for great-circle distances on a sphere. */
export const EARTH_RADIUS_KM = 6371.0088;

export interface BoundingBox {
  minLat: number;
  maxLat: number;
  minLon: number;
  maxLon: number;
}

const toRadians = (degrees: number): number => (degrees * Math.PI) / 180;
const toDegrees = (radians: number): number => (radians * 180) / Math.PI;

/** Great-circle distance in km (haversine: well-conditioned for the short distances matching uses). */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = toRadians(lat2 - lat1);
  const dLon = toRadians(lon2 - lon1);
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(toRadians(lat1)) * Math.cos(toRadians(lat2)) * Math.sin(dLon / 2) ** 2;
  // min() guards asin against h creeping past 1 by rounding for near-antipodal points.
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * A latitude/longitude box containing every point within `km` of (lat, lon) by haversineKm, for pruning
 * candidates with an index before computing exact distances. Uses the exact spherical extent
 * (Matuschek, "Finding Points Within a Distance of a Latitude/Longitude Using Bounding Coordinates"),
 * widened by a hair so that points at exactly `km` stay inside despite rounding. Where the circle reaches a
 * pole or crosses the antimeridian the box spans all longitudes: wider, never wrong.
 */
export function boundingBox(lat: number, lon: number, km: number): BoundingBox {
  if (!Number.isFinite(km) || km < 0)
    throw new RangeError(`distance must be a finite number >= 0, got ${km}`);
  if (!(Math.abs(lat) <= 90) || !Number.isFinite(lon))
    throw new RangeError(`bad coordinate (${lat}, ${lon})`);

  const angular = (km / EARTH_RADIUS_KM) * (1 + 1e-9) + 1e-12;
  const latRad = toRadians(lat);
  const minLatRad = latRad - angular;
  const maxLatRad = latRad + angular;
  if (minLatRad <= -Math.PI / 2 || maxLatRad >= Math.PI / 2 || angular >= Math.PI / 2) {
    return {
      minLat: Math.max(-90, toDegrees(minLatRad)),
      maxLat: Math.min(90, toDegrees(maxLatRad)),
      minLon: -180,
      maxLon: 180,
    };
  }

  const dLon = toDegrees(Math.asin(Math.min(1, Math.sin(angular) / Math.cos(latRad))));
  const minLon = lon - dLon;
  const maxLon = lon + dLon;
  if (minLon < -180 || maxLon > 180) {
    return { minLat: toDegrees(minLatRad), maxLat: toDegrees(maxLatRad), minLon: -180, maxLon: 180 };
  }
  return { minLat: toDegrees(minLatRad), maxLat: toDegrees(maxLatRad), minLon, maxLon };
}

/**
 * The shape of a Dutch PC4: four ASCII digits, no leading zero (PostNL numbers start at 1000). Says nothing
 * about whether the postcode exists; the places table decides that.
 */
export function isValidPc4Format(s: string): boolean {
  return /^[1-9][0-9]{3}$/.test(s);
}
