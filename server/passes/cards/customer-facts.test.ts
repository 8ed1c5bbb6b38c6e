import { describe, expect, it } from 'vitest';
import { DEFAULT_TIERS, defaultDesign } from '../design/templates.js';
import { createBytesCache } from '../apple/bytes-cache.js';
import { memberIdOf, tierFor } from './customer-facts.js';

const design = defaultDesign('loyalty', { name: 'Maison Fauvette', primaryColor: '#23453a', website: '' });

describe('tierFor', () => {
  it('takes the look of the tier the programme gives the customer', () => {
    expect(design.tiers).toEqual(DEFAULT_TIERS);
    expect(tierFor(design, { tier: 'gold' })).toBe('gold');
  });

  it('keeps the base look for a tier the design has no look for, and never guesses from points', () => {
    expect(tierFor(design, { tier: 'vip' })).toBeUndefined();
    expect(tierFor({ ...design, tiers: [] }, { tier: 'gold' })).toBeUndefined();
  });

  it('numbers members M-000042', () => {
    expect(memberIdOf(42)).toBe('M-000042');
    expect(memberIdOf(12_345_678)).toBe('M-12345678');
  });
});

describe('bytes cache', () => {
  it('drops the least recently used entries beyond its count or its bytes', () => {
    const cache = createBytesCache(3, 100);
    const b = (n: number) => Buffer.alloc(n);
    cache.set('a', b(10));
    cache.set('b', b(10));
    cache.set('c', b(10));
    cache.get('a');
    cache.set('d', b(10));
    expect(['a', 'b', 'c', 'd'].filter((k) => cache.get(k))).toEqual(['a', 'c', 'd']);
    cache.set('e', b(90));
    expect(['a', 'c', 'd', 'e'].filter((k) => cache.get(k))).toEqual(['d', 'e']);
    expect(cache.bytes).toBe(100);
    cache.set('huge', b(101));
    expect(cache.get('huge')).toBeUndefined();
  });
});
