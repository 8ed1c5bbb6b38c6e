import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAppRoot } from '../app-root.js';
import { startFakeGoogleWallet, type FakeGoogleWallet } from '../testing/fake-google-wallet.js';
import { decodeRs256, testServiceAccount } from '../testing/google-credentials.js';

const root = findAppRoot();
const ISSUER = '3388000000022222222';

// Each command is a real process (tsx compiles on start); the fake Google answers in this process, so the CLI runs
// asynchronously (spawnSync would block the fake).
describe('passerelle settings google / pass google-link', { timeout: 240_000 }, () => {
  const sa = testServiceAccount();
  let dataDir: string;
  let fake: FakeGoogleWallet;

  const cli = (args: string[]) =>
    new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'server/cli.ts'), ...args], {
        cwd: root,
        env: { ...process.env, PASSERELLE_DATA_DIR: dataDir, PASSERELLE_LOG_LEVEL: 'silent', PASSERELLE_PUBLIC_URL: 'https://cartes.fauvette.example' },
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('close', (code) => resolve({ code, out, err }));
    });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'passerelle-cli-google-'));
    fake = await startFakeGoogleWallet({ issuerId: ISSUER });
    fake.trustKey(sa.publicKey);
    writeFileSync(join(dataDir, 'key.json'), sa.json);
    writeFileSync(join(dataDir, 'broken.json'), JSON.stringify({ ...JSON.parse(sa.json), client_email: 'not-an-email' }));
    expect(await cli(['demo', '--customers', '3'])).toMatchObject({ code: 0 });
  });
  afterAll(async () => {
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a key naming what is wrong, and changes nothing', async () => {
    const r = await cli(['settings', 'google', '--service-account', join(dataDir, 'broken.json')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/not a service-account e-mail address/);
    expect((await cli(['settings', 'google'])).out).toMatch(/Service account:\s+\(none\)/);
  });

  it('sets the issuer, the key and stand-in URLs, passes the test, and prints a save link that verifies', async () => {
    const set = await cli([
      'settings', 'google', '--issuer-id', ISSUER, '--service-account', join(dataDir, 'key.json'),
      '--api-url', fake.url, '--token-url', fake.tokenUrl, '--test',
    ]);
    expect(set.err).toBe('');
    expect(set.out).toContain(`Service account:    ${sa.clientEmail}`);
    expect(set.out).toMatch(/ok {3}issuerAccess/);
    expect(set.out).not.toContain(sa.privateKeyPem.split('\n')[1]!);
    const link = await cli(['pass', 'google-link', '--customer', '1']);
    expect(link.code).toBe(0);
    const url = link.out.trim();
    expect(url).toMatch(/^https:\/\/pay\.google\.com\/gp\/v\/save\//);
    const { claims, signatureValid } = decodeRs256(url.split('/').pop()!, sa.publicKey);
    expect(signatureValid).toBe(true);
    expect(claims).toMatchObject({ iss: sa.clientEmail, origins: ['https://cartes.fauvette.example'] });
    expect(fake.operations.filter((o) => o.method === 'POST').map((o) => o.path)).toEqual(['loyaltyClass', 'loyaltyObject']);
  });
});
