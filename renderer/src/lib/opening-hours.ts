import { WEEKDAYS, type OpeningHours, type Weekday } from './contract';

export interface HoursGroup {
  from: Weekday;
  to: Weekday;
  /** Empty: closed on those days. */
  slots: [string, string][];
}

/** Consecutive days with the same slots, Monday first: "Mon–Sat 10:00–19:00 · Sun closed". */
export function groupOpeningHours(hours: Partial<OpeningHours>): HoursGroup[] {
  const groups: HoursGroup[] = [];
  for (const day of WEEKDAYS) {
    const slots = hours[day] ?? [];
    const last = groups.at(-1);
    if (last && sameSlots(last.slots, slots)) last.to = day;
    else groups.push({ from: day, to: day, slots });
  }
  return groups;
}

function sameSlots(a: [string, string][], b: [string, string][]): boolean {
  return a.length === b.length && a.every(([open, close], i) => b[i]?.[0] === open && b[i]?.[1] === close);
}

export function hasAnyHours(hours: Partial<OpeningHours>): boolean {
  return WEEKDAYS.some((day) => (hours[day]?.length ?? 0) > 0);
}
