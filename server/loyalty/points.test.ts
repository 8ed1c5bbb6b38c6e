import { describe, expect, it } from 'vitest';
import { DEFAULT_TIERS } from '../passes/design/templates.js';
import { tierAfter } from './points.js';

describe('tier after points', () => {
  it('follows lifetime points up the design’s thresholds and never down', () => {
    expect(tierAfter(DEFAULT_TIERS, 'member', 499)).toBe('member');
    expect(tierAfter(DEFAULT_TIERS, 'member', 500)).toBe('silver');
    expect(tierAfter(DEFAULT_TIERS, 'silver', 20_000)).toBe('gold');
    expect(tierAfter(DEFAULT_TIERS, 'gold', 10)).toBe('gold');
  });

  it('keeps a tier the design does not know unless points earn one, and anything when the design has no tiers', () => {
    expect(tierAfter(DEFAULT_TIERS, 'vip', 0)).toBe('member');
    expect(tierAfter([], 'vip', 90_000)).toBe('vip');
  });
});
