/**
 * Opening hours in the shop's time zone: weekly slots with breaks ({"mon": [["09:30","12:30"],["14:00","19:00"]]}),
 * and exceptions over date ranges (a holiday closure: hours []; a late opening: other hours). Pure: the caller gives
 * the instant and the zone.
 */
import { WEEKDAYS, type HoursException, type OpeningHours, type TimeRange, type Weekday } from './schemas.js';

export { WEEKDAYS, type HoursException, type OpeningHours, type Weekday };
export type Slot = TimeRange;

const TIME = /^(?:([01]\d|2[0-3]):([0-5]\d)|24:00)$/;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export const minutesOf = (time: string): number => (time === '24:00' ? 1440 : Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5)));

/** What is wrong with a day's slots, in words, or undefined: HH:MM, each opening before its closing, in order. */
export function slotsProblem(slots: readonly Slot[]): string | undefined {
  let previousEnd = -1;
  for (const [open, close] of slots) {
    if (!TIME.test(open) || !TIME.test(close)) return `times are written HH:MM (00:00 to 24:00), got ${open}–${close}`;
    const a = minutesOf(open);
    const b = minutesOf(close);
    if (a >= b) return `${open}–${close} closes before it opens`;
    if (a < previousEnd) return `${open}–${close} overlaps the slot before it`;
    previousEnd = b;
  }
  return undefined;
}

export function exceptionProblem(e: HoursException): string | undefined {
  if (!DATE.test(e.from) || !DATE.test(e.to)) return `dates are written YYYY-MM-DD, got ${e.from} – ${e.to}`;
  if (e.from > e.to) return `${e.from} – ${e.to} ends before it starts`;
  return slotsProblem(e.hours);
}

/** Every problem of a store's hours, as "where: what". */
export function hoursProblems(hours: OpeningHours, exceptions: readonly HoursException[]): string[] {
  const problems: string[] = [];
  for (const day of WEEKDAYS) {
    const p = slotsProblem(hours[day] ?? []);
    if (p) problems.push(`openingHours.${day}: ${p}`);
  }
  const sorted = [...exceptions].sort((a, b) => a.from.localeCompare(b.from));
  sorted.forEach((e, i) => {
    const p = exceptionProblem(e);
    if (p) problems.push(`exceptions[${e.from}]: ${p}`);
    const next = sorted[i + 1];
    if (next && next.from <= e.to) problems.push(`exceptions[${next.from}]: overlaps ${e.from} – ${e.to}`);
  });
  return problems;
}

interface LocalTime {
  date: string;
  weekday: Weekday;
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
/** The last answer per zone: its value holds for the whole minute, and a pass lists up to ten stores in one minute. */
const lastMinute = new Map<string, { minute: number; time: LocalTime }>();

/** The local date, weekday and minute of an instant in a zone ('' = this computer's zone). */
export function localTime(at: number, timeZone: string): LocalTime {
  const minute = Math.floor(at / 60_000);
  const last = lastMinute.get(timeZone);
  if (last?.minute === minute) return last.time;
  const time = formatLocalTime(at, timeZone);
  lastMinute.set(timeZone, { minute, time });
  return time;
}

function formatLocalTime(at: number, timeZone: string): LocalTime {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      ...(timeZone ? { timeZone } : {}),
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(at)) parts[p.type] = p.value;
  const weekday = parts.weekday!.toLowerCase().slice(0, 3) as Weekday;
  return { date: `${parts.year}-${parts.month}-${parts.day}`, weekday, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

export function isValidTimeZone(timeZone: string): boolean {
  if (timeZone === '') return true;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The slots of one local date: an exception's when one covers it, else the weekday's. */
export function slotsOn(date: string, weekday: Weekday, hours: OpeningHours, exceptions: readonly HoursException[]): Slot[] {
  const e = exceptions.find((x) => x.from <= date && date <= x.to);
  return e ? e.hours : (hours[weekday] ?? []);
}

export function isOpenAt(at: number, timeZone: string, hours: OpeningHours, exceptions: readonly HoursException[]): boolean {
  const t = localTime(at, timeZone);
  return slotsOn(t.date, t.weekday, hours, exceptions).some(([a, b]) => minutesOf(a) <= t.minutes && t.minutes < minutesOf(b));
}

/**
 * The first minute after `at` (within `horizonMs`) at which the store's open state differs from its state at `at`,
 * found minute by minute on the local clock: DST changes need no special case. Undefined if it never changes.
 */
export function nextChange(
  at: number,
  timeZone: string,
  hours: OpeningHours,
  exceptions: readonly HoursException[],
  horizonMs = 8 * 86_400_000,
): number | undefined {
  const open = isOpenAt(at, timeZone, hours, exceptions);
  // Jump to the next slot boundary of the local day, at most an hour at a time: a step measured on the local clock
  // and applied to the instant is off by the DST shift only if it spans one, and DST shifts are an hour.
  let t = Math.floor(at / 60_000) * 60_000 + 60_000;
  const end = at + horizonMs;
  while (t <= end) {
    const local = localTime(t, timeZone);
    if (isOpenAt(t, timeZone, hours, exceptions) !== open) return t;
    const slots = slotsOn(local.date, local.weekday, hours, exceptions);
    const later = slots.flatMap(([a, b]) => [minutesOf(a), minutesOf(b)]).filter((m) => m > local.minutes);
    const step = later.length > 0 ? Math.min(...later) - local.minutes : 1440 - local.minutes;
    t += Math.min(60, Math.max(1, step)) * 60_000;
  }
  return undefined;
}
