/**
 * Days on the shop's calendar: the local date of an instant in the shop's time zone, and the instant a local date and
 * wall-clock time fall on (right across daylight-saving changes). Automations (birthdays, seasonal dates) and the
 * dashboard's daily figures count days this way.
 */
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const wallFormats = new Map<string, Intl.DateTimeFormat>();
const DAY = 86_400_000;

/** YYYY-MM-DD of `at` in `timeZone`. */
export function localDate(at: number, timeZone: string): string {
  let format = dateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(timeZone, format);
  }
  return format.format(at);
}

/** The wall clock of `at` in `timeZone`, read as if it were UTC (its offset is the difference). */
function wallAsUtc(at: number, timeZone: string): number {
  let format = wallFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    wallFormats.set(timeZone, format);
  }
  const p: Record<string, number> = {};
  for (const part of format.formatToParts(at)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) + (at % 1000);
}

/**
 * The instant the shop's clock shows `hhmm` on `date`. A time skipped by the spring change (02:30 on that Sunday)
 * gives the instant an hour later; a time seen twice in autumn gives the first.
 */
export function instantOf(date: string, hhmm: string, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d, Number(hhmm.slice(0, 2)), Number(hhmm.slice(3, 5)));
  let guess = wall - (wallAsUtc(wall, timeZone) - wall);
  // One more step settles a guess that crossed a change of offset.
  guess = wall - (wallAsUtc(guess, timeZone) - guess);
  return guess;
}

/** [start, end) of a local day, in epoch ms. */
export function dayBounds(date: string, timeZone: string): { start: number; end: number } {
  return { start: instantOf(date, '00:00', timeZone), end: instantOf(addDays(date, 1), '00:00', timeZone) };
}

/** `date` moved by `n` days (calendar arithmetic, no zone involved). */
export function addDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) + n * DAY).toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (both YYYY-MM-DD). */
export function daysBetween(a: string, b: string): number {
  const t = (s: string) => Date.UTC(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10)));
  return Math.round((t(b) - t(a)) / DAY);
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
