import { describe, expect, it } from 'vitest';
import { epochToWallTime, wallTimeToEpoch } from './shop-time';

describe('shop time', () => {
  it('reads a date-time input on the shop’s clock, in winter and in summer', () => {
    expect(wallTimeToEpoch('2025-01-15T22:00', 'Europe/Paris')).toBe(Date.UTC(2025, 0, 15, 21, 0));
    expect(wallTimeToEpoch('2025-07-15T22:00', 'Europe/Paris')).toBe(Date.UTC(2025, 6, 15, 20, 0));
    expect(wallTimeToEpoch('2025-07-15T22:00', 'America/New_York')).toBe(Date.UTC(2025, 6, 16, 2, 0));
    expect(wallTimeToEpoch('nope', 'Europe/Paris')).toBeNull();
  });

  it('around the changes of the clocks', () => {
    expect(wallTimeToEpoch('2025-03-30T10:00', 'Europe/Paris')).toBe(Date.UTC(2025, 2, 30, 8, 0));
    expect(wallTimeToEpoch('2025-10-26T10:00', 'Europe/Paris')).toBe(Date.UTC(2025, 9, 26, 9, 0));
    // 02:30 does not exist on 30 March: the hour after.
    expect(wallTimeToEpoch('2025-03-30T02:30', 'Europe/Paris')).toBe(Date.UTC(2025, 2, 30, 1, 30));
  });

  it('writes an instant back as the shop’s clock shows it', () => {
    expect(epochToWallTime(Date.UTC(2025, 2, 30, 8, 0), 'Europe/Paris')).toBe('2025-03-30T10:00');
    expect(epochToWallTime(Date.UTC(2025, 0, 15, 21, 0), 'Europe/Paris')).toBe('2025-01-15T22:00');
  });
});
