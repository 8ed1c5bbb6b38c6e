/**
 * The dashboard's series from the KPI report: days grouped into weeks (Monday first) for the bar charts, and the
 * dates of a range. Pure functions, on YYYY-MM-DD strings (the shop's days, as the server counts them).
 */
const DAY = 86_400_000;

const utc = (day: string) => Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
export const dayString = (t: number) => new Date(t).toISOString().slice(0, 10);

export function addDays(day: string, n: number): string {
  return dayString(utc(day) + n * DAY);
}

/** The Monday of the week of `day`. */
export function mondayOf(day: string): string {
  const weekday = new Date(utc(day)).getUTCDay();
  return addDays(day, -((weekday + 6) % 7));
}

/** Sums each day's values per week, in order; `keys` are the numeric fields summed. */
export function weekly<T extends { day: string }, K extends string>(days: readonly T[], pick: (d: T) => Record<K, number>): Array<{ week: string } & Record<K, number>> {
  const weeks = new Map<string, Record<string, number>>();
  for (const d of days) {
    const week = mondayOf(d.day);
    const values = pick(d);
    const sum = weeks.get(week) ?? {};
    for (const [k, v] of Object.entries(values) as Array<[string, number]>) sum[k] = (sum[k] ?? 0) + v;
    weeks.set(week, sum);
  }
  return [...weeks.entries()].map(([week, sums]) => ({ week, ...sums }) as { week: string } & Record<K, number>);
}

/** The `n` days ending `to` (inclusive), as a range. */
export function lastDays(to: string, n: number): { from: string; to: string } {
  return { from: addDays(to, -(n - 1)), to };
}

/** Today on the shop's calendar. */
export function today(timeZone: string, now = Date.now()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** A shop day as a Date at noon UTC (safe for charts' time axes whatever the zone). */
export const dayDate = (day: string) => new Date(utc(day) + DAY / 2);
