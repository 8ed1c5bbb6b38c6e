import { describe, expect, it } from 'vitest';
import { formatHoursText, parseHoursText } from './hours-text.js';
import { hoursProblems, isOpenAt, nextChange, type OpeningHours } from './opening-hours.js';

const WEEK: OpeningHours = {
  mon: [],
  tue: [['09:30', '12:30'], ['14:00', '19:00']],
  wed: [['09:30', '19:00']],
  thu: [['09:30', '19:00']],
  fri: [['09:30', '19:00']],
  sat: [['10:00', '19:00']],
  sun: [],
};
const paris = (iso: string) => Date.parse(iso);

describe('opening hours', () => {
  it('is open inside a slot, closed in the lunch break, at closing time and on exceptional closures', () => {
    // Tuesday 2025-03-11, Paris (UTC+1 in winter)
    expect(isOpenAt(paris('2025-03-11T10:00:00+01:00'), 'Europe/Paris', WEEK, [])).toBe(true);
    expect(isOpenAt(paris('2025-03-11T13:00:00+01:00'), 'Europe/Paris', WEEK, [])).toBe(false);
    expect(isOpenAt(paris('2025-03-11T19:00:00+01:00'), 'Europe/Paris', WEEK, [])).toBe(false);
    expect(isOpenAt(paris('2025-03-10T11:00:00+01:00'), 'Europe/Paris', WEEK, [])).toBe(false);
    const holiday = [{ from: '2025-03-11', to: '2025-03-11', hours: [], note: 'Inventaire' }];
    expect(isOpenAt(paris('2025-03-11T10:00:00+01:00'), 'Europe/Paris', WEEK, holiday)).toBe(false);
    const lateOpening = [{ from: '2025-03-10', to: '2025-03-10', hours: [['12:00', '18:00']] as [string, string][], note: '' }];
    expect(isOpenAt(paris('2025-03-10T13:00:00+01:00'), 'Europe/Paris', WEEK, lateOpening)).toBe(true);
  });

  it('finds the next opening or closing, across the lunch break and a DST change', () => {
    expect(nextChange(paris('2025-03-11T10:00:00+01:00'), 'Europe/Paris', WEEK, [])).toBe(paris('2025-03-11T12:30:00+01:00'));
    expect(nextChange(paris('2025-03-11T12:30:00+01:00'), 'Europe/Paris', WEEK, [])).toBe(paris('2025-03-11T14:00:00+01:00'));
    // Saturday 2025-03-29 19:00 closes; Sunday the 30th clocks go forward; Tuesday opens 09:30 summer time.
    expect(nextChange(paris('2025-03-29T19:00:00+01:00'), 'Europe/Paris', WEEK, [])).toBe(paris('2025-04-01T09:30:00+02:00'));
    const never: OpeningHours = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
    expect(nextChange(0, 'UTC', never, [])).toBeUndefined();
  });

  it('names what is wrong with hours and exceptions', () => {
    expect(hoursProblems({ ...WEEK, mon: [['10:00', '12:00'], ['11:00', '13:00']] }, [
      { from: '2025-12-25', to: '2025-12-24', hours: [], note: '' },
    ])).toEqual(['openingHours.mon: 11:00–13:00 overlaps the slot before it', 'exceptions[2025-12-25]: 2025-12-25 – 2025-12-24 ends before it starts']);
  });

  it('reads and writes hours as one line of text', () => {
    const parsed = parseHoursText('tue 09:30-12:30,14:00-19:00; wed-fri 09:30-19:00; sat 10:00-19:00; sun closed');
    expect(parsed).toEqual({ hours: WEEK });
    expect(formatHoursText(WEEK)).toBe('tue 09:30-12:30,14:00-19:00; wed-fri 09:30-19:00; sat 10:00-19:00');
    expect(parseHoursText('mon-fri 9h-18h')).toEqual({ problem: '"9h-18h" is not HH:MM-HH:MM' });
    expect(parseHoursText('mon 10:00-12:00; mon-tue 14:00-15:00')).toEqual({ problem: 'mon is given twice' });
  });
});
