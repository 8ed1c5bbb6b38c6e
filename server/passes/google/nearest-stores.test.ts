import { describe, expect, it } from 'vitest';
import { distanceM, scanNearest } from './nearest-stores.js';

describe('nearest stores', () => {
  it("measures Paris–Lyon at about 391 km", () => {
    expect(Math.round(distanceM({ latitude: 48.8566, longitude: 2.3522 }, { latitude: 45.764, longitude: 4.8357 })  / 1000)).toBe(391);
  });

  it('keeps the nearest ones, nearest first', () => {
    const stores = Array.from({ length: 15 }, (_, i) => ({ latitude: 48 + i * 0.1, longitude: 2 }));
    const near = scanNearest(stores)({ latitude: 48.52, longitude: 2 }, 10);
    expect(near).toHaveLength(10);
    expect(near.slice(0, 3).map((p) => p.latitude)).toEqual([48.5, 48.6, 48.4]);
  });
});
