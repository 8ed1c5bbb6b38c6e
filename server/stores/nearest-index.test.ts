import { describe, expect, it } from 'vitest';
import { createBruteForce, createNearestIndex, geohashCell30, haversineM } from './nearest-index.js';
import ngeohash from 'ngeohash';

/** Deterministic pseudo-random numbers (no Math.random in tests). */
function rng(seed: number) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
}

describe('nearest stores index', () => {
  it('names the same cells as ngeohash (points exactly on a cell edge aside)', () => {
    const r = rng(1);
    for (let i = 0; i < 2000; i++) {
      // The generator's values are multiples of 2^-31, which can fall exactly on an edge: shift them off it.
      const lat = r() * 170 - 85 + 1.234567e-9;
      const lon = r() * 350 - 175 + 1.234567e-9;
      expect(geohashCell30(lat, lon)).toBe(ngeohash.encode_int(lat, lon, 30));
    }
  });

  it('finds exactly what a full scan finds, nearest first, for clustered stores and scattered customers', () => {
    const r = rng(7);
    const cities = Array.from({ length: 30 }, () => [43 + r() * 7, -1.5 + r() * 8.5] as const);
    const stores = Array.from({ length: 500 }, (_, i) => {
      const c = cities[Math.floor(r() ** 2 * cities.length)]!;
      return { id: i + 1, latitude: c[0] + (r() - 0.5) * 0.2, longitude: c[1] + (r() - 0.5) * 0.3 };
    });
    const index = createNearestIndex(stores);
    const brute = createBruteForce(stores);
    for (let i = 0; i < 3000; i++) {
      const far = i % 5 === 0;
      const s = stores[i % stores.length]!;
      const lat = far ? 41 + r() * 10 : s.latitude + (r() - 0.5) * 0.1;
      const lon = far ? -5 + r() * 15 : s.longitude + (r() - 0.5) * 0.1;
      const got = index.nearest(lat, lon);
      const want = brute.nearest(lat, lon);
      expect(got.map((n) => n.distanceM)).toEqual(want.map((n) => n.distanceM));
      expect(got).toHaveLength(10);
    }
  });

  it('returns every store when there are fewer than ten, and works across the world', () => {
    const stores = [
      { id: 1, latitude: -22.27, longitude: 166.44 },
      { id: 2, latitude: -17.53, longitude: -149.56 },
      { id: 3, latitude: 48.85, longitude: 2.35 },
    ];
    expect(createNearestIndex(stores).nearest(-21, 165).map((n) => n.id)).toEqual([1, 2, 3]);
    expect(Math.round(createNearestIndex(stores).nearest(48.85, 2.35)[0]!.distanceM)).toBe(0);
    expect(haversineM(48.8566, 2.3522, 45.764, 4.8357)).toBeGreaterThan(390_000);
    expect(haversineM(48.8566, 2.3522, 45.764, 4.8357)).toBeLessThan(393_000);
  });
});
