import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGoogleWallet, type FakeGoogleWallet } from '../../../testing/fake-google-wallet.js';
import { testServiceAccount } from '../../../testing/google-credentials.js';
import { WalletApiError } from './api-errors.js';
import { createPacer } from './pacer.js';
import { createWalletApi, type WalletApi } from './wallet-api.js';

const ISSUER = '3388000000022222222';
const sa = testServiceAccount();
const loyaltyClass = (suffix: string) => ({
  id: `${ISSUER}.${suffix}`,
  issuerName: 'Maison Fauvette',
  programName: 'Fidélité',
  programLogo: { sourceUri: { uri: 'https://c.example/logo.png' } },
  reviewStatus: 'UNDER_REVIEW',
});
const loyaltyObject = (suffix: string, classSuffix = 'c1') => ({ id: `${ISSUER}.${suffix}`, classId: `${ISSUER}.${classSuffix}`, state: 'ACTIVE' });

async function refusal(p: Promise<unknown>): Promise<{ kind: string; status: number }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof WalletApiError) return { kind: err.kind, status: err.status };
    throw err;
  }
  throw new Error('no error');
}

describe('createWalletApi against the fake Google Wallet API', () => {
  let fake: FakeGoogleWallet;
  let api: WalletApi;
  beforeAll(async () => {
    fake = await startFakeGoogleWallet({ issuerId: ISSUER });
    fake.trustKey(sa.publicKey);
    api = createWalletApi({
      clientEmail: sa.clientEmail,
      privateKeyPem: sa.privateKeyPem,
      apiUrl: fake.url,
      tokenUrl: fake.tokenUrl,
      pacer: createPacer(1000),
      retry: { baseMs: 5, maxMs: 20 },
    });
  });
  afterAll(() => fake.close());

  it('exchanges the service-account assertion for a token once, then inserts, reads and patches', async () => {
    await api.insert('loyaltyClass', loyaltyClass('c1'));
    await api.insert('loyaltyObject', loyaltyObject('o1'));
    expect(fake.tokensIssued).toBe(1);
    const patched = await api.patch('loyaltyObject', `${ISSUER}.o1`, { loyaltyPoints: { balance: { int: 10 } }, notifyPreference: 'NOTIFY_ON_UPDATE' });
    expect(patched).toMatchObject({ state: 'ACTIVE', loyaltyPoints: { balance: { int: 10 } } });
    expect(patched.notifyPreference).toBeUndefined();
    expect(await api.get('loyaltyObject', `${ISSUER}.o1`)).toMatchObject({ classId: `${ISSUER}.c1` });
    expect(fake.operations.at(-2)).toMatchObject({ method: 'PATCH', notifyPreference: 'NOTIFY_ON_UPDATE', notified: true });
  });

  it('sorts Google errors: exists, not found, rejected, permission', async () => {
    expect(await refusal(api.insert('loyaltyClass', loyaltyClass('c1')))).toEqual({ kind: 'exists', status: 409 });
    expect(await refusal(api.patch('loyaltyObject', `${ISSUER}.nope`, { state: 'EXPIRED' }))).toEqual({ kind: 'not-found', status: 404 });
    expect(await refusal(api.insert('loyaltyObject', loyaltyObject('o2', 'missing')))).toEqual({ kind: 'not-found', status: 404 });
    expect(await refusal(api.insert('loyaltyObject', { id: `${ISSUER}.o3` }))).toEqual({ kind: 'rejected', status: 400 });
    expect(await refusal(api.insert('loyaltyClass', { ...loyaltyClass('x'), id: '42.x' }))).toEqual({ kind: 'auth', status: 403 });
  });

  it('tries again after 503 and 429, and gives up after its attempts', async () => {
    const before = fake.operations.length;
    fake.failNext(2, 503);
    await api.get('loyaltyObject', `${ISSUER}.o1`);
    expect(fake.operations.slice(before).map((o) => o.status)).toEqual([503, 503, 200]);
    fake.failNext(4, 503);
    expect(await refusal(api.get('loyaltyObject', `${ISSUER}.o1`))).toEqual({ kind: 'transient', status: 503 });
  });

  it('tells the notification quota from other errors', async () => {
    const message = (n: number) => ({ header: 'Bonjour', body: `Message ${n}`, id: `m${n}`, messageType: 'TEXT_AND_NOTIFY' });
    await api.insert('loyaltyObject', loyaltyObject('q1'));
    for (const n of [1, 2, 3]) await api.addMessage('loyaltyObject', `${ISSUER}.q1`, message(n));
    expect(await refusal(api.addMessage('loyaltyObject', `${ISSUER}.q1`, message(4)))).toEqual({ kind: 'notify-quota', status: 429 });
    const { resource } = (await api.addMessage('loyaltyObject', `${ISSUER}.q1`, { ...message(4), messageType: 'TEXT' })) as { resource: { messages: unknown[] } };
    expect(resource.messages).toHaveLength(4);
  });

  it('sends many calls in one batch and reads each answer in order', async () => {
    const answers = await api.batch([
      { method: 'POST', path: 'loyaltyObject', body: loyaltyObject('b1') },
      { method: 'PATCH', path: `loyaltyObject/${ISSUER}.o1`, body: { state: 'EXPIRED' } },
      { method: 'PATCH', path: `loyaltyObject/${ISSUER}.missing`, body: { state: 'EXPIRED' } },
      { method: 'POST', path: 'loyaltyObject', body: loyaltyObject('b1') },
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 404, 409]);
    expect(answers[1]!.data).toMatchObject({ id: `${ISSUER}.o1`, state: 'EXPIRED' });
    expect(fake.get('loyaltyObject', `${ISSUER}.b1`)).toBeDefined();
  });

  it('says when the token endpoint refuses the key', async () => {
    const other = createWalletApi({ clientEmail: sa.clientEmail, privateKeyPem: testServiceAccount().privateKeyPem, apiUrl: fake.url, tokenUrl: fake.tokenUrl, pacer: createPacer(1000) });
    expect(await refusal(other.authenticate())).toEqual({ kind: 'auth', status: 400 });
  });
});
