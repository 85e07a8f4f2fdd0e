/**
 * Great-circle distance between PC4 centroids (DESIGN.md, "Places"). A local copy, so the scoring core
 * imports nothing from outside its folder and runs the same in the API, the worker and the bench.
 */

/** Mean Earth radius (IUGG), in km. */
export const EARTH_RADIUS_KM = 6371.0088;

const RAD_PER_DEG = Math.PI / 180;

export function toRadians(degrees: number): number {
  return degrees * RAD_PER_DEG;
}

/** Haversine distance in km between two points given in degrees. */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const phi1 = toRadians(lat1);
  const phi2 = toRadians(lat2);
  return haversineRadiansKm(phi1, toRadians(lon1), Math.cos(phi1), phi2, toRadians(lon2), Math.cos(phi2));
}

/**
 * The same haversine on radians with the cosines precomputed; the bulk path calls this with values it
 * computed once per starter and practice, and gets bit-for-bit the distance haversineKm gives.
 */
export function haversineRadiansKm(
  phi1: number,
  lambda1: number,
  cosPhi1: number,
  phi2: number,
  lambda2: number,
  cosPhi2: number,
): number {
  const sinHalfDPhi = Math.sin((phi2 - phi1) / 2);
  const sinHalfDLambda = Math.sin((lambda2 - lambda1) / 2);
  const h = sinHalfDPhi * sinHalfDPhi + cosPhi1 * cosPhi2 * sinHalfDLambda * sinHalfDLambda;
  // h can exceed 1 by a rounding error for antipodal points; asin would then return NaN.
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(Math.min(1, h)));
}

export interface LatLonBox {
  latMin: number;
  latMax: number;
  lonMin: number;
  lonMax: number;
  /** True when the box spans every longitude (near a pole, across the antimeridian, or a huge radius). */
  allLongitudes: boolean;
}

/**
 * A latitude/longitude box (degrees) that contains every point within radiusKm of the centre. It is a
 * prefilter, so it errs on the side of including: the radius is widened by a relative 1e-9 so rounding
 * in the exact test afterwards can never meet a point the box left out.
 */
export function boundingBox(latDeg: number, lonDeg: number, radiusKm: number): LatLonBox {
  const delta = (Math.max(0, radiusKm) * (1 + 1e-9) + 1e-9) / EARTH_RADIUS_KM;
  const deltaDeg = delta / RAD_PER_DEG;
  const latMin = latDeg - deltaDeg;
  const latMax = latDeg + deltaDeg;
  const everything: LatLonBox = { latMin, latMax, lonMin: -180, lonMax: 180, allLongitudes: true };
  if (delta >= Math.PI / 2 || latMax >= 90 || latMin <= -90) return everything;
  // Widest longitude reached within angular radius delta of latitude phi: asin(sin(delta) / cos(phi)).
  const ratio = Math.sin(delta) / Math.cos(toRadians(latDeg));
  if (ratio >= 1) return everything;
  const dLonDeg = Math.asin(ratio) / RAD_PER_DEG + 1e-9;
  const lonMin = lonDeg - dLonDeg;
  const lonMax = lonDeg + dLonDeg;
  if (lonMin < -180 || lonMax > 180) return everything;
  return { latMin, latMax, lonMin, lonMax, allLongitudes: false };
}
