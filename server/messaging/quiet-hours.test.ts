import { describe, expect, it } from 'vitest';
import { inQuietHours, localMinutes, nextLocalTime, quietUntil } from './quiet-hours.js';

const PARIS = { timeZone: 'Europe/Paris', start: '21:00', end: '09:00' };

describe('quiet hours in the shop’s zone', () => {
  it('reads the wall clock of the zone, summer and winter', () => {
    expect(localMinutes(Date.UTC(2025, 0, 15, 21, 0), 'Europe/Paris')).toBe(22 * 60); // CET, UTC+1
    expect(localMinutes(Date.UTC(2025, 6, 15, 20, 0), 'Europe/Paris')).toBe(22 * 60); // CEST, UTC+2
    expect(localMinutes(Date.UTC(2025, 6, 15, 20, 0), 'America/New_York')).toBe(16 * 60);
  });

  it('a send at 22:00 Paris time waits until 09:00 the next morning', () => {
    const at = Date.UTC(2025, 0, 15, 21, 0); // Wednesday 22:00 CET
    expect(quietUntil(at, PARIS)).toBe(Date.UTC(2025, 0, 16, 8, 0)); // Thursday 09:00 CET
    // Just after midnight, and a minute before the end: the same morning.
    expect(quietUntil(Date.UTC(2025, 0, 15, 23, 30), PARIS)).toBe(Date.UTC(2025, 0, 16, 8, 0));
    expect(quietUntil(Date.UTC(2025, 0, 16, 7, 59), PARIS)).toBe(Date.UTC(2025, 0, 16, 8, 0));
  });

  it('outside quiet hours a message goes at once', () => {
    expect(quietUntil(Date.UTC(2025, 0, 16, 8, 0), PARIS)).toBeNull(); // 09:00 sharp
    expect(quietUntil(Date.UTC(2025, 0, 16, 19, 59), PARIS)).toBeNull(); // 20:59
    expect(inQuietHours(Date.UTC(2025, 0, 16, 20, 0), PARIS)).toBe(true); // 21:00
  });

  it('across the spring change: 22:00 CET on Saturday waits until 09:00 CEST on Sunday (10 hours, not 11)', () => {
    const at = Date.UTC(2025, 2, 29, 21, 0); // Sat 29 March 22:00 CET; clocks go 02:00 → 03:00 that night
    const until = quietUntil(at, PARIS)!;
    expect(until).toBe(Date.UTC(2025, 2, 30, 7, 0)); // Sun 30 March 09:00 CEST
    expect(until - at).toBe(10 * 3_600_000);
    expect(localMinutes(until, 'Europe/Paris')).toBe(9 * 60);
  });

  it('across the autumn change: 22:00 CEST on Saturday waits until 09:00 CET on Sunday (12 hours)', () => {
    const at = Date.UTC(2025, 9, 25, 20, 0); // Sat 25 October 22:00 CEST; clocks go 03:00 → 02:00 that night
    const until = quietUntil(at, PARIS)!;
    expect(until).toBe(Date.UTC(2025, 9, 26, 8, 0)); // Sun 26 October 09:00 CET
    expect(until - at).toBe(12 * 3_600_000);
  });

  it('daytime quiet hours, and none when start equals end', () => {
    const lunch = { timeZone: 'Europe/Paris', start: '12:00', end: '14:00' };
    expect(quietUntil(Date.UTC(2025, 0, 15, 11, 30), lunch)).toBe(Date.UTC(2025, 0, 15, 13, 0));
    expect(quietUntil(Date.UTC(2025, 0, 15, 13, 0), lunch)).toBeNull();
    expect(quietUntil(Date.UTC(2025, 0, 15, 21, 0), { timeZone: 'Europe/Paris', start: '09:00', end: '09:00' })).toBeNull();
  });

  it('finds the next wall-clock time in another zone', () => {
    expect(nextLocalTime(Date.UTC(2025, 2, 8, 15, 0), '09:00', 'America/New_York')).toBe(Date.UTC(2025, 2, 9, 13, 0)); // 10:00 EST → 09:00 EDT
  });
});
