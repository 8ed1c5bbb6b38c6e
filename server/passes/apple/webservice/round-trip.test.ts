/**
 * The device simulator against the real server over real HTTP on 127.0.0.1: download, check (manifest + openssl),
 * register, list, fetch, update, unregister, log — and every way a request can be wrong.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../../auth/guard.js';
import { loadDemoBrand } from '../../../demo/load.js';
import { startServer, type RunningServer } from '../../../main.js';
import { httpRequest, SimulatedDevice } from '../../../testing/device-simulator.js';
import { welcomeOff } from '../../../testing/automations-off.js';
import { startFakeApns } from '../../../testing/fake-apns.js';
import type { PassRow } from '../../cards/passes-repository.js';

describe('an iPhone and the Wallet web service, over HTTP', () => {
  let server: RunningServer;
  let dataDir: string;
  let wwdrPem: string;
  let passes: PassRow[];
  const device = () => new SimulatedDevice({ wwdrPem });
  const db = () => server.app.services.db;
  const download = (d: SimulatedDevice, pass: PassRow) => d.download(`${server.publicUrl}/p/${pass.downloadId}`);
  const events = (passId: number) =>
    db().prepare<[number], { kind: string; detail: string }>('SELECT kind, detail FROM wallet_events WHERE pass_id = ? ORDER BY id').all(passId);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'passerelle-roundtrip-'));
    server = await startServer({
      env: { PASSERELLE_DATA_DIR: dataDir, PASSERELLE_ADMIN_PORT: '0', PASSERELLE_PUBLIC_PORT: '0', PASSERELLE_LOG_LEVEL: 'silent' },
      out: () => {},
      cwd: dataDir,
    });
    await loadDemoBrand(db(), { customers: 12 });
    // Every change of a card is counted here: no welcome on registration.
    welcomeOff(db());
    const p = server.app.parts.apple;
    passes = [1, 2, 3, 4].map((id) => p.issuer.issuePass(id));
    wwdrPem = p.identity.current().pems.wwdrPem;
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('downloads a pass that checks out and points at this web service', async () => {
    const phone = device();
    const pass = await download(phone, passes[0]!);
    expect(pass.webServiceURL).toBe(`${server.publicUrl}/apple`);
    expect(pass.serialNumber).toBe(passes[0]!.serial);
    expect(pass.authenticationToken.length).toBeGreaterThanOrEqual(16);
  });

  it('registers (201), again (200, new push token kept), lists, fetches with 304, unregisters', async () => {
    const phone = device();
    const pass = await download(phone, passes[0]!);
    const serial = pass.serialNumber;

    expect(await phone.register(serial)).toBe(201);
    expect(events(passes[0]!.id)).toEqual([{ kind: 'installed', detail: JSON.stringify({ devices: 1 }) }]);
    expect(await phone.register(serial)).toBe(200);
    const newToken = 'ab'.repeat(32);
    expect(await phone.register(serial, { pushToken: newToken })).toBe(200);
    const row = db().prepare<[string], { push_token: string }>('SELECT push_token FROM devices WHERE device_library_id = ?').get(phone.deviceLibraryIdentifier);
    expect(row?.push_token).toBe(newToken);
    expect(events(passes[0]!.id)).toHaveLength(1);

    const first = await phone.listUpdates(pass.webServiceURL, pass.passTypeIdentifier, false);
    expect(first).toMatchObject({ status: 200, serialNumbers: [serial] });
    expect(typeof first.lastUpdated).toBe('string');
    expect((await phone.listUpdates(pass.webServiceURL, pass.passTypeIdentifier)).status).toBe(204);

    const fetched = await phone.fetchLatest(serial, { ifModifiedSince: null });
    expect(fetched.status).toBe(200);
    expect(fetched.lastModified).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    expect((await phone.fetchLatest(serial)).status).toBe(304);
    const lenient = String(Math.floor(Date.parse(fetched.lastModified!) / 1000));
    expect((await phone.fetchLatest(serial, { ifModifiedSince: lenient })).status).toBe(304);
    expect((await phone.fetchLatest(serial, { ifModifiedSince: '0' })).status).toBe(200);
    expect((await phone.fetchLatest(serial, { ifModifiedSince: 'not a date' })).status).toBe(200);

    const head = await phone.fetchLatest(serial, { method: 'HEAD', ifModifiedSince: null });
    expect(head).toMatchObject({ status: 200, lastModified: fetched.lastModified });

    expect(await phone.unregister(serial)).toBe(200);
    expect(events(passes[0]!.id).map((e) => e.kind)).toEqual(['installed', 'uninstalled']);
    expect(await phone.postLog(pass.webServiceURL, ['unregistered fine'])).toBe(200);
  });

  it('HEAD carries the headers of GET', async () => {
    const phone = device();
    const pass = await download(phone, passes[2]!);
    const url = `${pass.webServiceURL}/v1/passes/${pass.passTypeIdentifier}/${pass.serialNumber}`;
    const headers = { authorization: `ApplePass ${pass.authenticationToken}` };
    const get = await httpRequest({ method: 'GET', url, headers });
    const head = await httpRequest({ method: 'HEAD', url, headers });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    for (const h of ['content-type', 'last-modified', 'content-length']) expect(head.headers[h], h).toBe(get.headers[h]);
  });

  it('says only what really changed, with a strictly increasing string tag even for two quick updates', async () => {
    const phone = device();
    const a = await download(phone, passes[1]!);
    const b = await download(phone, passes[2]!);
    expect(await phone.register(a.serialNumber)).toBe(201);
    expect(await phone.register(b.serialNumber)).toBe(201);
    const all = await phone.listUpdates(a.webServiceURL, a.passTypeIdentifier, false);
    expect(all.serialNumbers.sort()).toEqual([a.serialNumber, b.serialNumber].sort());
    await phone.fetchLatest(a.serialNumber, { ifModifiedSince: null });
    await phone.fetchLatest(b.serialNumber, { ifModifiedSince: null });

    const updates = server.app.parts.cards.changes;
    db().prepare('UPDATE customers SET points_balance = points_balance + 7 WHERE id = ?').run(passes[1]!.customerId);
    const t1 = updates.markPassesChanged([passes[1]!.id], { reason: 'points' }).tag;
    const t2 = updates.markPassesChanged([passes[1]!.id], { reason: 'points' }).tag;
    expect(t2).toBeGreaterThan(t1);

    const changed = await phone.listUpdates(a.webServiceURL, a.passTypeIdentifier);
    expect(changed.serialNumbers).toEqual([a.serialNumber]);
    expect(changed.lastUpdated).toBe(String(t2));
    expect(BigInt(changed.lastUpdated as string)).toBeGreaterThan(BigInt(all.lastUpdated as string));
    expect((await phone.listUpdates(a.webServiceURL, a.passTypeIdentifier)).status).toBe(204);

    const before = phone.passes.get(a.serialNumber)!.lastModified!;
    const got = await phone.fetchLatest(a.serialNumber);
    expect(got.status).toBe(200);
    // Two changes in the same second: the phone still gets the newer one, with a date that never passes the clock.
    expect(Date.parse(got.lastModified!)).toBeGreaterThanOrEqual(Date.parse(before));
    expect(Date.parse(got.lastModified!)).toBeLessThanOrEqual(Date.now());
    expect((await phone.fetchLatest(b.serialNumber)).status).toBe(304);
  });

  it('answers 401 to a missing, wrong or borrowed token, and to passes it does not have', async () => {
    const phone = device();
    const pass = await download(phone, passes[1]!);
    const other = await download(phone, passes[2]!);
    const serial = pass.serialNumber;
    expect(await phone.register(serial, { token: 'x'.repeat(43) })).toBe(401);
    expect(await phone.register(serial, { token: other.authenticationToken })).toBe(401);
    expect((await phone.fetchLatest(serial, { token: other.authenticationToken })).status).toBe(401);
    expect(await phone.unregister(serial, other.authenticationToken)).toBe(401);

    const base = `${pass.webServiceURL}/v1`;
    const auth = { authorization: `ApplePass ${pass.authenticationToken}` };
    const dli = phone.deviceLibraryIdentifier;
    const unknown = [
      { method: 'GET' as const, url: `${base}/passes/${pass.passTypeIdentifier}/${'Z'.repeat(22)}`, headers: auth },
      { method: 'GET' as const, url: `${base}/passes/pass.com.other.brand/${serial}`, headers: auth },
      { method: 'GET' as const, url: `${base}/passes/${pass.passTypeIdentifier}/${serial}` },
      { method: 'GET' as const, url: `${base}/passes/${pass.passTypeIdentifier}/${serial}`, headers: { authorization: pass.authenticationToken } },
      { method: 'GET' as const, url: `${base}/passes/${pass.passTypeIdentifier}/${serial}`, headers: { authorization: `Bearer ${pass.authenticationToken}` } },
      { method: 'DELETE' as const, url: `${base}/devices/${dli}/registrations/${pass.passTypeIdentifier}/${'Z'.repeat(22)}`, headers: auth },
    ];
    for (const req of unknown) {
      const res = await httpRequest(req);
      expect(res.status, `${req.method} ${req.url}`).toBe(401);
      expect(JSON.parse(res.body.toString())).toMatchObject({ code: 'UNAUTHENTICATED' });
    }
    // The scheme is case-insensitive (RFC 9110 §11.1).
    const lower = await httpRequest({ method: 'GET', url: `${base}/passes/${pass.passTypeIdentifier}/${serial}`, headers: { authorization: `applepass ${pass.authenticationToken}` } });
    expect(lower.status).toBe(200);
    // A device or pass type without registrations has nothing that changed.
    expect((await phone.listUpdates(pass.webServiceURL, 'pass.com.other.brand', false)).status).toBe(204);
    expect((await device().listUpdates(pass.webServiceURL, pass.passTypeIdentifier, false)).status).toBe(204);
  });

  it('refuses malformed bodies, parameters and tags with a 4xx {code, message}', async () => {
    const phone = device();
    const pass = await download(phone, passes[1]!);
    const url = phone.registrationUrl(pass);
    const headers = { authorization: `ApplePass ${pass.authenticationToken}`, 'content-type': 'application/json' };
    const bodies = ['', '{', '[]', 'null', '{"pushToken":42}', '{"pushToken":"zz"}', `{"pushToken":"${'a'.repeat(63)}"}`, `{"pushToken":"${'a'.repeat(4000)}"}`];
    for (const body of bodies) {
      const res = await httpRequest({ method: 'POST', url, headers, body });
      expect(res.status, body.slice(0, 30)).toBeGreaterThanOrEqual(400);
      expect(res.status, body.slice(0, 30)).toBeLessThan(500);
      expect(JSON.parse(res.body.toString())).toEqual({ code: expect.any(String), message: expect.any(String) });
    }
    const base = `${pass.webServiceURL}/v1`;
    const bad = [
      { method: 'GET' as const, url: `${base}/devices/${phone.deviceLibraryIdentifier}/registrations/${pass.passTypeIdentifier}?passesUpdatedSince=abc` },
      { method: 'GET' as const, url: `${base}/devices/${phone.deviceLibraryIdentifier}/registrations/${pass.passTypeIdentifier}?passesUpdatedSince=-1` },
      { method: 'GET' as const, url: `${base}/devices/short/registrations/${pass.passTypeIdentifier}` },
      { method: 'GET' as const, url: `${base}/devices/${phone.deviceLibraryIdentifier}/registrations/not-a-pass-type` },
      { method: 'GET' as const, url: `${base}/passes/${pass.passTypeIdentifier}/${encodeURIComponent('../../etc')}` },
      { method: 'POST' as const, url: `${base}/log`, headers: { 'content-type': 'application/json' }, body: '{"logs":[1,{}]}' },
      { method: 'POST' as const, url: `${base}/log`, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ logs: Array(101).fill('x') }) },
      { method: 'POST' as const, url: `${base}/log`, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ logs: ['x'.repeat(70_000)] }) },
    ];
    for (const req of bad) {
      const res = await httpRequest(req);
      expect(res.status, `${req.method} ${req.url.slice(-60)}`).toBeGreaterThanOrEqual(400);
      expect(res.status, `${req.method} ${req.url.slice(-60)}`).toBeLessThan(500);
    }
    // An empty passesUpdatedSince is "no tag" (phones have been seen sending it).
    expect((await httpRequest({ method: 'GET', url: `${base}/devices/${phone.deviceLibraryIdentifier}/registrations/${pass.passTypeIdentifier}?passesUpdatedSince=` })).status).toBe(204);
  });

  it('keeps device logs, cut and tied to the pass they name', async () => {
    const phone = device();
    const pass = await download(phone, passes[1]!);
    const line = `Get pass task (pass type ${pass.passTypeIdentifier}, serial number ${pass.serialNumber}) encountered error: Server response was malformed`;
    expect(await phone.postLog(pass.webServiceURL, [line, 'x'.repeat(5000), '  ', 'two\nlines'])).toBe(200);
    const { logs } = server.app.parts.apple;
    const mine = logs.forCustomer(passes[1]!.customerId);
    expect(mine.map((l) => l.message)).toContain(line);
    const latest = logs.list(10, 0).items.map((l) => l.message);
    expect(latest).toContain('two lines');
    expect(latest.find((m) => m.startsWith('xxx'))?.length).toBe(1000);
    expect(latest).not.toContain('');
  });

  it('acts on a push as Wallet does: the fake APNs records it, the phone asks what changed and fetches it', async () => {
    const { services } = server.app;
    const identity = server.app.parts.apple.identity.current();
    const topic = identity.identity.passTypeIdentifier;
    const fake = await startFakeApns({ clientCaPem: identity.pems.wwdrPem, topic });
    const caFile = join(dataDir, 'fake-apns-ca.pem');
    writeFileSync(caFile, fake.caPem);
    services.settings.setMany({ 'apns.host': '127.0.0.1', 'apns.port': fake.port, 'apns.caFile': caFile });
    // The running server's own pushes start once APNs points at the fake.
    await server.app.parts.apple.pushes.sync();
    expect(server.app.parts.apple.pushes.state()).toBe('running');
    try {
      const phone = device();
      const pass = await download(phone, passes[3]!);
      expect(await phone.register(pass.serialNumber)).toBe(201);
      await phone.listUpdates(pass.webServiceURL, pass.passTypeIdentifier, false);
      await phone.fetchLatest(pass.serialNumber, { ifModifiedSince: null });
      const points = (p: typeof pass) => (p.passJson.storeCard as { headerFields: Array<{ key: string; value: unknown }> }).headerFields.find((f) => f.key === 'points')?.value;
      const before = points(phone.passes.get(pass.serialNumber)!) as number;

      const admin = new URL(server.adminUrl);
      const res = await server.app.admin.inject({
        method: 'POST',
        url: `/api/customers/${passes[3]!.customerId}/points`,
        headers: { host: admin.host, cookie: `${SESSION_COOKIE}=${services.sessions.createSession('test')}` },
        payload: { delta: 40, reason: 'adjustment' },
      });
      expect(res.json()).toMatchObject({ passes: 1, pushes: 1 });

      await expect.poll(() => fake.countFor(phone.pushToken), { timeout: 10_000 }).toBe(1);
      expect(fake.pushes.find((p) => p.token === phone.pushToken)).toMatchObject({ topic, body: '{}' });
      expect(await phone.onPush()).toEqual([pass.serialNumber]);
      expect(points(phone.passes.get(pass.serialNumber)!)).toBe(before + 40);
      expect(await phone.onPush()).toEqual([]);
    } finally {
      await fake.close();
    }
  });
});
