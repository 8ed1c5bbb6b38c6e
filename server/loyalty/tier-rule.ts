/**
 * The one tier rule: a customer holds the highest tier whose threshold their lifetime points reach. Lifetime points
 * are what was ever credited (spending points on a reward never lowers them), so nobody is demoted by a reward; the
 * ledger, the demo and the migration all use this rule, and cards only look up the look of the tier it gives.
 */
export interface TierThreshold {
  id: string;
  threshold: number;
}

/** `tiers` in any order; the lowest tier when none is reached (the programme's lowest starts at 0). */
export function tierOf(tiers: readonly TierThreshold[], lifetimePoints: number): string {
  let best: TierThreshold | undefined;
  let lowest: TierThreshold | undefined;
  for (const t of tiers) {
    if (!lowest || t.threshold < lowest.threshold) lowest = t;
    if (t.threshold <= lifetimePoints && (!best || t.threshold > best.threshold)) best = t;
  }
  const tier = best ?? lowest;
  if (!tier) throw new Error('the loyalty programme has no tiers');
  return tier.id;
}
