import { describe, expect, it } from 'vitest';
import { thrownCode } from '../testing/thrown.js';
import { checkRecurring, nextOccurrence, occurrences } from './schedule.js';

describe('recurring schedules in the shop’s zone', () => {
  it('every Sunday at 10:00 Paris time stays at 10:00 on the wall clock across the spring change', () => {
    const from = Date.UTC(2025, 2, 20, 12, 0); // Thursday 20 March
    expect(occurrences('0 10 * * 0', 'Europe/Paris', from, 3)).toEqual([
      Date.UTC(2025, 2, 23, 9, 0), // 23 March, CET (UTC+1)
      Date.UTC(2025, 2, 30, 8, 0), // 30 March, CEST (UTC+2): the clocks moved at 02:00 that morning
      Date.UTC(2025, 3, 6, 8, 0),
    ]);
  });

  it('and across the autumn change', () => {
    expect(occurrences('0 10 * * 0', 'Europe/Paris', Date.UTC(2025, 9, 15), 3)).toEqual([
      Date.UTC(2025, 9, 19, 8, 0), // CEST
      Date.UTC(2025, 9, 26, 9, 0), // CET: the clocks went back at 03:00 that morning
      Date.UTC(2025, 10, 2, 9, 0),
    ]);
  });

  it('a time inside the skipped hour, or the repeated one, still comes once that day', () => {
    // 02:30 does not exist in Paris on 30 March 2025; it exists twice on 26 October.
    const spring = occurrences('30 2 * * *', 'Europe/Paris', Date.UTC(2025, 2, 29, 12, 0), 2);
    expect(spring).toHaveLength(2);
    expect(spring[1]! - spring[0]!).toBeGreaterThan(20 * 3_600_000);
    const autumn = occurrences('30 2 * * *', 'Europe/Paris', Date.UTC(2025, 9, 25, 12, 0), 2);
    expect(autumn[1]! - autumn[0]!).toBeGreaterThan(20 * 3_600_000);
  });

  it('the next occurrence is strictly after the given time', () => {
    const sunday10 = Date.UTC(2025, 2, 23, 9, 0);
    expect(nextOccurrence('0 10 * * 0', 'Europe/Paris', sunday10)).toBe(Date.UTC(2025, 2, 30, 8, 0));
  });

  it('refuses what does not parse, never comes, or comes more than once a day', () => {
    const at = Date.UTC(2025, 0, 1);
    expect(thrownCode(() => checkRecurring('every sunday', 'Europe/Paris', at))).toBe('INVALID_SCHEDULE');
    expect(thrownCode(() => checkRecurring('0 10 * * * *', 'Europe/Paris', at))).toBe('INVALID_SCHEDULE');
    expect(thrownCode(() => checkRecurring('0 */6 * * *', 'Europe/Paris', at))).toBe('INVALID_SCHEDULE');
    expect(thrownCode(() => checkRecurring('0 10 31 2 *', 'Europe/Paris', at))).toBe('INVALID_SCHEDULE');
    expect(checkRecurring('  0 10   * * 6 ', 'Europe/Paris', at)).toBe('0 10 * * 6');
  });
});
