import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../db/connection.js';
import { P12_PASSWORD, makeAppleCredentials, type AppleCredentials } from '../testing/apple-credentials.js';
import { openPass, verifyPass } from '../testing/pkpass.js';
import { runCli } from '../testing/cli-process.js';

// Each command is a real process (tsx compiles on start): slow on a loaded 2-core machine, hence the long timeout.
describe('passerelle settings apple / pass export / pass qr', { timeout: 240_000 }, () => {
  let dataDir: string;
  let files: string;
  let creds: AppleCredentials;
  let email = '';

  const cli = (args: string[], input?: string) =>
    runCli(dataDir, args, { ...(input !== undefined ? { input } : {}), env: { PASSERELLE_PUBLIC_URL: 'https://cartes.fauvette.example' } });
  const file = (name: string) => join(files, name);

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'passerelle-cli-pass-'));
    files = mkdtempSync(join(tmpdir(), 'passerelle-cli-files-'));
    creds = makeAppleCredentials();
    writeFileSync(file('cert.pem'), creds.shop.certificatePem);
    writeFileSync(file('key.pem'), creds.shop.privateKeyPem);
    writeFileSync(file('other-key.pem'), creds.other.privateKeyPem);
    writeFileSync(file('AppleWWDRCAG4.cer'), creds.wwdrDer);
    writeFileSync(file('keychain.p12'), creds.legacyP12);
    expect(cli(['demo', '--customers', '24'])).toMatchObject({ code: 0 });
    const db = openDatabase(join(dataDir, 'passerelle.sqlite'), { readonly: true });
    email = (db.prepare('SELECT email FROM customers WHERE id = 1').get() as { email: string }).email;
    closeDatabase(db);
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(files, { recursive: true, force: true });
  });

  it('settings apple shows the development identity, says what it means, and refuses bad imports without change', () => {
    const shown = cli(['settings', 'apple']);
    expect(shown.code).toBe(0);
    expect(shown.out).toMatch(/development.*will not install on a real iPhone/);
    expect(shown.out).toContain('pass.dev.passerelle.local');

    const wrong = cli(['settings', 'apple', '--p12', file('keychain.p12'), '--password', 'nope', '--wwdr', file('AppleWWDRCAG4.cer')]);
    expect(wrong).toMatchObject({ code: 1, err: expect.stringMatching(/^error: --password: .*password.*wrong.*Nothing was changed/) });
    const mismatch = cli(['settings', 'apple', '--cert', file('cert.pem'), '--key', file('other-key.pem'), '--wwdr', file('AppleWWDRCAG4.cer')]);
    expect(mismatch).toMatchObject({ code: 1, err: expect.stringMatching(/^error: --key: /) });
    expect(cli(['settings', 'apple']).out).toContain('pass.dev.passerelle.local');
  });

  it('imports a PEM pair, then a legacy Keychain .p12 (password on stdin)', () => {
    const pem = cli(['settings', 'apple', '--cert', file('cert.pem'), '--key', file('key.pem'), '--wwdr', file('AppleWWDRCAG4.cer')]);
    expect(pem.code, pem.err).toBe(0);
    expect(pem.out).toMatch(/imported/);
    expect(pem.out).toContain('pass.fr.maison-fauvette.loyalty');
    expect(pem.out).toContain('FAUVET1234');
    const p12 = cli(['settings', 'apple', '--p12', file('keychain.p12'), '--password-stdin', '--wwdr', file('AppleWWDRCAG4.cer')], `${P12_PASSWORD}\n`);
    expect(p12.code, p12.err).toBe(0);
    expect(cli(['settings', 'apple']).out).toMatch(/imported Pass Type ID certificate/);
  });

  it('pass export --customer writes a pass signed with the imported identity, by e-mail or by id', () => {
    for (const [ref, name] of [[email, 'by-email.pkpass'], ['2', 'by-id.pkpass']] as const) {
      const r = cli(['pass', 'export', '--customer', ref, '--out', file(name)]);
      expect(r.code, r.err).toBe(0);
      const bytes = readFileSync(file(name));
      const verified = verifyPass(bytes, creds.shop.wwdrPem);
      expect(verified.ok, verified.stderr).toBe(true);
      expect(openPass(bytes).passJson).toMatchObject({
        passTypeIdentifier: 'pass.fr.maison-fauvette.loyalty',
        webServiceURL: 'https://cartes.fauvette.example/apple',
      });
    }
    expect(cli(['pass', 'export', '--customer', '2', '--out', file('by-id.pkpass')])).toMatchObject({ code: 1, err: expect.stringMatching(/--force/) });
    expect(cli(['pass', 'export', '--customer', 'nobody@example.fr', '--out', file('x.pkpass')])).toMatchObject({
      code: 1,
      err: expect.stringMatching(/No customer with e-mail "nobody@example.fr"/),
    });
  });

  it('pass export --all writes every customer’s pass and links.csv into a folder', () => {
    const dir = file('all');
    const r = cli(['pass', 'export', '--all', '--out', dir, '--threads', '2']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/Exporting passes: 24\/24/);
    expect(r.out).toMatch(/Exported 24 passes and links\.csv/);
    const names = readdirSync(dir);
    expect(names.filter((n) => n.endsWith('.pkpass'))).toHaveLength(24);
    const csv = readFileSync(join(dir, 'links.csv'), 'utf8').trimEnd().split('\r\n');
    expect(csv).toHaveLength(25);
    // Each file opens a customer's card: readable by its owner only, in a folder that is too.
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const n of names) expect(statSync(join(dir, n)).mode & 0o777, n).toBe(0o600);
    const sample = names.find((n) => n.startsWith('000001-'))!;
    expect(verifyPass(readFileSync(join(dir, sample)), creds.shop.wwdrPem).ok).toBe(true);
    expect(cli(['pass', 'export', '--all', '--out', dir])).toMatchObject({ code: 1, err: expect.stringMatching(/not empty/) });
  });

  it('pass qr writes the download link’s QR code as PNG or SVG', async () => {
    const png = cli(['pass', 'qr', '--customer', email, '--out', file('qr.png')]);
    expect(png.code, png.err).toBe(0);
    expect(png.out).toMatch(/https:\/\/cartes\.fauvette\.example\/p\/[A-Za-z0-9_-]{43}/);
    // An https public address: nothing to warn about.
    expect(png.err).toBe('');
    expect((await sharp(readFileSync(file('qr.png'))).metadata()).format).toBe('png');
    expect(statSync(file('qr.png')).mode & 0o777).toBe(0o600);
    expect(cli(['pass', 'qr', '--customer', '1', '--out', file('qr.svg')]).code).toBe(0);
    expect(readFileSync(file('qr.svg'), 'utf8')).toContain('<svg');
    expect(cli(['pass', 'qr', '--customer', '1', '--out', file('qr.gif')])).toMatchObject({ code: 1, err: expect.stringMatching(/\.png or \.svg/) });
  });

  it('settings apple --development goes back to the development identity', () => {
    const r = cli(['settings', 'apple', '--development']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('pass.dev.passerelle.local');
  });
});
