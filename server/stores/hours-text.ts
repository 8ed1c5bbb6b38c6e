/**
 * Opening hours as one line of text, for the CSV import and the CLI:
 * "mon-fri 09:30-12:30,14:00-19:00; sat 10:00-19:00" (days not named are closed; "sun closed" may be written).
 */
import { WEEKDAYS, slotsProblem, type OpeningHours, type Slot, type Weekday } from './opening-hours.js';

const emptyWeek = (): OpeningHours => ({ mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] });

export function parseHoursText(text: string): { hours: OpeningHours } | { problem: string } {
  const hours = emptyWeek();
  const seen = new Set<Weekday>();
  for (const part of text.split(';').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([a-z]{3})(?:\s*-\s*([a-z]{3}))?\s+(.+)$/i.exec(part);
    if (!m) return { problem: `"${part}" is not "day[-day] HH:MM-HH:MM[,HH:MM-HH:MM]"` };
    const from = WEEKDAYS.indexOf(m[1]!.toLowerCase() as Weekday);
    const to = m[2] ? WEEKDAYS.indexOf(m[2].toLowerCase() as Weekday) : from;
    if (from < 0 || to < 0) return { problem: `"${part}": days are mon, tue, wed, thu, fri, sat, sun` };
    if (to < from) return { problem: `"${part}": ${m[1]}-${m[2]} runs backwards` };
    const body = m[3]!.trim().toLowerCase();
    const slots: Slot[] = [];
    if (body !== 'closed') {
      for (const range of body.split(',').map((r) => r.trim())) {
        const r = /^(\d{2}:\d{2})\s*-\s*(\d{2}:\d{2})$/.exec(range);
        if (!r) return { problem: `"${range}" is not HH:MM-HH:MM` };
        slots.push([r[1]!, r[2]!]);
      }
      const problem = slotsProblem(slots);
      if (problem) return { problem: `"${part}": ${problem}` };
    }
    for (let d = from; d <= to; d++) {
      const day = WEEKDAYS[d]!;
      if (seen.has(day)) return { problem: `${day} is given twice` };
      seen.add(day);
      hours[day] = slots;
    }
  }
  return { hours };
}

/** The inverse of parseHoursText, grouping consecutive days with the same slots. */
export function formatHoursText(hours: OpeningHours): string {
  const parts: string[] = [];
  let i = 0;
  while (i < WEEKDAYS.length) {
    const slots = hours[WEEKDAYS[i]!];
    let j = i;
    while (j + 1 < WEEKDAYS.length && JSON.stringify(hours[WEEKDAYS[j + 1]!]) === JSON.stringify(slots)) j++;
    if (slots.length > 0) {
      const days = i === j ? WEEKDAYS[i]! : `${WEEKDAYS[i]}-${WEEKDAYS[j]}`;
      parts.push(`${days} ${slots.map(([a, b]) => `${a}-${b}`).join(',')}`);
    }
    i = j + 1;
  }
  return parts.join('; ');
}
