import { describe, expect, it } from 'vitest';
import { conversionDifference, normalCdf, revenueDifference, uninstallAlarms } from './stats.js';

describe('the dashboard’s statistics', () => {
  it('has the standard normal distribution', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1.644853627)).toBeCloseTo(0.05, 6);
    expect(normalCdf(3)).toBeCloseTo(0.998650102, 6);
  });

  it('gives a conversion difference with its 95 % interval (two proportions)', () => {
    // 120 of 1,000 treated bought, 80 of 1,000 in control: 4 points, SE = sqrt(.12*.88/1000 + .08*.92/1000).
    const d = conversionDifference({ n: 1000, buyers: 120, purchases: 0, revenueCents: 0, revenueSq: 0 }, { n: 1000, buyers: 80, purchases: 0, revenueCents: 0, revenueSq: 0 })!;
    const se = Math.sqrt((0.12 * 0.88) / 1000 + (0.08 * 0.92) / 1000);
    expect(d.diff).toBeCloseTo(0.04, 10);
    expect(d.low).toBeCloseTo(0.04 - 1.959964 * se, 6);
    expect(d.high).toBeCloseTo(0.04 + 1.959964 * se, 6);
    expect(d.confidence).toBeCloseTo(normalCdf(0.04 / se), 10);
    expect(conversionDifference({ n: 0, buyers: 0, purchases: 0, revenueCents: 0, revenueSq: 0 }, { n: 10, buyers: 1, purchases: 1, revenueCents: 0, revenueSq: 0 })).toBeNull();
  });

  it('gives a revenue-per-customer difference from sums and sums of squares (Welch)', () => {
    // Treated: 10, 0, 20 €; control: 0, 5 €.
    const t = { n: 3, buyers: 2, purchases: 2, revenueCents: 3000, revenueSq: 100 + 400 };
    const c = { n: 2, buyers: 1, purchases: 1, revenueCents: 500, revenueSq: 25 };
    const d = revenueDifference(t, c)!;
    const varT = ((10 - 10) ** 2 + (0 - 10) ** 2 + (20 - 10) ** 2) / 2;
    const varC = ((0 - 2.5) ** 2 + (5 - 2.5) ** 2) / 1;
    expect(d.diff).toBeCloseTo(7.5, 10);
    expect(d.high - d.diff).toBeCloseTo(1.959964 * Math.sqrt(varT / 3 + varC / 2), 5);
  });

  it('raises the uninstall alarm on a jump, not on a steady rate', () => {
    expect(uninstallAlarms([0.01, 0.011, 0.009, 0.01, 0.03, 0.012])).toEqual([false, false, false, false, true, false]);
    expect(uninstallAlarms([0.001, 0.001, 0.0025])).toEqual([false, false, false]);
    expect(uninstallAlarms([null, 0.02, 0.02, null])).toEqual([false, false, false, false]);
  });
});
