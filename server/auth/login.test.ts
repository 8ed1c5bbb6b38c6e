import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../testing/app-harness.js';
import { hashPassword } from './password.js';

function sessionCookie(setCookie: string | string[] | undefined): string {
  const raw = [setCookie ?? []].flat().find((c) => c.startsWith('passerelle_session='));
  if (!raw) throw new Error('no session cookie set');
  return raw.split(';')[0] ?? '';
}

describe('admin login', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('a one-time login link opens a session once', async () => {
    h = await createHarness();
    const token = h.app.services.sessions.createLoginToken();
    const first = await h.admin({ method: 'GET', url: `/login?token=${token}`, anonymous: true });
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe('/');
    const setCookie = [first.headers['set-cookie'] ?? []].flat().join(';');
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    const cookie = sessionCookie(first.headers['set-cookie']);
    const api = await h.admin({ method: 'GET', url: '/api/overview', anonymous: true, headers: { cookie } });
    expect(api.statusCode).toBe(200);

    const again = await h.admin({ method: 'GET', url: `/login?token=${token}`, anonymous: true });
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe('/#/login?reason=invalid-link');
    expect(again.headers['set-cookie']).toBeUndefined();
  });

  it('the Electron launch token works for its launch, a wrong one does not', async () => {
    h = await createHarness({ PASSERELLE_LAUNCH_TOKEN: 'launch-token-of-this-run-0123456789' });
    for (let i = 0; i < 2; i++) {
      const res = await h.admin({ method: 'GET', url: '/login?token=launch-token-of-this-run-0123456789', anonymous: true });
      expect(res.headers.location).toBe('/');
    }
    const wrong = await h.admin({ method: 'GET', url: '/login?token=launch-token-of-this-run-0123456780', anonymous: true });
    expect(wrong.headers.location).toBe('/#/login?reason=invalid-link');
  });

  it('login links are refused on the public listener', async () => {
    h = await createHarness();
    const token = h.app.services.sessions.createLoginToken();
    const res = await h.public({ method: 'GET', url: `/login?token=${token}` });
    expect(res.statusCode).toBe(404);
    expect(h.app.services.sessions.consumeLoginToken(token)).toBe(true);
  });

  it('password login: disabled without a password, then right and wrong passwords', async () => {
    h = await createHarness();
    const disabled = await h.admin({ method: 'POST', url: '/api/session', anonymous: true, payload: { password: 'x' } });
    expect(disabled.statusCode).toBe(400);
    expect(disabled.json().code).toBe('PASSWORD_LOGIN_DISABLED');

    h.app.services.settings.setSecret('admin.passwordHash', await hashPassword('correct horse battery'));
    const state = await h.admin({ method: 'GET', url: '/api/session', anonymous: true });
    expect(state.json()).toMatchObject({ authenticated: false, passwordLogin: true, mode: 'headless' });

    const wrong = await h.admin({ method: 'POST', url: '/api/session', anonymous: true, payload: { password: 'nope' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('INVALID_PASSWORD');

    const right = await h.admin({ method: 'POST', url: '/api/session', anonymous: true, payload: { password: 'correct horse battery' } });
    expect(right.statusCode).toBe(200);
    const cookie = sessionCookie(right.headers['set-cookie']);
    const me = await h.admin({ method: 'GET', url: '/api/session', anonymous: true, headers: { cookie } });
    expect(me.json().authenticated).toBe(true);

    const out = await h.admin({ method: 'DELETE', url: '/api/session', anonymous: true, headers: { cookie } });
    expect(out.statusCode).toBe(204);
    const after = await h.admin({ method: 'GET', url: '/api/overview', anonymous: true, headers: { cookie } });
    expect(after.statusCode).toBe(401);
  });

  it('password guessing is rate limited', async () => {
    h = await createHarness();
    h.app.services.settings.setSecret('admin.passwordHash', await hashPassword('correct horse battery'));
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await h.admin({ method: 'POST', url: '/api/session', anonymous: true, payload: { password: `guess-${i}` } });
      codes.push(res.statusCode);
    }
    expect(codes.slice(0, 10).every((c) => c === 401)).toBe(true);
    expect(codes.slice(10)).toEqual([429, 429]);
  });
});
