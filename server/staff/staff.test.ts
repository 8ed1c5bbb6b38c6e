import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../testing/app-harness.js';
import { LOCK_MS, MAX_FAILURES, SESSION_MS } from './staff-auth.js';

describe('staff accounts, PIN login and the staff scanner API', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(() => h.close());

  const login = (name: string, pin: string, ip = '203.0.113.20') =>
    h.public({ method: 'POST', url: '/staff/api/login', headers: { 'x-forwarded-for': ip }, payload: { name, pin } });
  const addStaff = async (name: string, pin: string) => {
    const r = await h.admin({ method: 'POST', url: '/api/staff', payload: { name, pin } });
    expect(r.statusCode).toBe(201);
    return r.json() as { id: number };
  };

  it('locks an account after 5 wrong PINs, refuses even the right PIN while locked, and the admin can unlock it', async () => {
    const lea = await addStaff('Léa', '4821');
    const answers: Array<[number, string, unknown]> = [];
    for (let i = 0; i < MAX_FAILURES; i++) {
      const r = await login('Léa', '0000', `198.51.100.${i}`);
      answers.push([r.statusCode, r.json().code, r.json().params?.attemptsLeft]);
    }
    expect(answers).toEqual([
      [401, 'STAFF_LOGIN_FAILED', 4],
      [401, 'STAFF_LOGIN_FAILED', 3],
      [401, 'STAFF_LOGIN_FAILED', 2],
      [401, 'STAFF_LOGIN_FAILED', 1],
      [423, 'STAFF_LOCKED', undefined],
    ]);
    const right = await login('Léa', '4821', '198.51.100.77');
    expect(right.statusCode).toBe(423);
    expect(right.json()).toMatchObject({ code: 'STAFF_LOCKED', params: { until: expect.any(Number) } });
    expect(right.json().params.until - Date.now()).toBeGreaterThan(LOCK_MS - 60_000);
    const row = h.app.services.db.prepare('SELECT failed_attempts, locked_until FROM staff WHERE id = ?').get(lea.id) as { failed_attempts: number; locked_until: number };
    expect(row.failed_attempts).toBe(MAX_FAILURES);

    // An unknown name answers exactly like a wrong PIN.
    const unknown = await login('Mallory', '4821', '198.51.100.78');
    expect([unknown.statusCode, unknown.json().code]).toEqual([401, 'STAFF_LOGIN_FAILED']);

    expect((await h.admin({ method: 'PATCH', url: `/api/staff/${lea.id}`, payload: { unlock: true } })).json()).toMatchObject({ failedAttempts: 0, lockedUntil: null });
    const ok = await login('léa', '4821', '198.51.100.79');
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ name: 'Léa', token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
  });

  it('limits PIN attempts per address whatever the names tried', async () => {
    let last = 0;
    for (let i = 0; i < 11; i++) last = (await login(`Nobody${i}`, '1234', '192.0.2.50')).statusCode;
    expect(last).toBe(429);
  });

  it('serves the scanner API only to a live staff session, which ends at logout, deactivation or expiry', async () => {
    const lea = await addStaff('Léa', '4821');
    expect((await h.public({ method: 'GET', url: '/staff/api/lookup?code=M-000001' })).statusCode).toBe(401);
    expect((await h.public({ method: 'GET', url: '/staff/api/lookup?code=M-000001', headers: { authorization: 'Staff forged-token-forged-token-forged' } })).statusCode).toBe(401);
    // The admin's scanner API is not on the public listener at all.
    expect((await h.public({ method: 'GET', url: '/api/scanner/lookup?code=M-000001' })).statusCode).toBe(404);

    const token = (await login('Léa', '4821')).json().token as string;
    const auth = { authorization: `Staff ${token}` };
    const c = (await h.admin({ method: 'POST', url: '/api/customers', payload: { email: 'lou@example.fr', firstName: 'Lou' } })).json();
    const found = await h.public({ method: 'GET', url: `/staff/api/lookup?code=${encodeURIComponent(`http://x/r/${c.referralCode}`)}`, headers: auth });
    expect(found.json()).toMatchObject({ customer: { id: c.id, firstName: 'Lou', tier: 'member', tierName: { fr: 'Membre', en: 'Member' }, points: 0 } });
    const bought = await h.public({
      method: 'POST',
      url: `/staff/api/customers/${c.id}/purchases`,
      headers: auth,
      payload: { amountCents: 60_000, requestId: 'req-000000001' },
    });
    expect(bought.json()).toMatchObject({ outcome: { created: true, pointsEarned: 600, tier: 'silver' }, customer: { points: 600, tierName: { fr: 'Argent' } } });
    const replay = await h.public({ method: 'POST', url: `/staff/api/customers/${c.id}/purchases`, headers: auth, payload: { amountCents: 60_000, requestId: 'req-000000001' } });
    expect(replay.json()).toMatchObject({ outcome: { created: false }, customer: { points: 600 } });
    expect(h.app.services.db.prepare("SELECT source, staff_id FROM purchases").all()).toEqual([{ source: 'till', staff_id: lea.id }]);

    expect((await h.public({ method: 'POST', url: '/staff/api/logout', headers: auth })).statusCode).toBe(204);
    expect((await h.public({ method: 'GET', url: '/staff/api/me', headers: auth })).statusCode).toBe(401);

    const second = (await login('Léa', '4821')).json().token as string;
    await h.admin({ method: 'PATCH', url: `/api/staff/${lea.id}`, payload: { active: false } });
    expect((await h.public({ method: 'GET', url: '/staff/api/me', headers: { authorization: `Staff ${second}` } })).statusCode).toBe(401);

    await h.admin({ method: 'PATCH', url: `/api/staff/${lea.id}`, payload: { active: true } });
    const third = (await login('Léa', '4821')).json().token as string;
    h.app.services.db.prepare('UPDATE staff_sessions SET expires_at = ?').run(Date.now() - 1);
    expect((await h.public({ method: 'GET', url: '/staff/api/me', headers: { authorization: `Staff ${third}` } })).statusCode).toBe(401);
    expect(SESSION_MS).toBe(12 * 3_600_000);
  });
});
