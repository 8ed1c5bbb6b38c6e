/** How many points a purchase earns: the channel's rate, the best running bonus event, the programme's rounding. */
import type { BonusEvent, Programme } from './schemas.js';

export interface Earned {
  points: number;
  /** 1 without a bonus event. */
  multiplier: number;
  bonusEventId: number | null;
}

export function pointsForPurchase(
  programme: Programme,
  events: readonly BonusEvent[],
  purchase: { amountCents: number; channel: 'store' | 'online'; at: number },
): Earned {
  const rate = purchase.channel === 'online' ? programme.onlinePointsPerEuro : programme.storePointsPerEuro;
  // Bonus events do not add up: the best one running at the time of the purchase applies.
  let best: BonusEvent | undefined;
  for (const e of events) {
    if (e.startsAt > purchase.at || e.endsAt <= purchase.at) continue;
    if (e.channel !== 'all' && e.channel !== purchase.channel) continue;
    if (!best || e.multiplier > best.multiplier) best = e;
  }
  const multiplier = best?.multiplier ?? 1;
  // In hundredths of a point, integers only, so that 0.1 + 0.2 never rounds the wrong way.
  const hundredths = (purchase.amountCents * Math.round(rate * 100) * Math.round(multiplier * 100)) / 1_000_000;
  const round = programme.rounding === 'up' ? Math.ceil : programme.rounding === 'nearest' ? Math.round : Math.floor;
  return { points: round(Number(hundredths.toFixed(6))), multiplier, bonusEventId: best?.id ?? null };
}
