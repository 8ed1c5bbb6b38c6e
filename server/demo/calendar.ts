/**
 * The demo's days, in Paris local time: shops open at local hours and French retail has its seasons (Christmas,
 * galette des rois, sales, Valentine's, Easter chocolate, Mother's Day, a quiet August). Built once per run so that
 * the hot loop only reads typed arrays.
 */

export const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Paris offset from UTC in hours at an instant: EU summer time runs from the last Sunday of March to the last
 * Sunday of October, switching at 01:00 UTC. */
export function parisOffsetHours(utcMs: number): number {
  const year = new Date(utcMs).getUTCFullYear();
  const start = lastSundayUtc(year, 2) + HOUR_MS;
  const end = lastSundayUtc(year, 9) + HOUR_MS;
  return utcMs >= start && utcMs < end ? 2 : 1;
}

function lastSundayUtc(year: number, month: number): number {
  const last = new Date(Date.UTC(year, month + 1, 0));
  return last.getTime() - last.getUTCDay() * DAY_MS;
}

/** Gregorian Easter Sunday (anonymous algorithm), as a UTC midnight. */
export function easterSundayUtc(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return Date.UTC(year, month - 1, day);
}

/** n-th given weekday (0 = Sunday) of a month, as a UTC midnight. */
function nthWeekdayUtc(year: number, month: number, weekday: number, n: number): number {
  const first = new Date(Date.UTC(year, month, 1));
  const offset = (weekday - first.getUTCDay() + 7) % 7;
  return first.getTime() + (offset + 7 * (n - 1)) * DAY_MS;
}

interface YearDates {
  easter: number;
  mothersDay: number;
  winterSales: number;
  summerSales: number;
  blackFriday: number;
}

function yearDates(year: number): YearDates {
  const easter = easterSundayUtc(year);
  let mothersDay = lastSundayUtc(year, 4);
  // Mother's Day moves to the first Sunday of June when the last Sunday of May is Pentecost.
  if (mothersDay === easter + 49 * DAY_MS) mothersDay += 7 * DAY_MS;
  const lastJuneWednesday = (() => {
    const last = new Date(Date.UTC(year, 6, 0));
    return last.getTime() - ((last.getUTCDay() - 3 + 7) % 7) * DAY_MS;
  })();
  return {
    easter,
    mothersDay,
    winterSales: nthWeekdayUtc(year, 0, 3, 2),
    summerSales: lastJuneWednesday,
    blackFriday: nthWeekdayUtc(year, 10, 4, 4) + DAY_MS,
  };
}

// Monday first, as in the opening hours.
const WEEKDAY_WEIGHT = [0.8, 0.9, 1.0, 1.0, 1.15, 1.5, 0.9];

/** Relative busyness of a local date; 1 is an ordinary Wednesday. */
export function seasonalWeight(dateUtc: number, weekday: number, dates: YearDates): number {
  const d = new Date(dateUtc);
  const month = d.getUTCMonth();
  const day = d.getUTCDate();
  const within = (from: number, days: number): boolean => dateUtc >= from && dateUtc < from + days * DAY_MS;
  let w = WEEKDAY_WEIGHT[weekday] ?? 1;
  if (month === 11 && day <= 24) w *= 1.3 + 1.3 * (day / 24);
  else if (month === 11) w *= 1.2;
  else if (month === 7) w *= 0.75;
  if (month === 0 && day >= 2 && day <= 20) w *= 1.25; // galette des rois
  if (within(dates.winterSales, 28) || within(dates.summerSales, 28)) w *= 1.25;
  if (month === 1 && day >= 9 && day <= 14) w *= 1.6;
  if (within(dates.easter - 9 * DAY_MS, 10)) w *= 1.7;
  if (within(dates.mothersDay - 6 * DAY_MS, 7)) w *= 1.5;
  if (within(dates.blackFriday, 4)) w *= 1.4;
  return w;
}

/** Days French shops close whatever their opening hours say. */
function isShopHoliday(dateUtc: number): boolean {
  const d = new Date(dateUtc);
  const md = d.getUTCMonth() * 100 + d.getUTCDate();
  return md === 1 || md === 401 || md === 1125;
}

export interface Calendar {
  days: number;
  /** UTC instant of each local midnight. */
  dayStart: Float64Array;
  /** UTC instant that, plus a time of day, gives that wall-clock time: midnight with the daytime offset. It differs
   * from dayStart on the two days the clocks change (at 02:00 or 03:00, before any shop opens). */
  wallBase: Float64Array;
  /** 0 = Monday … 6 = Sunday. */
  weekday: Uint8Array;
  month: Uint8Array;
  dayOfMonth: Uint8Array;
  weight: Float32Array;
  maxWeight: number;
  holiday: Uint8Array;
}

/** Every local day from the one holding `fromMs` to the one holding `toMs`, both included. */
export function buildCalendar(fromMs: number, toMs: number): Calendar {
  const localDate = (t: number): number => {
    const d = new Date(t + parisOffsetHours(t) * HOUR_MS);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  };
  const first = localDate(fromMs);
  const days = Math.round((localDate(toMs) - first) / DAY_MS) + 1;
  const cal: Calendar = {
    days,
    dayStart: new Float64Array(days),
    wallBase: new Float64Array(days),
    weekday: new Uint8Array(days),
    month: new Uint8Array(days),
    dayOfMonth: new Uint8Array(days),
    weight: new Float32Array(days),
    maxWeight: 0,
    holiday: new Uint8Array(days),
  };
  const byYear = new Map<number, YearDates>();
  for (let i = 0; i < days; i++) {
    const date = first + i * DAY_MS;
    const d = new Date(date);
    const year = d.getUTCFullYear();
    let dates = byYear.get(year);
    if (!dates) byYear.set(year, (dates = yearDates(year)));
    const weekday = (d.getUTCDay() + 6) % 7;
    cal.dayStart[i] = parisOffsetHours(date - 2 * HOUR_MS) === 2 ? date - 2 * HOUR_MS : date - HOUR_MS;
    cal.wallBase[i] = date - parisOffsetHours(date + 12 * HOUR_MS) * HOUR_MS;
    cal.weekday[i] = weekday;
    cal.month[i] = d.getUTCMonth();
    cal.dayOfMonth[i] = d.getUTCDate();
    const w = seasonalWeight(date, weekday, dates);
    cal.weight[i] = w;
    cal.maxWeight = Math.max(cal.maxWeight, w);
    cal.holiday[i] = isShopHoliday(date) ? 1 : 0;
  }
  return cal;
}

/** Index of the local day holding `t`, clamped to the calendar. */
export function dayIndexOf(cal: Calendar, t: number): number {
  const last = cal.days - 1;
  let d = Math.min(last, Math.max(0, Math.floor((t - (cal.dayStart[0] as number)) / DAY_MS)));
  while (d < last && (cal.dayStart[d + 1] as number) <= t) d++;
  while (d > 0 && (cal.dayStart[d] as number) > t) d--;
  return d;
}
