import { describe, expect, it } from 'vitest';
import { addDays, lastDays, mondayOf, weekly } from './kpi-series';

describe('the dashboard’s series', () => {
  it('finds the Monday of a week and moves days across months and years', () => {
    expect(mondayOf('2026-03-01')).toBe('2026-02-23'); // a Sunday
    expect(mondayOf('2026-03-02')).toBe('2026-03-02');
    expect(mondayOf('2026-01-01')).toBe('2025-12-29');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(lastDays('2026-03-31', 30)).toEqual({ from: '2026-03-02', to: '2026-03-31' });
  });

  it('sums days into weeks, in order', () => {
    const days = [
      { day: '2026-03-01', a: 1, b: 2 },
      { day: '2026-03-02', a: 3, b: 0 },
      { day: '2026-03-08', a: 4, b: 1 },
      { day: '2026-03-09', a: 5, b: 5 },
    ];
    expect(weekly(days, (d) => ({ a: d.a, b: d.b }))).toEqual([
      { week: '2026-02-23', a: 1, b: 2 },
      { week: '2026-03-02', a: 7, b: 1 },
      { week: '2026-03-09', a: 5, b: 5 },
    ]);
  });
});
