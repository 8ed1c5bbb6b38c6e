import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAppRoot } from '../../../app-root.js';
import { closeDatabase } from '../../../db/connection.js';
import { createSettingsRepository } from '../../../settings/settings-repository.js';
import { openMigratedDatabase } from '../../../testing/wallet-fixtures.js';
import { createServerCertificate } from '../../../testing/tls-server-certificate.js';
import { readApnsEndpoint } from './apns-endpoint.js';
import { writeApnsStatus } from './apns-status.js';

describe('APNs settings', () => {
  let dir: string;
  let caFile: string;
  let caPem: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'passerelle-apns-settings-'));
    caPem = createServerCertificate().caPem;
    caFile = join(dir, 'fake-ca.pem');
    writeFileSync(caFile, caPem);
    writeFileSync(join(dir, 'not-a-cert.pem'), '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('default to Apple production with the system CAs, and are validated', () => {
    const db = openMigratedDatabase();
    try {
      const repo = createSettingsRepository(db, dir);
      expect(readApnsEndpoint(repo)).toEqual({ host: 'api.push.apple.com', port: 443 });
      repo.setMany({ 'apns.host': '127.0.0.1', 'apns.port': 8443, 'apns.caFile': caFile });
      expect(readApnsEndpoint(repo)).toEqual({ host: '127.0.0.1', port: 8443, caPem });
      expect(repo.list().find((s) => s.key === 'apns.host')).toMatchObject({ appliesAt: 'now', isDefault: false });
      repo.setMany({ 'apns.host': '::1' });
      repo.setMany({ 'apns.host': 'apns-fake.local' });

      const refused: Array<[string, unknown]> = [
        ['apns.host', 'bad host!'],
        ['apns.host', '-leading.dash'],
        ['apns.host', 'a..b'],
        ['apns.host', ''],
        ['apns.port', 0],
        ['apns.port', 65_536],
        ['apns.port', 443.5],
        ['apns.caFile', 'relative/ca.pem'],
        ['apns.caFile', join(dir, 'missing.pem')],
        ['apns.caFile', join(dir, 'not-a-cert.pem')],
        ['apns.caFile', dir],
      ];
      for (const [key, value] of refused) {
        expect(() => repo.setMany({ [key]: value }), `${key}=${String(value)}`).toThrowError(
          expect.objectContaining({ code: 'VALIDATION_ERROR' }),
        );
      }
      // Nothing refused was saved.
      expect(readApnsEndpoint(repo)).toEqual({ host: 'apns-fake.local', port: 8443, caPem });
    } finally {
      closeDatabase(db);
    }
  });

  it('`settings apns` sets, prints and resets them from the CLI', { timeout: 120_000 }, () => {
    const dataDir = join(dir, 'data');
    const cli = (...args: string[]) => {
      // Run from the temporary folder (to see a relative --ca resolved against it), so tsx is named by its path.
      const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
      const r = spawnSync(process.execPath, ['--import', tsx, join(findAppRoot(), 'server/cli.ts'), 'settings', 'apns', ...args], {
        cwd: dir,
        env: { ...process.env, PASSERELLE_DATA_DIR: dataDir, PASSERELLE_LOG_LEVEL: 'silent' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      return { code: r.status, out: r.stdout, err: r.stderr };
    };
    const set = cli('--host', '127.0.0.1', '--port', '2197', '--ca', 'fake-ca.pem');
    expect(set.code, set.err).toBe(0);
    expect(set.out).toMatch(/apns\.host\s+127\.0\.0\.1/);
    expect(set.out).toMatch(/apns\.port\s+2197/);
    // A relative path is saved as the absolute one, since the server may run from elsewhere.
    expect(set.out).toContain(`apns.caFile  ${caFile}`);
    expect(set.out).toMatch(/status\s+no push sent yet/);

    expect(cli('--port', '70000')).toMatchObject({ code: 1, err: expect.stringMatching(/apns\.port/) });
    expect(cli('--ca', 'not-a-cert.pem')).toMatchObject({ code: 1, err: expect.stringMatching(/no PEM certificate/) });

    const db = openMigratedDatabase(join(dataDir, 'passerelle.sqlite'));
    writeApnsStatus(db, { ok: false, code: 'BadCertificate', message: 'Apple refused the certificate.', at: 0 });
    closeDatabase(db);
    const shown = cli();
    expect(shown.out).toMatch(/apns\.port\s+2197/);
    expect(shown.out).toMatch(/status\s+stopped: BadCertificate: Apple refused the certificate\./);

    const reset = cli('--apple');
    expect(reset.out).toMatch(/apns\.host\s+api\.push\.apple\.com/);
    expect(reset.out).toMatch(/apns\.port\s+443/);
    expect(reset.out).toMatch(/apns\.caFile\s+\(system CAs\)/);
  });
});
