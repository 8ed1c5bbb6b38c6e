import { describe, expect, it } from 'vitest';
import { tierOf } from './tier-rule.js';

const tiers = [
  { id: 'gold', threshold: 1500 },
  { id: 'member', threshold: 0 },
  { id: 'silver', threshold: 500 },
];

describe('the tier rule', () => {
  it('gives the highest tier whose threshold lifetime points reach', () => {
    expect(tierOf(tiers, 0)).toBe('member');
    expect(tierOf(tiers, 499)).toBe('member');
    expect(tierOf(tiers, 500)).toBe('silver');
    expect(tierOf(tiers, 1499)).toBe('silver');
    expect(tierOf(tiers, 90_000)).toBe('gold');
  });

  it('falls back to the lowest tier, and refuses a programme without tiers', () => {
    expect(tierOf([{ id: 'a', threshold: 10 }, { id: 'b', threshold: 20 }], 5)).toBe('a');
    expect(() => tierOf([], 5)).toThrow(/no tiers/);
  });
});
