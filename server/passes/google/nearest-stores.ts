/**
 * The stores nearest a customer, for merchantLocations (at most 10 per object). A small seam: today it scans the
 * stores table's coordinates; point it at the stores feature's nearest-stores index once that exists.
 */
export interface Point {
  latitude: number;
  longitude: number;
}

export type NearestStores = (origin: Point, limit: number) => Point[];

const RAD = Math.PI / 180;

/** Great-circle distance in metres. */
export function distanceM(a: Point, b: Point): number {
  const dLat = (b.latitude - a.latitude) * RAD;
  const dLng = (b.longitude - a.longitude) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * RAD) * Math.cos(b.latitude * RAD) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Nearest first, over every store: fine for the few hundred stores a brand has. */
export function scanNearest(stores: readonly Point[]): NearestStores {
  return (origin, limit) =>
    stores
      .map((s) => ({ s, d: distanceM(origin, s) }))
      .sort((x, y) => x.d - y.d)
      .slice(0, limit)
      .map(({ s }) => ({ latitude: s.latitude, longitude: s.longitude }));
}
