import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCallbackSigner, startKeysServer, type KeysServer } from '../../../testing/google-callback-signer.js';
import { lengthValue, verifyCallback } from './ecv2.js';
import { cacheLifetime, createRootKeys } from './root-keys.js';

const ISSUER = '3388000000022222222';
const NOW = Date.UTC(2026, 4, 1, 12);
const signer = createCallbackSigner({ recipientId: ISSUER, now: () => NOW });
const fields = { classId: `${ISSUER}.c`, objectId: `${ISSUER}.o`, eventType: 'save' as const, nonce: 'n-1' };
const check = (body: unknown, over: { now?: number; senderId?: string; recipientId?: string } = {}) =>
  verifyCallback(body, { rootKeys: signer.keysDocument().keys, recipientId: over.recipientId ?? ISSUER, senderId: over.senderId, now: over.now ?? NOW });

describe('verifyCallback (ECv2SigningOnly)', () => {
  it('length-prefixes each field with 4 little-endian bytes', () => {
    expect(lengthValue('ab', 'é')).toEqual(Buffer.from([2, 0, 0, 0, 0x61, 0x62, 2, 0, 0, 0, 0xc3, 0xa9]));
  });

  it('accepts what Google signs and returns the message', () => {
    expect(check(signer.sign(fields))).toEqual({
      ok: true,
      message: { classId: `${ISSUER}.c`, objectId: `${ISSUER}.o`, eventType: 'save', expTimeMillis: NOW + 3_600_000, nonce: 'n-1' },
    });
  });

  it('refuses a tampered message, another recipient or sender, an unpublished root, expired keys and messages', () => {
    const body = signer.sign(fields);
    expect(check(signer.tamper(body, { eventType: 'del' }))).toEqual({ ok: false, reason: 'bad-signature' });
    expect(check(body, { recipientId: '1234' })).toEqual({ ok: false, reason: 'bad-signature' });
    expect(check(body, { senderId: 'GoogleWalletPasses' })).toEqual({ ok: false, reason: 'bad-root-signature' });
    expect(check(signer.sign(fields, { root: 'unpublished' }))).toEqual({ ok: false, reason: 'bad-root-signature' });
    expect(check(signer.sign(fields, { keyExpiration: NOW - 1 }))).toEqual({ ok: false, reason: 'expired-key' });
    expect(check(signer.sign(fields, { expTimeMillis: NOW }))).toEqual({ ok: false, reason: 'expired-message' });
    expect(check(body, { now: NOW + 40 * 86_400_000 })).toEqual({ ok: false, reason: 'no-root-keys' });
  });

  it('takes a configured sender id', () => {
    expect(check(signer.sign(fields, { senderId: 'GoogleWalletPasses' }), { senderId: 'GoogleWalletPasses' }).ok).toBe(true);
  });

  it('refuses envelopes that are not exactly Tink’s shape', () => {
    const body = signer.sign(fields);
    expect(check({ ...body, extra: 1 })).toEqual({ ok: false, reason: 'malformed' });
    expect(check({ ...body, protocolVersion: 'ECv2' })).toEqual({ ok: false, reason: 'malformed' });
    const { signature: _drop, ...noSignature } = body;
    expect(check(noSignature)).toEqual({ ok: false, reason: 'malformed' });
    expect(check({ ...body, intermediateSigningKey: { signedKey: 'x', signatures: [] } })).toEqual({ ok: false, reason: 'malformed' });
    expect(check('text')).toEqual({ ok: false, reason: 'malformed' });
  });
});

describe('root keys', () => {
  let server: KeysServer;
  let clock = NOW;
  beforeAll(async () => (server = await startKeysServer(signer, { cacheControl: 'public, max-age=600' })));
  afterAll(() => server.close());

  it('reads max-age minus Age, and no-store as nothing to keep', () => {
    expect(cacheLifetime('public, max-age=3600', '600')).toBe(3_000_000);
    expect(cacheLifetime('max-age=10', null)).toBe(10_000);
    expect(cacheLifetime('no-store', null)).toBe(0);
    expect(cacheLifetime(null, null)).toBeUndefined();
  });

  it('downloads once while fresh, again once stale, and when asked to refresh at most once a minute', async () => {
    const keys = createRootKeys({ url: () => server.url, now: () => clock });
    const before = server.requests;
    const [a, b] = await Promise.all([keys.get(), keys.get()]);
    expect(a).toEqual(signer.keysDocument().keys);
    expect(b).toBe(a);
    expect(server.requests - before).toBe(1);
    clock += 599_000;
    await keys.get();
    expect(server.requests - before).toBe(1);
    clock += 2_000;
    await keys.get();
    expect(server.requests - before).toBe(2);
    expect(await keys.refresh()).toBe(true);
    expect(await keys.refresh()).toBe(false);
    expect(server.requests - before).toBe(3);
    clock += 60_000;
    expect(await keys.refresh()).toBe(true);
    expect(server.requests - before).toBe(4);
  });

  it('says when Google cannot be reached', async () => {
    const keys = createRootKeys({ url: () => server.url, now: () => clock });
    server.failing = true;
    await expect(keys.get()).rejects.toThrow(/503/);
    server.failing = false;
  });
});
