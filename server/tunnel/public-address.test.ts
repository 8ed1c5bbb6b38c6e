import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../testing/app-harness.js';
import { createServerCertificate } from '../testing/tls-server-certificate.js';
import { startHttpsStandIn, standInAgent, type StandInAgent } from '../testing/tunnel-stand-in.js';
import { explainNgrokError } from './ngrok-agent.js';
import { runSelfTest } from './self-test.js';
import { createNoncesRepository } from './nonces-repository.js';

describe('public address: ngrok tunnel (stand-in), own address, applied at once, self-test from outside', () => {
  let h: Harness;
  let agent: StandInAgent;
  let publicPort: number;
  beforeAll(async () => {
    agent = standInAgent();
    h = await createHarness({}, { build: { tunnel: { agent, selfTestCa: agent.caPem } } });
    await h.app.public.listen({ host: '127.0.0.1', port: 0 });
    publicPort = (h.app.public.server.address() as AddressInfo).port;
    h.app.services.urls.setBoundPorts(4380, publicPort);
  });
  afterAll(() => h.close());

  const view = async () => (await h.admin({ method: 'GET', url: '/api/public-address' })).json();
  const put = (payload: object) => h.admin({ method: 'PUT', url: '/api/public-address', payload });
  const selfTest = async () => (await h.admin({ method: 'POST', url: '/api/public-address/test', payload: {} })).json();

  it('starts on the public listener’s own address, flagged as local, with no tunnel', async () => {
    expect(await view()).toMatchObject({
      url: `http://127.0.0.1:${publicPort}`,
      source: 'listener',
      issue: 'local',
      provider: 'none',
      ngrok: { domain: '', authtokenSet: false },
      tunnel: { status: 'off' },
      listenerUrl: `http://127.0.0.1:${publicPort}`,
    });
    const report = await selfTest();
    expect(report.ok).toBe(false);
    expect(report.steps[0]).toMatchObject({ id: 'address', status: 'fail', code: 'ADDRESS_NOT_HTTPS' });
  });

  it('starts the tunnel with the authtoken and static domain; its https URL becomes the public URL at once', async () => {
    const res = await put({ provider: 'ngrok', domain: 'https://Maison-Fauvette.ngrok-free.app/', authtoken: 'abc_DEF-123' });
    expect(res.statusCode).toBe(200);
    const url = agent.open[0]!.url;
    expect(res.json()).toMatchObject({ url, source: 'setting', provider: 'ngrok', ngrok: { domain: 'maison-fauvette.ngrok-free.app', authtokenSet: true }, tunnel: { status: 'online', url } });
    expect(agent.starts.at(-1)).toEqual({ authtoken: 'abc_DEF-123', domain: 'maison-fauvette.ngrok-free.app', forwardTo: `http://127.0.0.1:${publicPort}` });
    // Everything reads it at use time: no restart.
    expect(h.app.services.urls.public()).toBe(url);
    expect((await h.admin({ method: 'GET', url: '/api/settings' })).json().server).toMatchObject({ publicUrl: url, publicUrlSource: 'setting', publicUrlIssue: 'local' });
    expect(JSON.stringify(await view())).not.toContain('abc_DEF-123');
  });

  it('the self-test reaches this Passerelle through the tunnel over trusted HTTPS, and says the address is local', async () => {
    const report = await selfTest();
    expect(report).toMatchObject({ ok: true, url: agent.open[0]!.url });
    expect(report.steps.map((s: { id: string; status: string; code: string }) => [s.id, s.status, s.code])).toEqual([
      ['address', 'warn', 'ADDRESS_LOCAL'],
      ['dns', 'ok', 'DNS_OK'],
      ['https', 'ok', 'HTTPS_OK'],
      ['passerelle', 'ok', 'REACHES_PASSERELLE'],
    ]);
    const check = h.app.parts.checks().find((c) => c.id === 'public-url')!;
    expect(await check.run({ serverRunning: true, now: Date.now() })).toMatchObject({ status: 'warn', code: 'ADDRESS_LOCAL' });
    expect(await check.run({ serverRunning: false, now: Date.now() })).toMatchObject({ status: 'fail', code: 'SERVER_NOT_RUNNING' });
  });

  it('follows the connection’s drops and returns; restarts on demand', async () => {
    agent.signal('closed');
    expect((await view()).tunnel.status).toBe('reconnecting');
    agent.signal('connected');
    expect((await view()).tunnel.status).toBe('online');
    const again = await h.admin({ method: 'POST', url: '/api/public-address/tunnel', payload: {} });
    expect(again.json().tunnel.status).toBe('online');
    expect(agent.open).toHaveLength(1);
  });

  it('says in plain words why ngrok refused, keeping the token until a new one is given', async () => {
    agent.refuseNext(explainNgrokError('failed to start tunnel: ERR_NGROK_105 The authtoken you specified does not look like a proper ngrok authtoken', 'x'));
    const res = await put({ provider: 'ngrok', domain: 'maison-fauvette.ngrok-free.app', authtoken: 'wrong' });
    expect(res.json().tunnel).toMatchObject({ status: 'error', error: { code: 'NGROK_AUTHTOKEN', message: expect.stringContaining('dashboard.ngrok.com') } });
    agent.refuseNext(explainNgrokError('ERR_NGROK_320 domain is reserved for another account', 'stolen.ngrok.app'));
    const domain = await put({ provider: 'ngrok', domain: 'stolen.ngrok.app' });
    expect(domain.json().tunnel.error).toMatchObject({ code: 'NGROK_DOMAIN', message: expect.stringContaining('stolen.ngrok.app') });
    expect(explainNgrokError('failed to connect session: failed to establish tcp connection', 'x').code).toBe('NGROK_UNREACHABLE');
    expect(explainNgrokError('ERR_NGROK_108 limited to 1 simultaneous ngrok agent session', 'x').code).toBe('NGROK_SESSION_LIMIT');
  });

  it('takes the owner’s own https address (reverse proxy, Cloudflare tunnel), closing the ngrok tunnel', async () => {
    const bad = await put({ provider: 'none', url: 'cartes.example.fr' });
    expect([bad.statusCode, bad.json().code]).toEqual([400, 'VALIDATION_ERROR']);
    const res = await put({ provider: 'none', url: 'https://cartes.maison-fauvette.fr/' });
    expect(res.json()).toMatchObject({ url: 'https://cartes.maison-fauvette.fr', provider: 'none', tunnel: { status: 'off' } });
    expect(res.json().issue).toBeUndefined();
    expect(agent.open).toHaveLength(0);
    // This machine has no DNS for it: the self-test says so, and stops there.
    const report = await selfTest();
    expect(report.steps.find((s: { id: string }) => s.id === 'dns')).toMatchObject({ status: 'fail', code: 'DNS_UNKNOWN' });
    expect(report.steps.find((s: { id: string }) => s.id === 'passerelle')).toMatchObject({ status: 'skip' });
  });

  it('a one-time value is answered once, by the public listener only', async () => {
    const nonces = h.app.parts.tunnel.nonces;
    const nonce = nonces.create();
    const first = await h.public({ method: 'GET', url: `/.well-known/passerelle-self-test/${nonce}` });
    expect([first.statusCode, first.json()]).toEqual([200, { nonce }]);
    expect((await h.public({ method: 'GET', url: `/.well-known/passerelle-self-test/${nonce}` })).statusCode).toBe(404);
    expect((await h.admin({ method: 'GET', url: `/.well-known/passerelle-self-test/${nonces.create()}` })).statusCode).toBe(404);
  });
});

