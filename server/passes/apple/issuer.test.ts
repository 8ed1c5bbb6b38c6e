/** The issuing path end to end on a real app: demo brand, real images, the stored identity, openssl as the judge. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../demo/generate.js';
import { createHarness, type Harness } from '../../testing/app-harness.js';
import { makeAppleCredentials } from '../../testing/apple-credentials.js';
import { openPass, verifyPass } from '../../testing/pkpass.js';
import { parsePassStrings } from './pass-strings.js';
import { checkAppleImport } from './identity/import.js';
import { DOWNLOAD_ID } from '../cards/passes-repository.js';
import type { AppleParts } from './apple-module.js';

describe('issuing Apple passes', () => {
  let h: Harness;
  let p: AppleParts;
  const customer = (where: string) =>
    h.app.services.db.prepare<[], { id: number; tier: string; points_balance: number; referral_code: string; first_name: string }>(
      `SELECT id, tier, points_balance, referral_code, first_name FROM customers WHERE ${where} ORDER BY id LIMIT 1`,
    ).get()!;

  beforeAll(async () => {
    h = await createHarness({ PASSERELLE_PUBLIC_URL: 'https://cartes.fauvette.example' });
    generateDemo(h.app.services.db, { customers: 60, now: Date.now() });
    p = h.app.parts.apple;
  });
  afterAll(() => h.close());

  it('creates the pass row once, with URL-safe random secrets, and returns it afterwards', () => {
    const { id } = customer('1');
    const pass = p.issuer.issuePass(id);
    expect(pass).toMatchObject({ customerId: id, version: 1, passTypeIdentifier: 'pass.dev.passerelle.local' });
    expect(pass.serial).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    expect(pass.authToken).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    expect(pass.downloadId).toMatch(DOWNLOAD_ID);
    expect(p.issuer.issuePass(id)).toEqual(pass);
    expect(p.issuer.issuePass(id, pass.designId)).toEqual(pass);
    const other = p.issuer.issuePass(customer(`id > ${id}`).id);
    expect(new Set([pass.serial, pass.authToken, pass.downloadId, other.serial, other.authToken, other.downloadId]).size).toBe(6);
  });

  it('builds a pass that openssl verifies against the identity’s WWDR, bound to the web service and the pass row', async () => {
    const c = customer('id = 7');
    h.app.services.db.prepare(`UPDATE customers SET tier = 'gold', points_balance = 1720 WHERE id = 7`).run();
    const pass = p.issuer.issuePass(c.id);
    const bytes = await p.issuer.buildPassBytes(pass);
    const verified = verifyPass(bytes, p.identity.current().pems.wwdrPem);
    expect(verified.ok, verified.stderr).toBe(true);
    const { passJson, files } = openPass(bytes);
    expect(passJson).toMatchObject({
      serialNumber: pass.serial,
      authenticationToken: pass.authToken,
      webServiceURL: 'https://cartes.fauvette.example/apple',
      passTypeIdentifier: 'pass.dev.passerelle.local',
      teamIdentifier: 'PSRLDEV000',
      organizationName: 'Maison Fauvette',
      // The gold variant's colours, and the member number in the barcode.
      backgroundColor: 'rgb(217, 180, 90)',
      // A loyalty card's QR is the customer's referral link (the staff scanner reads the customer from it), with the
      // member number under it.
      barcodes: [expect.objectContaining({ message: expect.stringMatching(/\/r\/[0-9A-Z]{4,16}$/), altText: `M-${String(c.id).padStart(6, '0')}` })],
    });
    expect((passJson.authenticationToken as string).length).toBeGreaterThanOrEqual(16);
    const back = (passJson.storeCard as { backFields: Array<{ key: string; value: unknown }> }).backFields;
    expect(back.find((f) => f.key === 'referral')?.value).toBe(`https://cartes.fauvette.example/r/${c.referral_code}`);
    expect(parsePassStrings(files.get('fr.lproj/pass.strings')!)['tier.value']).toBe('Or');
    // The demo design has no icon of its own: the brand-coloured default one is added (Apple requires an icon).
    expect([...files.keys()]).toEqual(expect.arrayContaining(['icon.png', 'icon@2x.png', 'icon@3x.png']));
  });

  it('serves the same bytes from its cache, and new bytes once the design has a new version', async () => {
    const pass = p.issuer.issuePass(customer('id = 8').id);
    const first = await p.issuer.buildPassBytes(pass);
    expect(await p.issuer.buildPassBytes(pass)).toBe(first);

    const design = h.app.parts.designs.get(pass.designId)!;
    const content = { ...design.content, brandName: 'Maison Fauvette Paris' };
    h.app.parts.designs.update(design.id, { name: design.name, content, expectedVersion: design.version });
    const second = await p.issuer.buildPassBytes(pass);
    expect(second).not.toBe(first);
    expect(openPass(second).passJson.organizationName).toBe('Maison Fauvette Paris');
    expect(openPass(second).passJson.serialNumber).toBe(pass.serial);
    expect(await p.issuer.buildPassBytes(pass)).toBe(second);

    // A new pass version (what the loyalty engine bumps when points change) is a new cache entry too.
    h.app.services.db.prepare('UPDATE passes SET version = version + 1 WHERE id = ?').run(pass.id);
    expect(await p.issuer.buildPassBytes(p.issuer.issuePass(pass.customerId))).not.toBe(second);
  });

  it('signs with an imported identity as soon as it is imported, and records the pass type on the pass', async () => {
    const creds = makeAppleCredentials();
    const pass = p.issuer.issuePass(customer('id = 9').id);
    await p.issuer.buildPassBytes(pass);
    p.identity.saveImported(checkAppleImport({ kind: 'pem', certPem: creds.shop.certificatePem, keyPem: creds.shop.privateKeyPem, wwdr: creds.wwdrDer }));
    try {
      const bytes = await p.issuer.buildPassBytes(pass);
      expect(verifyPass(bytes, creds.shop.wwdrPem).ok).toBe(true);
      expect(verifyPass(bytes, creds.other.wwdrPem).ok).toBe(false);
      expect(openPass(bytes).passJson).toMatchObject({ passTypeIdentifier: 'pass.fr.maison-fauvette.loyalty', teamIdentifier: 'FAUVET1234' });
      expect(p.issuer.passes.get(pass.id)?.passTypeIdentifier).toBe('pass.fr.maison-fauvette.loyalty');
    } finally {
      p.identity.removeImported();
    }
  });

  it('says what is missing: an unknown customer, an unknown design', () => {
    expect(() => p.issuer.issuePass(999_999)).toThrow(expect.objectContaining({ code: 'NOT_FOUND', statusCode: 404 }));
    expect(() => p.issuer.issuePass(customer('1').id, 999)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});

describe('issuing without any design', () => {
  it('answers NO_DESIGN', async () => {
    const h = await createHarness();
    try {
      h.app.services.db
        .prepare(`INSERT INTO customers (email, first_name, referral_code, created_at, updated_at) VALUES ('a@example.fr', 'A', 'REF1', 1, 1)`)
        .run();
      expect(() => h.app.parts.apple.issuer.issuePass(1)).toThrow(expect.objectContaining({ code: 'NO_DESIGN', statusCode: 409 }));
    } finally {
      await h.close();
    }
  });
});
