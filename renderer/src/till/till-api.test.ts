import { describe, expect, it } from 'vitest';
import { TILL_TEXTS } from './texts';
import { parseEuros, tillErrorText } from './till-api';

describe('till helpers', () => {
  it('reads euros exactly', () => {
    expect(parseEuros('42,50')).toBe(4250);
    expect(parseEuros(' 42.5 ')).toBe(4250);
    expect(parseEuros('7')).toBe(700);
    for (const bad of ['', '0', '4.505', 'abc', '-3', '1e3']) expect(parseEuros(bad)).toBeNull();
  });

  it('says a refused second coupon use in the page’s language, with when and by whom', () => {
    const t = (key: keyof (typeof TILL_TEXTS)['fr'], p: Record<string, string | number> = {}) =>
      TILL_TEXTS.fr[key].replace(/\{(\w+)\}/g, (_, n: string) => String(p[n]));
    const text = tillErrorText({ status: 409, code: 'COUPON_ALREADY_USED', params: { redeemedAt: 0, redeemedBy: 'Léa' } }, t, () => '1 janv.');
    expect(text).toBe('Ce coupon a déjà été utilisé le 1 janv. par Léa. Il ne peut pas servir deux fois.');
    expect(tillErrorText({ status: 409, code: 'POINTS_INSUFFICIENT', params: { balance: 1625, wanted: 99999 } }, t, String)).toBe(
      'Solde insuffisant : 1625 points, il en faut 99999.',
    );
  });
});