describe('self-test failures, each in plain words', () => {
  let h: Harness;
  let publicPort: number;
  beforeAll(async () => {
    h = await createHarness();
    await h.app.public.listen({ host: '127.0.0.1', port: 0 });
    publicPort = (h.app.public.server.address() as AddressInfo).port;
  });
  afterAll(() => h.close());
  const test = (url: string, ca?: string) => runSelfTest(url, { nonces: createNoncesRepository(h.app.services.db), ca, timeoutMs: 5_000 });
  const stepOf = (report: Awaited<ReturnType<typeof test>>, id: string) => report.steps.find((s) => s.id === id);

  it('an untrusted certificate (self-signed as far as phones know)', async () => {
    const standIn = await startHttpsStandIn(`http://127.0.0.1:${publicPort}`);
    try {
      expect(stepOf(await test(standIn.url), 'https')).toMatchObject({ status: 'fail', code: expect.stringMatching(/CERT_SELF_SIGNED|CERT_CHAIN_INCOMPLETE/) });
      expect(stepOf(await test(standIn.url, standIn.caPem), 'passerelle')).toMatchObject({ status: 'ok' });
    } finally {
      await standIn.close();
    }
  });

  it('nothing listening; another server answering; a name the certificate does not cover', async () => {
    const other = http.createServer((_req, res) => res.writeHead(404).end('<html>nginx</html>'));
    await new Promise<void>((done) => other.listen(0, '127.0.0.1', done));
    const otherPort = (other.address() as AddressInfo).port;
    const standIn = await startHttpsStandIn(`http://127.0.0.1:${otherPort}`);
    try {
      const closed = await test(`https://127.0.0.1:1`);
      expect(stepOf(closed, 'https')).toMatchObject({ status: 'fail', code: 'CONNECTION_REFUSED' });
      expect(stepOf(await test(standIn.url, standIn.caPem), 'passerelle')).toMatchObject({ status: 'fail', code: 'OTHER_SERVER', params: { status: 404 } });
      // A certificate for "localhost" only, reached as 127.0.0.1.
      const named = await startHttpsStandIn(`http://127.0.0.1:${publicPort}`, createServerCertificate(['localhost']));
      const wrongName = await test(named.url.replace('localhost', '127.0.0.1'), named.caPem);
      await named.close();
      expect(stepOf(wrongName, 'https')).toMatchObject({ status: 'fail', code: 'CERT_WRONG_NAME' });
    } finally {
      await standIn.close();
      await new Promise((done) => other.close(done));
    }
  });
});
