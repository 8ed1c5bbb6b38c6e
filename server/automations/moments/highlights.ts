/**
 * Highlights (seed 001, moment 6) and the owner's calendar: birthdays and membership anniversaries at the send hour
 * of the shop's day, seasonal dates for everyone, early access for a tier and above (moment 3). Each occasion is an
 * instant on the shop's clock; an evaluation takes the occasions of its window, so a day off is caught up once.
 */
import { addDays, instantOf, isLeapYear, localDate } from '../../shop-days.js';
import type { StoredCalendarEntry } from '../automations-repository.js';
import type { EvalContext, ResolvedAutomation, Window } from '../context.js';
import { PAGE } from '../context.js';
import { render, yearsText, type Locale } from '../texts.js';

const hhmm = (hour: number) => `${String(hour).padStart(2, '0')}:00`;

/** The shop's dates whose occasion (that date at `time`) falls in the window. */
export function occasions(w: Window, time: (date: string) => string | null, timeZone: string): string[] {
  const dates: string[] = [];
  const last = localDate(w.to, timeZone);
  for (let d = localDate(w.from, timeZone); d <= last; d = addDays(d, 1)) {
    const t = time(d);
    if (t === null) continue;
    const at = instantOf(d, t, timeZone);
    if (at > w.from && at <= w.to) dates.push(d);
  }
  return dates;
}

/** A 29 February birthday is celebrated on the 28th in other years. */
function birthdayKeys(date: string): [string, string] {
  const md = date.slice(5);
  return md === '02-28' && !isLeapYear(Number(date.slice(0, 4))) ? [md, '02-29'] : [md, md];
}

export async function birthdays(ctx: EvalContext, a: ResolvedAutomation, w: Window, timeZone: string): Promise<void> {
  const step = a.steps[0]!;
  for (const date of occasions(w, () => hhmm(a.params.hour!), timeZone)) {
    const [md, md2] = birthdayKeys(date);
    const occurrence = date.slice(0, 4);
    let after = 0;
    for (;;) {
      const due = ctx.repo.birthdays(md, md2, occurrence, after, PAGE);
      if (due.length === 0) break;
      ctx.db.transaction(() => {
        for (const d of due) ctx.sender.sendOne(a, step, d.id, occurrence, w.to);
      })();
      after = due[due.length - 1]!.id;
      await ctx.pause();
    }
  }
}

export async function anniversaries(ctx: EvalContext, a: ResolvedAutomation, w: Window, timeZone: string): Promise<void> {
  const step = a.steps[0]!;
  for (const date of occasions(w, () => hhmm(a.params.hour!), timeZone)) {
    const year = Number(date.slice(0, 4));
    const [md, md2] = birthdayKeys(date);
    // Enrolments are indexed by their UTC month-day; the shop's day is one of the three around it.
    const mds: [string, string, string] = [addDays(date, -1).slice(5), md, addDays(date, 1).slice(5)];
    let after = 0;
    for (;;) {
      const page = ctx.repo.enrolledOn(mds, after, PAGE);
      if (page.length === 0) break;
      ctx.db.transaction(() => {
        for (const c of page) {
          const enrolled = localDate(c.created_at, timeZone);
          const years = year - Number(enrolled.slice(0, 4));
          if (years < 1 || (enrolled.slice(5) !== md && enrolled.slice(5) !== md2)) continue;
          ctx.sender.sendOne(a, step, c.id, String(year), w.to, { extras: (locale: Locale) => ({ years: yearsText(years, locale) }) });
        }
      })();
      after = page[page.length - 1]!.id;
      await ctx.pause();
    }
  }
}

/** When a calendar entry goes on `date` (its time), or null when it does not go that day. */
function entryTime(e: StoredCalendarEntry, date: string): string | null {
  if (e.yearly) {
    const md = e.date.slice(5);
    // A yearly 29 February goes on the 28th in other years.
    const onDay = md === date.slice(5) || (md === '02-29' && date.slice(5) === '02-28' && !isLeapYear(Number(date.slice(0, 4))));
    return onDay ? e.time : null;
  }
  return e.date === date ? e.time : null;
}

export const calendarOccurrence = (entryId: number, date: string) => `cal${entryId}:${date}`;

/** One calendar entry to its audience (everyone, or a tier and above), in pages through the guard's SQL. */
export async function calendarEntry(ctx: EvalContext, a: ResolvedAutomation, entry: StoredCalendarEntry, w: Window, timeZone: string): Promise<number> {
  let sent = 0;
  const template = { fr: entry.messageFr, en: entry.messageEn };
  for (const date of occasions(w, (d) => entryTime(entry, d), timeZone)) {
    const occurrence = calendarOccurrence(entry.id, date);
    let cursor = 0;
    for (;;) {
      const at = w.to;
      const rows = ctx.repo.audiencePage(ctx.guard.reasonSql(entry.category), {
        ...ctx.guard.reasonParams(entry.category, at),
        cursor,
        limit: PAGE * 2,
        minTier: entry.minTier,
        automation: a.key,
        occurrence,
      });
      if (rows.length === 0) break;
      ctx.db.transaction(() => {
        const byText = new Map<string, number[]>();
        for (const row of rows) {
          if (!ctx.repo.claim(row.id, a.key, occurrence, 'sent', null, at)) continue;
          const text = render(template, row, ctx.texts());
          const base = { customerId: row.id, origin: 'automation' as const, category: entry.category, mechanic: a.key, at, text };
          if (row.reason !== null) {
            ctx.repo.settle(row.id, a.key, occurrence, 'held', row.reason, ctx.sends.record({ ...base, outcome: 'held', reason: row.reason }));
            continue;
          }
          const group = byText.get(text);
          if (group) group.push(row.id);
          else byText.set(text, [row.id]);
          ctx.repo.settle(row.id, a.key, occurrence, 'sent', null, ctx.sends.record({ ...base, outcome: 'sent', devices: row.cards }));
          sent++;
        }
        for (const [text, ids] of byText) ctx.lockScreen.show(ids, text, { origin: 'automation', automation: a.key, entry: entry.id });
      })();
      cursor = rows[rows.length - 1]!.id;
      await ctx.pause();
    }
  }
  return sent;
}

export async function calendar(ctx: EvalContext, a: ResolvedAutomation, w: Window, timeZone: string): Promise<void> {
  const earlyAccess = a.key === 'early_access';
  for (const entry of ctx.repo.calendar()) {
    if ((entry.minTier !== null) !== earlyAccess) continue;
    await calendarEntry(ctx, a, entry, w, timeZone);
  }
}
