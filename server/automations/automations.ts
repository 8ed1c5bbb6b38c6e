/**
 * What the automations page and the CLI do: list the automations as the owner set them with what they sent lately,
 * switch one on or off, edit its texts and timings, and keep the calendar of seasonal dates and early-access days.
 */
import { AppError, notFound } from '../errors.js';
import { addDays, instantOf, isLeapYear, localDate } from '../shop-days.js';
import type { AutomationsRepository, StoredCalendarEntry } from './automations-repository.js';
import { CATALOGUE, definitionOf } from './catalogue.js';
import { allAutomations, resolveAutomation, type ResolvedAutomation } from './context.js';
import type { Engine } from './engine.js';
import { calendarOccurrence } from './moments/highlights.js';
import type { AutomationKey, AutomationUpdate, AutomationView, AutomationsView, CalendarEntry, CalendarInput } from './schemas.js';
import { checkTemplate } from './texts.js';

export interface AutomationsServiceDeps {
  now(): number;
  repo: AutomationsRepository;
  engine: Engine;
  timeZone(): string;
  tierExists(id: string): boolean;
  /** Wakes the tick after a change (a calendar date for today, an automation switched on). */
  wake(): void;
}

export function createAutomationsService(deps: AutomationsServiceDeps) {
  const { repo } = deps;

  function view(a: ResolvedAutomation, stats: ReturnType<AutomationsRepository['stats30d']>): AutomationView {
    const mine = stats.filter((s) => s.automation === a.key);
    const sent = mine.find((s) => s.outcome === 'sent');
    return {
      key: a.key,
      moment: a.def.moment,
      enabled: a.enabled,
      steps: a.steps.map((s, i) => ({ ...s, defaultFr: a.def.steps[i]!.fr, defaultEn: a.def.steps[i]!.en })),
      params: a.def.params.map((p) => ({ key: p.key, value: a.params[p.key]!, default: p.default, min: p.min, max: p.max, unit: p.unit })),
      placeholders: [...a.def.placeholders],
      sent30d: sent?.n ?? 0,
      held30d: mine.find((s) => s.outcome === 'held')?.n ?? 0,
      lastSentAt: sent?.last ?? null,
    };
  }

  /** The next time a calendar entry goes, after now (null: a one-off date that has passed). */
  function nextAt(e: StoredCalendarEntry, now: number): number | null {
    const zone = deps.timeZone();
    if (!e.yearly) {
      const at = instantOf(e.date, e.time, zone);
      return at > now ? at : null;
    }
    const today = localDate(now, zone);
    for (let year = Number(today.slice(0, 4)); ; year++) {
      let md = e.date.slice(5);
      if (md === '02-29' && !isLeapYear(year)) md = '02-28';
      const at = instantOf(`${year}-${md}`, e.time, zone);
      if (at > now) return at;
    }
  }

  function entryView(e: StoredCalendarEntry, now: number): CalendarEntry {
    // The last date it went: its occurrence key names the shop's date.
    const zone = deps.timeZone();
    let lastDate: string | null = null;
    if (!e.yearly) lastDate = instantOf(e.date, e.time, zone) <= now ? e.date : null;
    else {
      const today = localDate(now, zone);
      for (let d = today, i = 0; i < 366 && lastDate === null; d = addDays(d, -1), i++) {
        const md = e.date.slice(5);
        if ((d.slice(5) === md || (md === '02-29' && d.slice(5) === '02-28' && !isLeapYear(Number(d.slice(0, 4))))) && instantOf(d, e.time, zone) <= now) lastDate = d;
      }
    }
    return { ...e, nextAt: nextAt(e, now), sent: lastDate ? repo.entrySent(calendarOccurrence(e.id, lastDate)) : 0 };
  }

  function list(): AutomationsView {
    const now = deps.now();
    const stats = repo.stats30d(now);
    return {
      items: allAutomations(repo).map((a) => view(a, stats)),
      calendar: repo.calendar().map((e) => entryView(e, now)),
      timeZone: deps.timeZone(),
    };
  }

  function update(key: AutomationKey, input: AutomationUpdate): AutomationView {
    const def = definitionOf(key);
    const current = resolveAutomation(repo, key);
    const steps = input.steps ?? current.steps.map((s) => ({ fr: s.fr, en: s.en }));
    if (steps.length !== def.steps.length) {
      throw new AppError('INVALID_STEPS', `This automation has ${def.steps.length} message(s).`, 400, { expected: def.steps.length });
    }
    steps.forEach((s, i) => {
      checkTemplate(s.fr, `steps[${i}].fr`, def.placeholders);
      checkTemplate(s.en, `steps[${i}].en`, def.placeholders);
    });
    const params: Record<string, number> = { ...current.params };
    for (const [k, v] of Object.entries(input.params ?? {})) {
      const p = def.params.find((x) => x.key === k);
      if (!p) throw new AppError('UNKNOWN_PARAM', `${k}: this automation has no such setting.`, 400, { param: k });
      if (v < p.min || v > p.max) throw new AppError('INVALID_PARAM', `${k}: from ${p.min} to ${p.max}.`, 400, { param: k, min: p.min, max: p.max });
      params[k] = v;
    }
    if (key === 'reactivation' && !(params.firstDays! < params.secondDays! && params.secondDays! < params.thirdDays!)) {
      throw new AppError('INVALID_PARAM', 'The three delays must grow: first < second < third.', 400, { param: 'secondDays' });
    }
    if (key === 'activation_sequence' && params.offerDay! <= params.reminderDay!) {
      throw new AppError('INVALID_PARAM', 'The offer comes after the reminder.', 400, { param: 'offerDay' });
    }
    const now = deps.now();
    // An empty French text means the playbook's: stored as empty so that a later better default applies.
    const messages = steps.map((s, i) => (s.fr.trim() === '' || (s.fr === def.steps[i]!.fr && s.en === def.steps[i]!.en) ? { fr: '', en: '' } : { fr: s.fr.trim(), en: s.en.trim() }));
    if (input.enabled && !current.enabled) deps.engine.startFrom(key, now);
    repo.saveSettings(key, { enabled: input.enabled, messages, params }, now);
    if (input.enabled) setImmediate(deps.wake);
    return view(resolveAutomation(repo, key), repo.stats30d(now));
  }

  function checkEntry(input: CalendarInput): Omit<StoredCalendarEntry, 'id'> {
    const minTier = input.minTier ?? null;
    if (minTier !== null && !deps.tierExists(minTier)) throw new AppError('UNKNOWN_TIER', `No tier ${minTier} in the programme.`, 400, { tier: minTier });
    const [y, m, d] = input.date.split('-').map(Number) as [number, number, number];
    if (new Date(Date.UTC(y, m - 1, d)).getUTCDate() !== d) throw new AppError('INVALID_DATE', `${input.date} is not a date.`, 400);
    checkTemplate(input.messageFr, 'messageFr', []);
    if (input.messageEn) checkTemplate(input.messageEn, 'messageEn', []);
    return {
      name: input.name.trim(),
      date: input.date,
      time: input.time ?? '10:00',
      yearly: input.yearly ?? false,
      category: input.category,
      messageFr: input.messageFr.trim(),
      messageEn: input.messageEn?.trim() ?? '',
      minTier,
    };
  }

  return {
    list,
    update,
    addEntry(input: CalendarInput): CalendarEntry {
      const id = repo.addCalendarEntry(checkEntry(input), deps.now());
      setImmediate(deps.wake);
      return entryView(repo.calendarEntry(id)!, deps.now());
    },
    updateEntry(id: number, input: CalendarInput): CalendarEntry {
      if (!repo.updateCalendarEntry({ id, ...checkEntry(input) }, deps.now())) throw notFound('Calendar entry');
      setImmediate(deps.wake);
      return entryView(repo.calendarEntry(id)!, deps.now());
    },
    deleteEntry(id: number): void {
      if (!repo.deleteCalendarEntry(id)) throw notFound('Calendar entry');
    },
    keys: () => CATALOGUE.map((d) => d.key),
  };
}

export type AutomationsService = ReturnType<typeof createAutomationsService>;
