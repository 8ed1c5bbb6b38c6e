/**
 * Quiet hours in the shop's local time: whether an instant falls inside them (its wall-clock time read with Intl in
 * the shop's zone), and when they end (the next instant the shop's clock shows the end time, found by croner, which
 * knows the zone's daylight-saving changes: 09:00 the morning after the clocks moved is still 09:00 on the wall).
 */
import { Cron } from 'croner';

const clockFormats = new Map<string, Intl.DateTimeFormat>();
const endSchedules = new Map<string, Cron>();

/** Minutes since local midnight at `at` in `timeZone`. */
export function localMinutes(at: number, timeZone: string): number {
  let format = clockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    clockFormats.set(timeZone, format);
  }
  let hour = 0;
  let minute = 0;
  for (const part of format.formatToParts(at)) {
    if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
  }
  return hour * 60 + minute;
}

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export interface QuietHours {
  timeZone: string;
  /** HH:MM; equal to `end`: no quiet hours. */
  start: string;
  end: string;
}

export function inQuietHours(at: number, q: QuietHours): boolean {
  const start = minutesOf(q.start);
  const end = minutesOf(q.end);
  if (start === end) return false;
  const m = localMinutes(at, q.timeZone);
  // 21:00–09:00 spans midnight; 13:00–14:00 does not.
  return start > end ? m >= start || m < end : m >= start && m < end;
}

/** The next instant after `at` at which the shop's clock shows `hhmm`. */
export function nextLocalTime(at: number, hhmm: string, timeZone: string): number {
  const key = `${timeZone} ${hhmm}`;
  let schedule = endSchedules.get(key);
  if (!schedule) {
    schedule = new Cron(`${Number(hhmm.slice(3, 5))} ${Number(hhmm.slice(0, 2))} * * *`, { timezone: timeZone, paused: true });
    endSchedules.set(key, schedule);
  }
  const next = schedule.nextRun(new Date(at));
  if (!next) throw new Error(`no next ${hhmm} in ${timeZone}`);
  return next.getTime();
}

/** When a message due at `at` may go: `at` itself outside quiet hours, else the end of these quiet hours. */
export function quietUntil(at: number, q: QuietHours): number | null {
  return inQuietHours(at, q) ? nextLocalTime(at, q.end, q.timeZone) : null;
}
