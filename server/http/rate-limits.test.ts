import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoBrand } from '../demo/load.js';
import type { PassRow } from '../passes/cards/passes-repository.js';
import { createHarness, type Harness } from '../testing/app-harness.js';
import { addressKey, clientAddress } from './client-address.js';
import { createFailureCounter, FAILURE_BUDGETS, RATE_LIMITS } from './rate-limits.js';

describe('clientAddress: only the trusted hops are believed', () => {
  it('takes the entry the trusted proxies wrote, whatever the client put on the left', () => {
    expect(clientAddress('127.0.0.1', 'spoofed, 203.0.113.5', 1)).toBe('203.0.113.5');
    expect(clientAddress('127.0.0.1', ['1.1.1.1, 2.2.2.2', '203.0.113.5'], 1)).toBe('203.0.113.5');
    expect(clientAddress('127.0.0.1', '203.0.113.5, 10.0.0.2', 2)).toBe('203.0.113.5');
    expect(clientAddress('127.0.0.1', 'forged, 203.0.113.5, 10.0.0.2', 2)).toBe('203.0.113.5');
    // Fewer entries than hops: the leftmost there is.
    expect(clientAddress('127.0.0.1', '203.0.113.5', 3)).toBe('203.0.113.5');
    // No header, or no trusted hop: the socket.
    expect(clientAddress('198.51.100.1', undefined, 1)).toBe('198.51.100.1');
    expect(clientAddress('198.51.100.1', '203.0.113.5', 0)).toBe('198.51.100.1');
    expect(clientAddress('198.51.100.1', ' , ', 1)).toBe('198.51.100.1');
  });

  it('counts an IPv6 client by its /64 and reads the forms proxies write', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002:ffff:0:0:9')).toBe('2001:db8:1:2::/64');
    expect(addressKey('[2001:db8:1:2::5]:443')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::ffff:203.0.113.5')).toBe('203.0.113.5');
    expect(addressKey('203.0.113.5:5123')).toBe('203.0.113.5');
    expect(addressKey('x'.repeat(500))).toHaveLength('other:'.length + 64);
  });

  it('a failure counter forgets the oldest address past its bound', () => {
    let t = 0;
    const c = createFailureCounter({ max: 2, windowMs: 1000, now: () => t, maxTracked: 3 });
    c.record('a');
    c.record('a');
    expect(c.blockedFor('a')).toBe(1000);
    for (const k of ['b', 'c', 'd']) c.record(k);
    expect(c.blockedFor('a')).toBe(0);
    c.record('b');
    t = 999;
    expect(c.blockedFor('b')).toBe(1);
    t = 1000;
    expect(c.blockedFor('b')).toBe(0);
  });
});

describe('public rate limits a client cannot reset', () => {
  let h: Harness;
  let pass: PassRow;
  beforeAll(async () => {
    h = await createHarness();
    await loadDemoBrand(h.app.services.db, { customers: 2 });
    pass = h.app.parts.apple.issuer.issuePass(1);
  });
  afterAll(() => h.close());

  it('a new X-Forwarded-For value on every request does not make a new client', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 400; i++) {
      const res = await h.public({ method: 'GET', url: '/health', headers: { 'x-forwarded-for': `10.9.${i >> 8}.${i & 255}, 198.51.100.7` } });
      codes.push(res.statusCode);
    }
    expect(codes.filter((c) => c === 200)).toHaveLength(RATE_LIMITS.general.max);
    expect(codes.filter((c) => c === 429)).toHaveLength(400 - RATE_LIMITS.general.max);
    expect((await h.public({ method: 'GET', url: '/health', headers: { 'x-forwarded-for': '198.51.100.8' } })).statusCode).toBe(200);
  });

  it('counts unknown paths (404) too', async () => {
    const codes: number[] = [];
    for (let i = 0; i <= RATE_LIMITS.general.max; i++) {
      codes.push((await h.public({ method: 'GET', url: `/probe/${i}`, headers: { 'x-forwarded-for': '198.51.100.9' } })).statusCode);
    }
    expect(codes.slice(0, RATE_LIMITS.general.max).every((c) => c === 404)).toBe(true);
    const last = await h.public({ method: 'GET', url: '/anything', headers: { 'x-forwarded-for': '198.51.100.9' } });
    expect(last.statusCode).toBe(429);
    expect(last.json()).toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('closes the web service to an address after too many wrong tokens, the right one included', async () => {
    const get = (token: string, ip: string) =>
      h.public({
        method: 'GET',
        url: `/apple/v1/passes/${pass.passTypeIdentifier}/${pass.serial}`,
        headers: { authorization: `ApplePass ${token}`, 'x-forwarded-for': ip },
      });
    for (let i = 0; i < FAILURE_BUDGETS.webServiceAuth.max; i++) expect((await get(`guess-${i}-0000000000000`, '198.51.100.10')).statusCode).toBe(401);
    const blocked = await get(pass.authToken, '198.51.100.10');
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect((await get(pass.authToken, '198.51.100.11')).statusCode).toBe(200);
  });
});

describe('without a tunnel (0 trusted hops)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ PASSERELLE_TRUSTED_PROXY_HOPS: '0' });
  });
  afterAll(() => h.close());

  it('ignores X-Forwarded-For entirely and counts the socket address', async () => {
    const codes: number[] = [];
    for (let i = 0; i <= RATE_LIMITS.general.max; i++) {
      codes.push((await h.public({ method: 'GET', url: '/health', headers: { 'x-forwarded-for': `203.0.113.${i & 255}` } })).statusCode);
    }
    expect(codes.at(-1)).toBe(429);
  });
});
