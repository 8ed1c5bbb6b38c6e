/**
 * Google Wallet end to end on a real app (inject, real SQLite, the real google.object runner) against the local fakes
 * of Google's token endpoint, Wallet API and callback signer: a customer's card inserted and saved with a signed
 * link, points and messages reaching the object within Google's notification limit, callbacks recording installs,
 * and the card link giving each phone its wallet.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoBrand } from '../../demo/load.js';
import { createHarness, type Harness } from '../../testing/app-harness.js';
import { createCallbackSigner, startKeysServer, type CallbackSigner, type KeysServer } from '../../testing/google-callback-signer.js';
import { decodeRs256, testServiceAccount } from '../../testing/google-credentials.js';
import { startFakeGoogleWallet, type FakeGoogleWallet } from '../../testing/fake-google-wallet.js';
import { GOOGLE_OBJECT_KIND } from './object-job.js';

const ISSUER = '3388000000022222222';
const ANDROID = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36';
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
const DESKTOP = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';

describe('Google Wallet against the fakes', () => {
  const sa = testServiceAccount();
  let fake: FakeGoogleWallet;
  let signer: CallbackSigner;
  let keys: KeysServer;
  let h: Harness;
  let objectId = '';
  let classId = '';
  const db = () => h.app.services.db;
  const object = () => fake.get('loyaltyObject', objectId)!;
  const settle = async () => {
    // Each change wakes the runner after its commit; idle() once that turn has passed.
    await new Promise((resolve) => setImmediate(resolve));
    await h.app.parts.jobs.runner.idle(GOOGLE_OBJECT_KIND);
  };
  const googleEvents = () =>
    db().prepare<[], { kind: string; detail: string }>(`SELECT kind, detail FROM wallet_events WHERE platform = 'google' ORDER BY id`).all();
  const messages = () =>
    db().prepare<[], { body: string; message_type: string; fallback_reason: string | null; status: string }>(
      `SELECT body, message_type, fallback_reason, status FROM google_messages ORDER BY id`,
    ).all();

  beforeAll(async () => {
    fake = await startFakeGoogleWallet({ issuerId: ISSUER });
    fake.trustKey(sa.publicKey);
    signer = createCallbackSigner({ recipientId: ISSUER });
    keys = await startKeysServer(signer);
    h = await createHarness({ PASSERELLE_PUBLIC_URL: 'https://cartes.fauvette.example' }, { start: true });
    await loadDemoBrand(db(), { customers: 6 });
    // The messages guard (messaging/guard.test.ts) aside: Google's own limit is what these tests are about.
    h.app.services.settings.setMany({
      'messages.weeklyCap': 7,
      'messages.quietStart': '09:00',
      'messages.quietEnd': '09:00',
      'messages.silenceAfterPurchaseHours': 0,
      'messages.silenceAfterConversionDays': 0,
      'messages.exposureLimit30d': 0,
    });
    const put = await h.admin({
      method: 'PUT',
      url: '/api/settings/google',
      payload: { issuerId: ISSUER, apiUrl: fake.url, tokenUrl: fake.tokenUrl, keysUrl: keys.url },
    });
    expect(put.statusCode).toBe(200);
    const key = await h.admin({ method: 'POST', url: '/api/settings/google/service-account', payload: { json: sa.json } });
    expect(key.json()).toMatchObject({ configured: true, serviceAccount: { clientEmail: sa.clientEmail } });
  });
  afterAll(async () => {
    await h?.close();
    await Promise.all([fake?.close(), keys?.close()]);
  });

  it('passes the connection test', async () => {
    const res = await h.admin({ method: 'POST', url: '/api/settings/google/test', payload: {} });
    expect(res.json()).toEqual({
      ok: true,
      steps: ['issuerId', 'serviceAccount', 'token', 'issuerAccess', 'publicUrl'].map((step) => ({ step, ok: true, message: '' })),
    });
  });

  it('a customer’s first save link inserts the class and the object, then signs a skinny JWT that verifies', async () => {
    const res = await h.admin({ method: 'GET', url: '/api/customers/1/google' });
    expect(res.statusCode).toBe(200);
    const link = res.json<{ url: string; objectId: string; classId: string; vertical: string }>();
    ({ objectId, classId } = link);
    expect(link.vertical).toBe('loyalty');
    expect(fake.operations.filter((o) => o.method === 'POST').map((o) => o.path)).toEqual(['loyaltyClass', 'loyaltyObject']);
    expect(fake.get('loyaltyClass', classId)).toMatchObject({ issuerName: 'Maison Fauvette', reviewStatus: 'UNDER_REVIEW' });
    expect(object()).toMatchObject({ classId, state: 'ACTIVE', accountId: 'M-000001' });

    expect(link.url.length).toBeLessThanOrEqual(1800);
    const jwt = link.url.replace('https://pay.google.com/gp/v/save/', '');
    const { claims, signatureValid } = decodeRs256(jwt, sa.publicKey);
    expect(signatureValid).toBe(true);
    expect(claims).toMatchObject({
      iss: sa.clientEmail,
      aud: 'google',
      typ: 'savetowallet',
      origins: ['https://cartes.fauvette.example'],
      payload: { loyaltyObjects: [{ id: objectId, classId }] },
    });
    // A second link inserts nothing more.
    const before = fake.operations.length;
    expect((await h.admin({ method: 'GET', url: '/api/customers/1/google' })).statusCode).toBe(200);
    expect(fake.operations.length).toBe(before);
  });

  it('points credited: the object is patched with the new balance and a notification asked for', async () => {
    const res = await h.admin({ method: 'POST', url: '/api/customers/1/points', payload: { delta: 40, reason: 'adjustment' } });
    expect(res.statusCode).toBe(200);
    const balance = res.json<{ balance: number }>().balance;
    await settle();
    expect(object().loyaltyPoints).toMatchObject({ balance: { int: balance } });
    expect(fake.operations.at(-1)).toMatchObject({ method: 'PATCH', path: `loyaltyObject/${objectId}`, notifyPreference: 'NOTIFY_ON_UPDATE', notified: true });
  });

  it('a lock-screen message reaches the object as TEXT_AND_NOTIFY; the fourth notification in 24 h goes as TEXT, with the reason', async () => {
    // The messages guard sends only to cards in a wallet: as if the save callback had come (the callbacks are tested
    // below, where their events are counted), the customer's wallet state says so.
    db().prepare('UPDATE customers SET wallet_google = 1 WHERE id IN (1, 2)').run();
    for (const text of ['Thé offert samedi', 'Nouvelle collection', 'Soirée privée jeudi']) {
      const sent = await h.admin({ method: 'POST', url: '/api/customers/1/message', payload: { text } });
      expect(sent.json(), sent.body).toMatchObject({ outcome: 'sent' });
      await settle();
    }
    const sent = (object().messages as Array<{ body: string; messageType: string }>).map((m) => [m.body, m.messageType]);
    // One notification went with the points: two messages notify, the third would be the fourth in 24 hours.
    expect(sent).toEqual([
      ['Thé offert samedi', 'TEXT_AND_NOTIFY'],
      ['Nouvelle collection', 'TEXT_AND_NOTIFY'],
      ['Soirée privée jeudi', 'TEXT'],
    ]);
    expect(messages().map((m) => [m.message_type, m.fallback_reason, m.status])).toEqual([
      ['TEXT_AND_NOTIFY', null, 'sent'],
      ['TEXT_AND_NOTIFY', null, 'sent'],
      ['TEXT', 'quota', 'sent'],
    ]);
    // The change recorded each message; the one that could not notify has a line of its own saying why.
    const quiet = googleEvents().filter((e) => e.kind === 'message' && JSON.parse(e.detail).fallbackReason);
    expect(quiet.map((e) => JSON.parse(e.detail))).toEqual([{ text: 'Soirée privée jeudi', messageType: 'TEXT', fallbackReason: 'quota' }]);
    expect(fake.operations.filter((o) => o.notified).length).toBe(3);
  });

  it('when Google counts more than we do (QuotaExceededException), the message goes again as TEXT', async () => {
    const link = (await h.admin({ method: 'GET', url: '/api/customers/2/google' })).json<{ objectId: string }>();
    for (const n of [1, 2, 3]) {
      const reply = fake.handle('POST', `loyaltyObject/${link.objectId}/addMessage`, new URLSearchParams(), { message: { header: 'x', body: `elsewhere ${n}`, messageType: 'TEXT_AND_NOTIFY' } }, false);
      expect(reply.status).toBe(200);
    }
    const sent = await h.admin({ method: 'POST', url: '/api/customers/2/message', payload: { text: 'Bon anniversaire' } });
    expect(sent.json(), sent.body).toMatchObject({ outcome: 'sent' });
    await settle();
    expect(messages().at(-1)).toEqual({ body: 'Bon anniversaire', message_type: 'TEXT', fallback_reason: 'google-quota', status: 'sent' });
    const statuses = fake.operations.filter((o) => o.path === `loyaltyObject/${link.objectId}/addMessage`).map((o) => o.status);
    expect(statuses.slice(-2)).toEqual([429, 200]);
  });

  it('a design edit that changes only what the class shows updates the class, not the objects', async () => {
    const design = (await h.admin({ method: 'GET', url: '/api/designs' })).json<{ items: Array<{ id: number; isDefault: boolean; kind: string }> }>().items.find((d) => d.isDefault && d.kind === 'loyalty')!;
    const current = (await h.admin({ method: 'GET', url: `/api/designs/${design.id}` })).json<{ design: { name: string; version: number; content: { tiers: Array<{ colours?: { background?: string } }> } } }>().design;
    const content = structuredClone(current.content);
    const c = content as unknown as { colours: { background: string; foreground: string; label: string } };
    c.colours = { background: '#14532d', foreground: '#ffffff', label: '#d1fae5' };
    const before = fake.operations.length;
    const saved = await h.admin({ method: 'PUT', url: `/api/designs/${design.id}`, payload: { name: current.name, content, version: current.version } });
    expect(saved.statusCode).toBe(200);
    await settle();
    const calls = fake.operations.slice(before);
    // One class per tier in use (customers 1 and 2), nothing else: the objects' bodies did not change.
    expect(calls.length).toBeGreaterThan(0);
    expect(new Set(calls.map((o) => `${o.method} ${o.path.split('/')[0]}`))).toEqual(new Set(['PUT loyaltyClass']));
    const tier = db().prepare<[], { tier: string }>('SELECT tier FROM customers WHERE id = 1').get()!.tier;
    const own = (content.tiers as Array<{ id?: string; colours?: { background?: string } }>).find((t) => t.id === tier)?.colours?.background;
    expect(fake.get('loyaltyClass', String(object().classId))!.hexBackgroundColor).toBe(own ?? '#14532d');
  });

  it('with merchant locations on, the object carries the stores nearest the customer (at most 10)', async () => {
    expect((await h.admin({ method: 'PUT', url: '/api/settings/google', payload: { merchantLocations: true } })).statusCode).toBe(200);
    db().prepare('UPDATE customers SET preferred_store_id = (SELECT MIN(id) FROM stores) WHERE id = 1').run();
    await h.admin({ method: 'POST', url: '/api/customers/1/points', payload: { delta: 1, reason: 'adjustment' } });
    await settle();
    const locations = object().merchantLocations as Array<{ latitude: number; longitude: number }>;
    const stores = db().prepare<[], { latitude: number; longitude: number }>('SELECT latitude, longitude FROM stores').all();
    expect(locations.length).toBe(Math.min(10, stores.length));
    expect(locations[0]).toEqual(db().prepare('SELECT latitude, longitude FROM stores ORDER BY id LIMIT 1').get());
    expect((await h.admin({ method: 'PUT', url: '/api/settings/google', payload: { merchantLocations: false } })).statusCode).toBe(200);
  });

  describe('save/delete callbacks', () => {
    const post = (body: unknown) => h.public({ method: 'POST', url: '/google/callback', payload: body as Record<string, unknown> });
    const count = () => googleEvents().filter((e) => e.kind === 'installed' || e.kind === 'uninstalled').length;

    it('a signed save records an install; a delete an uninstall', async () => {
      const res = await post(signer.sign({ classId, objectId, eventType: 'save' }));
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ recorded: true });
      expect(googleEvents().at(-1)).toMatchObject({ kind: 'installed' });
      const stats = await h.admin({ method: 'GET', url: `/api/wallet/stats?from=0&to=${Date.now() + 1000}` });
      expect(stats.json()).toMatchObject({ google: { installs: 1, uninstalls: 0 } });
      // The dashboard and the customer's wallet panel count it.
      expect((await h.admin({ method: 'GET', url: '/api/overview' })).json()).toMatchObject({ wallets: { google: { installed: 1, installs30d: 1 } } });
      expect((await h.admin({ method: 'GET', url: '/api/customers/1/wallet' })).json()).toMatchObject({ installed: true, wallets: { google: true, apple: false } });
      expect((await post(signer.sign({ classId, objectId, eventType: 'del' }))).statusCode).toBe(200);
      expect(googleEvents().at(-1)).toMatchObject({ kind: 'uninstalled' });
      expect((await h.admin({ method: 'GET', url: '/api/overview' })).json()).toMatchObject({ wallets: { google: { installed: 0, uninstalls30d: 1 } } });
      expect((await h.admin({ method: 'GET', url: '/api/customers/1/wallet' })).json()).toMatchObject({ installed: false, wallets: { google: false } });
    });

    it('follows Google’s key rotation with one fresh download', async () => {
      signer.rotateRoot();
      const before = keys.requests;
      expect((await post(signer.sign({ classId, objectId, eventType: 'save' }))).statusCode).toBe(200);
      expect(keys.requests).toBe(before + 1);
    });

    it('tampered, expired, replayed or foreign callbacks get a 4xx and record nothing', async () => {
      const before = count();
      const valid = signer.sign({ classId, objectId, eventType: 'save' });
      expect((await post(signer.tamper(valid, { objectId: `${ISSUER}.someone-else` }))).statusCode).toBe(401);
      expect((await post(signer.sign({ classId, objectId, eventType: 'save' }, { expTimeMillis: Date.now() - 1000 }))).statusCode).toBe(400);
      expect((await post(signer.sign({ classId, objectId, eventType: 'save' }, { keyExpiration: Date.now() - 1000 }))).statusCode).toBe(401);
      expect((await post(signer.sign({ classId, objectId, eventType: 'save' }, { recipientId: '1234' }))).statusCode).toBe(401);
      expect((await post(signer.sign({ classId, objectId, eventType: 'save' }, { root: 'unpublished' }))).statusCode).toBe(401);
      expect((await post({ ...valid, extra: true })).statusCode).toBe(400);
      expect((await post(valid)).statusCode).toBe(200);
      const replay = await post(valid);
      expect(replay.statusCode).toBe(409);
      expect(replay.json()).toMatchObject({ code: 'CALLBACK_REPLAYED' });
      expect(count()).toBe(before + 1);
    });

  });

  describe('the card link gives each phone its wallet', () => {
    const link = () => h.app.parts.apple.issuer.issuePass(1).downloadId;
    const open = (ua: string, query = '') => h.public({ method: 'GET', url: `/p/${link()}${query}`, headers: { 'user-agent': ua } });

    it('Android → the Google save link', async () => {
      const res = await open(ANDROID);
      expect(res.statusCode).toBe(302);
      expect(res.headers.location).toMatch(/^https:\/\/pay\.google\.com\/gp\/v\/save\/[\w-]+\.[\w-]+\.[\w-]+$/);
      const { claims } = decodeRs256(String(res.headers.location).split('/').pop()!, sa.publicKey);
      expect(claims.payload).toEqual({ loyaltyObjects: [{ id: objectId, classId: expect.any(String) }] });
    });

    it('iPhone → the .pkpass', async () => {
      const res = await open(IPHONE);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/vnd.apple.pkpass');
    });

    it('a computer → a page with both buttons, each link picking its wallet', async () => {
      const res = await h.public({ method: 'GET', url: `/p/${link()}`, headers: { 'user-agent': DESKTOP, 'accept-language': 'en-GB,en;q=0.8' } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toContain(`href="/p/${link()}?wallet=apple"`);
      expect(res.body).toContain(`href="/p/${link()}?wallet=google"`);
      expect(res.body).toContain('src="/g/button/en.svg"');
      expect((await open(DESKTOP, '?wallet=apple')).headers['content-type']).toBe('application/vnd.apple.pkpass');
      expect((await open(DESKTOP, '?wallet=google')).statusCode).toBe(302);
      const button = await h.public({ method: 'GET', url: '/g/button/en.svg' });
      expect(button.body).toContain('Add to Google Wallet');
    });

    it('serves the Google-sized logo Google fetches', async () => {
      const uri = String((fake.get('loyaltyClass', classId)!.programLogo as { sourceUri: { uri: string } }).sourceUri.uri);
      expect(uri).toMatch(/^https:\/\/cartes\.fauvette\.example\/g\/images\/[0-9a-f]{64}\/google-logo\.png$/);
      const res = await h.public({ method: 'GET', url: new URL(uri).pathname });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('image/png');
      expect(res.rawPayload.readUInt32BE(16)).toBe(660);
    });
  });
});
