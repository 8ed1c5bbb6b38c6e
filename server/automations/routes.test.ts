/**
 * The automations' admin API: the twelve automations of the six moments with the playbook's defaults, switching one
 * on with its texts and timings, the calendar of highlights; bad input answered with a 4xx and a code, never a 5xx.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../testing/app-harness.js';
import { AUTOMATION_KEYS, MOMENTS, type AutomationView, type AutomationsView, type CalendarEntry } from './schemas.js';

describe('the automations API', () => {
  let h: Harness;
  const list = async () => (await h.admin({ method: 'GET', url: '/api/automations' })).json<AutomationsView>();
  const one = async (key: string) => (await list()).items.find((a) => a.key === key)!;

  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('lists every automation of the six moments with the playbook’s French texts, the welcome on', async () => {
    const view = await list();
    expect(view.items.map((a) => a.key).sort()).toEqual([...AUTOMATION_KEYS].sort());
    expect(new Set(view.items.map((a) => a.moment))).toEqual(new Set(MOMENTS));
    const welcome = view.items.find((a) => a.key === 'welcome')!;
    expect(welcome.enabled).toBe(true);
    expect(welcome.steps[0]!.fr).toBe(welcome.steps[0]!.defaultFr);
    expect(welcome.steps[0]!.fr.length).toBeGreaterThan(10);
    const tier = view.items.find((a) => a.key === 'tier_reached')!;
    expect(tier.steps[0]!.fr).toContain('🏆');
    expect(view.timeZone).toBe('Europe/Paris');
    expect((await h.admin({ method: 'GET', url: '/api/automations', anonymous: true })).statusCode).toBe(401);
  });

  it('switches an automation on with its own texts and timings; an empty French text goes back to the playbook’s', async () => {
    const res = await h.admin({
      method: 'PUT',
      url: '/api/automations/dormant_points',
      payload: { enabled: true, steps: [{ fr: '{{points}} points vous attendent, {{firstName}}.', en: '' }], params: { days: 60, minPoints: 20 } },
    });
    expect(res.statusCode).toBe(200);
    const saved = res.json<AutomationView>();
    expect(saved.enabled).toBe(true);
    expect(saved.steps[0]!.fr).toBe('{{points}} points vous attendent, {{firstName}}.');
    expect(Object.fromEntries(saved.params.map((p) => [p.key, p.value]))).toEqual({ days: 60, minPoints: 20 });
    expect(await one('dormant_points')).toEqual(saved);

    const back = await h.admin({ method: 'PUT', url: '/api/automations/dormant_points', payload: { enabled: false, steps: [{ fr: '', en: '' }] } });
    expect(back.statusCode).toBe(200);
    expect(back.json<AutomationView>().enabled).toBe(false);
    expect(back.json<AutomationView>().steps[0]!.fr).toBe(saved.steps[0]!.defaultFr);
  });

  it('refuses settings an automation does not have, out of their bounds, or in the wrong order, and unknown automations', async () => {
    const put = (key: string, payload: unknown) => h.admin({ method: 'PUT', url: `/api/automations/${key}`, payload: payload as object });
    const cases: Array<[string, unknown, number, string]> = [
      ['dormant_points', { enabled: true, params: { hours: 3 } }, 400, 'UNKNOWN_PARAM'],
      ['dormant_points', { enabled: true, params: { days: 3 } }, 400, 'INVALID_PARAM'],
      ['reactivation', { enabled: true, params: { firstDays: 60, secondDays: 45 } }, 400, 'INVALID_PARAM'],
      ['welcome', { enabled: true, steps: [{ fr: 'a', en: '' }, { fr: 'b', en: '' }] }, 400, 'INVALID_STEPS'],
      ['welcome', { enabled: true, steps: [{ fr: 'x'.repeat(241), en: '' }] }, 400, 'VALIDATION_ERROR'],
      ['nope', { enabled: true }, 400, 'VALIDATION_ERROR'],
      ['welcome', { enabled: 'yes' }, 400, 'VALIDATION_ERROR'],
    ];
    for (const [key, payload, status, code] of cases) {
      const res = await put(key, payload);
      expect({ key, payload, status: res.statusCode, code: res.json<{ code: string }>().code }).toEqual({ key, payload, status, code });
    }
    expect((await one('welcome')).steps[0]!.fr).toBe((await one('welcome')).steps[0]!.defaultFr);
  });

  it('keeps the calendar of highlights: adds, edits and deletes a date; refuses an impossible date or an unknown tier', async () => {
    const added = await h.admin({
      method: 'POST',
      url: '/api/automations/calendar',
      payload: { name: 'Fête des pères', date: '2026-06-21', yearly: true, time: '10:30', category: 'relational', messageFr: 'Pour lui 🎁 Nos idées cadeaux.' },
    });
    expect(added.statusCode).toBe(201);
    const entry = added.json<CalendarEntry>();
    expect(entry).toMatchObject({ name: 'Fête des pères', date: '2026-06-21', time: '10:30', yearly: true, minTier: null, sent: 0 });
    expect(entry.nextAt).toBeGreaterThan(Date.now());
    expect((await list()).calendar.some((e) => e.id === entry.id)).toBe(true);

    const edited = await h.admin({
      method: 'PUT',
      url: `/api/automations/calendar/${entry.id}`,
      payload: { name: 'Fête des pères', date: '2026-06-21', category: 'commercial', messageFr: '-10 % pour lui ce week-end.' },
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json<CalendarEntry>()).toMatchObject({ category: 'commercial', messageFr: '-10 % pour lui ce week-end.', yearly: false });

    const bad = async (payload: object, code: string) => {
      const res = await h.admin({ method: 'POST', url: '/api/automations/calendar', payload });
      expect([res.statusCode, res.json<{ code: string }>().code]).toEqual([400, code]);
    };
    const base = { name: 'Soldes', date: '2026-01-07', category: 'commercial', messageFr: 'Les soldes commencent.' };
    await bad({ ...base, date: '2026-02-30' }, 'INVALID_DATE');
    await bad({ ...base, minTier: 'platinum-x' }, 'UNKNOWN_TIER');
    await bad({ ...base, messageFr: '   ' }, 'VALIDATION_ERROR');
    await bad({ ...base, time: '25:00' }, 'VALIDATION_ERROR');

    const missing = await h.admin({ method: 'PUT', url: '/api/automations/calendar/99999', payload: base });
    expect(missing.statusCode).toBe(404);
    expect((await h.admin({ method: 'DELETE', url: `/api/automations/calendar/${entry.id}` })).statusCode).toBe(204);
    expect((await list()).calendar.some((e) => e.id === entry.id)).toBe(false);
  });
});
