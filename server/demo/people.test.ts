import { describe, expect, it } from 'vitest';
import { referralCode, slugify } from './people.js';

describe('people', () => {
  it('turns names into e-mail slugs', () => {
    expect(slugify('Lévêque')).toBe('leveque');
    expect(slugify('Le Gall')).toBe('legall');
    expect(slugify('Jean-Pierre')).toBe('jean-pierre');
    expect(slugify('Maëlys')).toBe('maelys');
    expect(slugify('Da Silva')).toBe('dasilva');
  });

  it('gives distinct, readable referral codes without looking them up', () => {
    const seen = new Set<string>();
    for (let n = 1; n <= 300_000; n++) seen.add(referralCode(n, 12345));
    expect(seen.size).toBe(300_000);
    for (const code of [...seen].slice(0, 1000)) expect(code).toMatch(/^[2-9A-HJ-NP-Z]{6}$/);
    expect(referralCode(1, 1)).not.toBe(referralCode(1, 2));
    expect(referralCode(1, 2)).not.toBe(referralCode(2, 2));
  });
});
