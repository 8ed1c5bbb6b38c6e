import { describe, expect, test } from 'vitest';
import { groupOpeningHours, hasAnyHours } from './opening-hours';

const day: [string, string][] = [['10:00', '19:00']];

describe('opening hours summary', () => {
  test('groups consecutive days with the same hours, closed days included', () => {
    const groups = groupOpeningHours({ mon: [], tue: day, wed: day, thu: day, fri: day, sat: day, sun: [] });
    expect(groups).toEqual([
      { from: 'mon', to: 'mon', slots: [] },
      { from: 'tue', to: 'sat', slots: day },
      { from: 'sun', to: 'sun', slots: [] },
    ]);
  });

  test('a lunch break makes a different day', () => {
    const split: [string, string][] = [['09:00', '12:30'], ['14:00', '19:00']];
    const groups = groupOpeningHours({ mon: split, tue: split, wed: day });
    expect(groups.map((g) => [g.from, g.to])).toEqual([['mon', 'tue'], ['wed', 'wed'], ['thu', 'sun']]);
  });

  test('knows when nothing is filled in', () => {
    expect(hasAnyHours({})).toBe(false);
    expect(hasAnyHours({ sun: [] })).toBe(false);
    expect(hasAnyHours({ sat: day })).toBe(true);
  });
});
