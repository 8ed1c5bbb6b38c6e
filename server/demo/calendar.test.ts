import { describe, expect, it } from 'vitest';
import { buildCalendar, DAY_MS, dayIndexOf, easterSundayUtc, parisOffsetHours } from './calendar.js';

const paris = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'shortOffset',
});
const parts = (t: number): Record<string, string> =>
  Object.fromEntries(paris.formatToParts(t).map((p) => [p.type, p.value]));

describe('calendar', () => {
  it('computes Easter Sunday', () => {
    const iso = (y: number): string => new Date(easterSundayUtc(y)).toISOString().slice(0, 10);
    expect([2019, 2024, 2025, 2026, 2038].map(iso)).toEqual([
      '2019-04-21',
      '2024-03-31',
      '2025-04-20',
      '2026-04-05',
      '2038-04-25',
    ]);
  });

  it('agrees with the system time zone database on the Paris offset, hour by hour over three years', () => {
    for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2027, 0, 1); t += 3_600_000) {
      expect(`GMT+${parisOffsetHours(t)}`, new Date(t).toISOString()).toBe(parts(t).timeZoneName);
    }
  });

  it('starts each day at local midnight and places wall-clock times right, across both changes of time', () => {
    const from = Date.UTC(2025, 0, 1);
    const cal = buildCalendar(from, Date.UTC(2025, 11, 31, 12));
    expect(cal.days).toBe(365);
    for (let d = 0; d < cal.days; d++) {
      const start = cal.dayStart[d]!;
      const p = parts(start);
      expect(`${p.hour}:${p.minute}`).toBe('00:00');
      expect(`${p.year}-${p.month}-${p.day}`).toBe(new Date(from + d * DAY_MS).toISOString().slice(0, 10));
      expect(dayIndexOf(cal, start)).toBe(d);
      expect(dayIndexOf(cal, start - 1)).toBe(Math.max(0, d - 1));
      const opening = parts(cal.wallBase[d]! + 9.5 * 3_600_000);
      expect(`${opening.day} ${opening.hour}:${opening.minute}`).toBe(`${p.day} 09:30`);
    }
    expect(cal.weekday[0]).toBe(2); // 1 January 2025 was a Wednesday
    expect(cal.holiday[0]).toBe(1);
    expect(cal.holiday[358]).toBe(1); // 25 December
  });

  it('makes the days before Christmas the busiest and August quiet', () => {
    const cal = buildCalendar(Date.UTC(2025, 0, 1), Date.UTC(2025, 11, 31, 12));
    const weekAverage = (firstDay: number): number => {
      let sum = 0;
      for (let d = firstDay; d < firstDay + 7; d++) sum += cal.weight[d]!;
      return sum / 7;
    };
    const december = weekAverage(349); // 16–22 December
    const october = weekAverage(279); // 7–13 October
    const august = weekAverage(223); // 12–18 August
    expect(december).toBeGreaterThan(1.5 * october);
    expect(august).toBeLessThan(october);
    expect(cal.maxWeight).toBeGreaterThanOrEqual(december);
  });
});
