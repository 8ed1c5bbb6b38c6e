/** GET /api/wallet/apns on a real app (inject, real SQLite file): what Settings shows about pushes. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../testing/app-harness.js';
import { createDevIdentity } from '../dev-identity.js';
import { writeApnsStatus } from './apns-status.js';

describe('GET /api/wallet/apns', () => {
  let h: Harness;
  const get = async () => {
    const res = await h.admin({ method: 'GET', url: '/api/wallet/apns' });
    expect(res.statusCode).toBe(200);
    return res.json() as { pushes: string; status: Record<string, unknown> | null };
  };
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(() => h.close());

  it('before any push: no status, and pushes waiting for a certificate (development identity, Apple’s host)', async () => {
    expect(await get()).toEqual({ pushes: 'waiting-certificate', status: null });
    expect((await h.admin({ method: 'GET', url: '/api/wallet/apns', anonymous: true })).statusCode).toBe(401);
  });

  it('pushes that work', async () => {
    writeApnsStatus(h.app.services.db, { ok: true, at: 1_700_000_000_000 });
    expect(await get()).toEqual({ pushes: 'waiting-certificate', status: { ok: true, at: 1_700_000_000_000 } });
  });

  it('a credentials problem, with APNs’ reason and the sentence to act on', async () => {
    const problem = { ok: false, code: 'BadCertificate', message: 'Apple refused the Pass Type ID certificate used for push notifications. Import a valid certificate.', at: 1_700_000_000_000 };
    writeApnsStatus(h.app.services.db, problem);
    expect((await get()).status).toEqual(problem);
  });

  it('running once started, and still running after a certificate is imported or removed; waiting again on Apple’s host without one', async () => {
    const { services } = h.app;
    services.settings.setMany({ 'apns.host': '127.0.0.1', 'apns.port': 9 });
    // Able to run, but nothing started them in this process (the CLI's view of a server that is not running).
    expect((await get()).pushes).toBe('restart-needed');
    const pushes = h.app.parts.apple.pushes;
    pushes.start();
    h.app.parts.jobs.runner.start();
    try {
      expect((await get()).pushes).toBe('running');
      const shop = createDevIdentity({ passTypeIdentifier: 'pass.fr.maison-fauvette.loyalty', teamIdentifier: 'FAUVET1234' });
      const imported = await h.admin({
        method: 'POST',
        url: '/api/settings/apple',
        payload: { certPem: shop.certificatePem, keyPem: shop.privateKeyPem, wwdrPem: shop.wwdrPem },
      });
      expect(imported.statusCode).toBe(200);
      // The import started a restart with the new certificate; once it is done, Settings says running again.
      await pushes.sync();
      expect((await get()).pushes).toBe('running');
      expect((await h.admin({ method: 'DELETE', url: '/api/settings/apple' })).statusCode).toBe(200);
      await pushes.sync();
      expect((await get()).pushes).toBe('running');
      services.settings.setMany({ 'apns.host': 'api.push.apple.com', 'apns.port': 443 });
      await pushes.sync();
      expect((await get()).pushes).toBe('waiting-certificate');
    } finally {
      await pushes.stop();
    }
    services.settings.setMany({ 'apns.host': '127.0.0.1', 'apns.port': 9 });
    expect((await get()).pushes).toBe('restart-needed');
  });
});
