import ngeohash from 'ngeohash';

/**
 * Geohash of a point, the key of the `stores_geohash` index. Precision 9 is a cell of about 5 m × 5 m: finer than any
 * geofence radius, and its prefixes give the coarser cells used to find the stores nearest to a customer.
 */
export function encodeGeohash(latitude: number, longitude: number, precision = 9): string {
  if (!Number.isFinite(latitude) || latitude < -90 || latitude > 90) throw new RangeError(`latitude out of range: ${latitude}`);
  if (!Number.isFinite(longitude) || longitude < -180 || longitude > 180) {
    throw new RangeError(`longitude out of range: ${longitude}`);
  }
  return ngeohash.encode(latitude, longitude, precision);
}
