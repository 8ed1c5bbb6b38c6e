import { describe, expect, it } from 'vitest';
import { pointsForPurchase } from './earn.js';
import type { BonusEvent, Programme } from './schemas.js';

const programme: Programme = {
  storePointsPerEuro: 1,
  onlinePointsPerEuro: 1.5,
  rounding: 'down',
  welcomePoints: 0,
  referralTrigger: 'first_purchase',
  referrerPoints: 50,
  refereePoints: 50,
  expiryMonths: null,
};
const week: BonusEvent = { id: 7, name: { fr: 'Points doublés', en: 'Double points' }, multiplier: 2, channel: 'store', startsAt: 100, endsAt: 200 };

describe('points for a purchase', () => {
  it('applies the channel’s rate and the rounding', () => {
    expect(pointsForPurchase(programme, [], { amountCents: 4250, channel: 'store', at: 0 }).points).toBe(42);
    expect(pointsForPurchase(programme, [], { amountCents: 4250, channel: 'online', at: 0 }).points).toBe(63);
    expect(pointsForPurchase({ ...programme, rounding: 'nearest' }, [], { amountCents: 4250, channel: 'online', at: 0 }).points).toBe(64);
    expect(pointsForPurchase({ ...programme, rounding: 'up' }, [], { amountCents: 4201, channel: 'store', at: 0 }).points).toBe(43);
    expect(pointsForPurchase({ ...programme, storePointsPerEuro: 0.1 }, [], { amountCents: 3000, channel: 'store', at: 0 }).points).toBe(3);
  });

  it('multiplies by the best bonus event running for that channel, within its period only', () => {
    const during = pointsForPurchase(programme, [week, { ...week, id: 8, multiplier: 1.5, channel: 'all' }], { amountCents: 1000, channel: 'store', at: 150 });
    expect(during).toEqual({ points: 20, multiplier: 2, bonusEventId: 7 });
    expect(pointsForPurchase(programme, [week], { amountCents: 1000, channel: 'online', at: 150 }).multiplier).toBe(1);
    expect(pointsForPurchase(programme, [week], { amountCents: 1000, channel: 'store', at: 200 }).points).toBe(10);
  });
});
