import { describe, expect, it } from 'vitest';
import { readScannedCode } from './identify.js';

describe('what a scan reads', () => {
  it('reads the referral link of a card, a member number, a coupon and a typed code', () => {
    expect(readScannedCode('https://cartes.example.fr/r/AB23CD45')).toEqual({ kind: 'referral', code: 'AB23CD45' });
    expect(readScannedCode(' http://127.0.0.1:4381/r/ab23cd45?utm=card\n')).toEqual({ kind: 'referral', code: 'AB23CD45' });
    expect(readScannedCode('M-000042')).toEqual({ kind: 'member', id: 42 });
    expect(readScannedCode('m42')).toEqual({ kind: 'member', id: 42 });
    expect(readScannedCode('C-23456789ABCD')).toEqual({ kind: 'coupon', code: 'C-23456789ABCD' });
    expect(readScannedCode('ab23cd45')).toEqual({ kind: 'referral', code: 'AB23CD45' });
  });

  it('reads nothing from anything else', () => {
    for (const junk of ['', '   ', 'https://evil.example/x', '<script>', 'M-', 'x'.repeat(600)]) expect(readScannedCode(junk)).toBeUndefined();
  });
});
