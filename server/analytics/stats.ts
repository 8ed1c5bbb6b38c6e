/**
 * The statistics of the dashboard and the campaign reports: a difference between a group and its control (or two
 * variants) with a 95 % confidence interval, by the normal approximation (groups of shop campaigns are hundreds to
 * hundreds of thousands of customers), and the confidence that one is really above the other.
 */

/** Standard normal cumulative distribution (Abramowitz & Stegun 7.1.26 through erf; |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

export const Z95 = 1.959963984540054;

export interface GroupFigures {
  /** Customers in the group. */
  n: number;
  /** Of them, who bought at least once in the window. */
  buyers: number;
  purchases: number;
  revenueCents: number;
  /** Sum over the group's customers of (their revenue in euros)². */
  revenueSq: number;
}

export interface Difference {
  /** Treated minus control. */
  diff: number;
  low: number;
  high: number;
  /** Probability that the treated group's true value is above the control's (one-sided). */
  confidence: number;
}

function difference(diff: number, se: number): Difference {
  if (!(se > 0)) return { diff, low: diff, high: diff, confidence: diff > 0 ? 1 : diff < 0 ? 0 : 0.5 };
  return { diff, low: diff - Z95 * se, high: diff + Z95 * se, confidence: normalCdf(diff / se) };
}

/** Share of buyers (0–1): treated minus control, in proportion points. */
export function conversionDifference(t: GroupFigures, c: GroupFigures): Difference | null {
  if (t.n === 0 || c.n === 0) return null;
  const p1 = t.buyers / t.n;
  const p2 = c.buyers / c.n;
  return difference(p1 - p2, Math.sqrt((p1 * (1 - p1)) / t.n + (p2 * (1 - p2)) / c.n));
}

/** Mean and sample variance of revenue per customer, in euros. */
export function revenueMoments(g: GroupFigures): { mean: number; variance: number } {
  if (g.n === 0) return { mean: 0, variance: 0 };
  const mean = g.revenueCents / 100 / g.n;
  const variance = g.n > 1 ? Math.max(0, (g.revenueSq - g.n * mean * mean) / (g.n - 1)) : 0;
  return { mean, variance };
}

/** Revenue per customer (euros): treated minus control (Welch's standard error). */
export function revenueDifference(t: GroupFigures, c: GroupFigures): Difference | null {
  if (t.n === 0 || c.n === 0) return null;
  const a = revenueMoments(t);
  const b = revenueMoments(c);
  return difference(a.mean - b.mean, Math.sqrt(a.variance / t.n + b.variance / c.n));
}

export function sumFigures(groups: readonly GroupFigures[]): GroupFigures {
  return groups.reduce(
    (s, g) => ({ n: s.n + g.n, buyers: s.buyers + g.buyers, purchases: s.purchases + g.purchases, revenueCents: s.revenueCents + g.revenueCents, revenueSq: s.revenueSq + g.revenueSq }),
    { n: 0, buyers: 0, purchases: 0, revenueCents: 0, revenueSq: 0 },
  );
}

/** The week whose uninstall rate jumps: above 1.5× the mean of the four weeks before and 0.5 point above it. */
export function uninstallAlarms(rates: readonly (number | null)[]): boolean[] {
  return rates.map((rate, i) => {
    if (rate === null || i < 2) return false;
    const before = rates.slice(Math.max(0, i - 4), i).filter((r): r is number => r !== null);
    if (before.length < 2) return false;
    const mean = before.reduce((a, b) => a + b, 0) / before.length;
    return rate > mean * 1.5 && rate - mean >= 0.005;
  });
}
