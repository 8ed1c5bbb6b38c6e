/**
 * `passerelle doctor` and the data-folder trap, as an owner meets them: real CLI processes, a real server in this
 * process (noted in a runtime folder the CLI reads), a fake APNs, a local HTTPS stand-in for the tunnel.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAppRoot } from '../app-root.js';
import { backupDatabase } from '../db/backup.js';
import { startServer, type RunningServer } from '../main.js';
import { makeAppleLikeChain, signCsrAsApple } from '../testing/apple-like-chain.js';
import { startFakeApns, type FakeApns } from '../testing/fake-apns.js';
import { startHttpsStandIn, type HttpsStandIn } from '../testing/tunnel-stand-in.js';
import { SESSION_COOKIE } from '../auth/guard.js';

const root = findAppRoot();
// By path: the commands run from folders that have no node_modules of their own.
const TSX = pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

describe('passerelle doctor and the data folder a command works on', { timeout: 240_000 }, () => {
  let base: string;
  let runtimeDir: string;
  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'passerelle-doctor-'));
    runtimeDir = join(base, 'running');
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  // Asynchronous: the server these commands talk to runs in this process and must keep answering meanwhile.
  const cli = (args: string[], env: Record<string, string>, cwd: string = base) => {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PASSERELLE_')));
    const child = spawn(process.execPath, ['--import', TSX, join(root, 'server/cli.ts'), ...args], {
      cwd,
      env: { ...clean, PASSERELLE_RUNTIME_DIR: runtimeDir, PASSERELLE_LOG_LEVEL: 'silent', ...env },
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    return new Promise<{ code: number | null; out: string; err: string }>((resolve) => child.once('close', (code) => resolve({ code, out, err })));
  };

  it('without a data folder here and no server running, commands say so and create no stray ./data', async () => {
    const empty = join(base, 'empty');
    mkdirSync(empty);
    const link = await cli(['login-link'], {}, empty);
    expect(link.code).toBe(1);
    expect(link.err).toMatch(/No Passerelle data folder here \(.*data\) and no Passerelle running/);
    const doctor = await cli(['doctor'], {}, empty);
    expect(doctor.code).toBe(1);
    expect(doctor.out).toMatch(/^✘ Data folder/m);
    expect(existsSync(join(empty, 'data'))).toBe(false);
  });

  it('on a fresh install, names each missing piece, one line each, and exits 1', async () => {
    const fresh = join(base, 'fresh');
    expect((await cli(['migrate'], { PASSERELLE_DATA_DIR: fresh })).code).toBe(0);
    const r = await cli(['doctor'], { PASSERELLE_DATA_DIR: fresh });
    expect(r.code).toBe(1);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toMatch(/^Passerelle doctor: .*fresh \(no server running on it\)$/);
    expect(lines.slice(1, 9).map((l) => l.slice(0, 20).trim())).toEqual([
      '✘ Public address',
      '✘ Apple certificate',
      '✔ Apple WWDR',
      '✘ Apple push (APNs)',
      '! Google Wallet',
      '✔ Database',
      '! Last backup',
      '✔ Disk space',
    ]);
    expect(r.out).toMatch(/No public address/);
    expect(r.out).toMatch(/No Pass Type ID certificate/);
    expect(lines.at(-1)).toBe('3 problems to fix, 2 warnings.');
  });

  describe('a configured install with its server running', () => {
    let dataDir: string;
    let server: RunningServer;
    let apns: FakeApns;
    let tunnel: HttpsStandIn;
    let caFile: string;

    beforeAll(async () => {
      dataDir = join(base, 'shop');
      server = await startServer({
        env: { PASSERELLE_DATA_DIR: dataDir, PASSERELLE_ADMIN_PORT: '0', PASSERELLE_PUBLIC_PORT: '0', PASSERELLE_LOG_LEVEL: 'silent', PASSERELLE_RUNTIME_DIR: runtimeDir },
        out: () => {},
      });
      tunnel = await startHttpsStandIn(server.publicUrl);
      caFile = join(base, 'tunnel-ca.pem');
      writeFileSync(caFile, tunnel.caPem);
      const chain = makeAppleLikeChain();
      // Like Apple's, the fake trusts the root; the certificate's chain reaches it through the WWDR.
      apns = await startFakeApns({ clientCaPem: `${chain.g4.certificatePem}${chain.root.certificatePem}`, topic: 'pass.fr.maison-fauvette.loyalty' });
      const apnsCa = join(base, 'apns-ca.pem');
      writeFileSync(apnsCa, apns.caPem);

      const cookie = `${SESSION_COOKIE}=${server.app.services.sessions.createSession('test')}`;
      const call = async (method: string, path: string, body: unknown) => {
        const res = await fetch(`${server.adminUrl}${path}`, { method, headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
        if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
        return res.json() as Promise<Record<string, string>>;
      };
      await call('PUT', '/api/public-address', { provider: 'none', url: tunnel.url });
      const csr = await call('POST', '/api/settings/apple/csr', {});
      const cer = signCsrAsApple(csr.csrPem!, chain.g4, { passTypeIdentifier: 'pass.fr.maison-fauvette.loyalty', teamIdentifier: 'FAUVET1234' });
      await call('POST', '/api/settings/apple/cer', { cerBase64: cer.toString('base64'), wwdrPem: chain.g4.certificatePem });
      // Only the WWDR check reads Apple's real names; the stand-in chain carries them.
      server.app.services.settings.setMany({ 'apns.host': '127.0.0.1', 'apns.port': apns.port, 'apns.caFile': apnsCa });
      mkdirSync(join(dataDir, 'backups'), { recursive: true });
      await backupDatabase(server.app.services.db, join(dataDir, 'backups', 'passerelle-2026-01-01-manual.sqlite'));
    });
    afterAll(async () => {
      await tunnel?.close();
      await apns?.close();
      await server?.close();
    });

    it('passes every check and exits 0; the APNs probe and the self-test went through the fakes', async () => {
      const before = tunnel.forwarded;
      const r = await cli(['doctor'], { PASSERELLE_DATA_DIR: dataDir, NODE_EXTRA_CA_CERTS: caFile });
      expect(r.err).toBe('');
      expect(r.code, r.out).toBe(0);
      expect(r.out).toMatch(/server running, admin http:\/\/127\.0\.0\.1:\d+/);
      expect(r.out).toMatch(/^! Public address +https:\/\/localhost:\d+ reaches this Passerelle over HTTPS, but: localhost is an address of this computer/m);
      expect(r.out).toMatch(/^✔ Apple certificate +pass\.fr\.maison-fauvette\.loyalty \(team FAUVET1234\)/m);
      expect(r.out).toMatch(/^✔ Apple WWDR +Apple’s WWDR G4, which issued the certificate/m);
      expect(r.out).toMatch(/^✔ Apple push \(APNs\) +127\.0\.0\.1:\d+ accepts the certificate/m);
      expect(r.out).toMatch(/^✔ Last backup/m);
      // The address is this computer's (the stand-in), and Google is not set up: warnings, not failures.
      expect(r.out).toMatch(/^! Google Wallet +Google Wallet is not set up/m);
      expect(r.out.trim().split('\n').at(-1)).toMatch(/^All set \(2 warnings\)\.$/);
      expect(tunnel.forwarded).toBeGreaterThan(before);
      expect(apns.pushes.some((p) => p.token === '0'.repeat(64))).toBe(true);
    });

    it('a wrong tunnel CA fails the public address check (exit 1): the doctor trusts only real authorities', async () => {
      const r = await cli(['doctor'], { PASSERELLE_DATA_DIR: dataDir });
      expect(r.code).toBe(1);
      expect(r.out).toMatch(/^✘ Public address +https:\/\/localhost:\d+: .*(self-signed|unknown authority)/m);
    });

    it('login-link from another folder, without the server’s variables, finds the running server and its real port', async () => {
      const elsewhere = join(base, 'elsewhere');
      mkdirSync(elsewhere, { recursive: true });
      const r = await cli(['login-link'], {}, elsewhere);
      expect(r.code).toBe(0);
      expect(r.err).toContain(`Using the data folder of the Passerelle running now (${server.adminUrl}): ${dataDir}`);
      const link = r.out.trim();
      expect(link.startsWith(`${server.adminUrl}/login?token=`)).toBe(true);
      expect(existsSync(join(elsewhere, 'data'))).toBe(false);
      const res = await fetch(link, { redirect: 'manual' });
      expect([res.status, res.headers.get('location')]).toEqual([303, '/']);
    });
  });
});
