/**
 * Recurring campaigns: a cron pattern read by croner in the shop's time zone, so "every Saturday at 10:00" is 10:00 on
 * the shop's wall clock in winter and in summer, and the night the clocks change. No timers here: each run is a
 * durable job whose time comes from nextOccurrence (campaigns/send-job.ts queues the next run when one starts).
 */
import { Cron } from 'croner';
import { AppError } from '../errors.js';

const HOUR = 3_600_000;
/** Recurring campaigns go at most once a day (the guard would hold back most of anything more frequent). */
export const MIN_GAP_MS = 20 * HOUR;

const invalid = (message: string): AppError => new AppError('INVALID_SCHEDULE', message, 400);

function cron(pattern: string, timeZone: string): Cron {
  const fields = pattern.trim().split(/\s+/);
  if (fields.length !== 5) throw invalid('A recurring schedule is five fields: minute hour day-of-month month day-of-week (e.g. "0 10 * * 6").');
  try {
    return new Cron(fields.join(' '), { timezone: timeZone, paused: true });
  } catch (err) {
    throw invalid(`“${pattern}” is not a schedule: ${(err as Error).message}`);
  }
}

/** The next `n` times after `after` (epoch ms). */
export function occurrences(pattern: string, timeZone: string, after: number, n: number): number[] {
  return cron(pattern, timeZone)
    .nextRuns(n, new Date(after))
    .map((d) => d.getTime());
}

export function nextOccurrence(pattern: string, timeZone: string, after: number): number | null {
  return occurrences(pattern, timeZone, after, 1)[0] ?? null;
}

/** Refuses a pattern that does not parse, never fires, or fires more than once a day. Returns it normalised. */
export function checkRecurring(pattern: string, timeZone: string, from: number): string {
  const next = occurrences(pattern, timeZone, from, 15);
  if (next.length === 0) throw invalid(`“${pattern}” never comes.`);
  for (let i = 1; i < next.length; i++) {
    if (next[i]! - next[i - 1]! < MIN_GAP_MS) throw invalid('A recurring campaign goes at most once a day.');
  }
  return pattern.trim().split(/\s+/).join(' ');
}
