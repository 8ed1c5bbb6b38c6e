import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDesignImages, samplePassJson } from '../../testing/pass-fixtures.js';
import { expectedManifest, openPass, verifyPass } from '../../testing/pkpass.js';
import { rejectedCode } from '../../testing/thrown.js';
import { createDevIdentity, type DevIdentity } from './dev-identity.js';
import { createPackager, prepareImages, type PreparedImage } from './packager.js';
import { createPassPool, type PassPool } from './pool.js';
import { createSigningIdentity } from './signing-identity.js';
import { defaultDesign } from '../design/templates.js';
import { passInputOf, templateRef, type PassRecipe } from './pass-recipe.js';

let dev: DevIdentity;
let pool: PassPool;
let images: PreparedImage[];

beforeAll(async () => {
  dev = createDevIdentity();
  pool = createPassPool({ identity: dev, threads: 2 });
  images = prepareImages(await makeDesignImages([1, 2]));
});

afterAll(async () => {
  await pool?.close();
});

describe('createPassPool', () => {
  it('builds in worker threads the same bytes as the packager on this thread', async () => {
    const design = pool.setDesign(images);
    const at = new Date('2026-10-01T08:00:00Z');
    const fromPool = await pool.build(design, { passJson: samplePassJson() }, at);
    const local = createPackager(createSigningIdentity(dev)).build({ passJson: samplePassJson(), images }, at);
    expect(fromPool.equals(local)).toBe(true);
    const r = verifyPass(fromPool, dev.wwdrPem);
    expect(r.ok, r.stderr).toBe(true);
  });

  it('builds batches across designs, each pass signed and complete', async () => {
    const small = prepareImages(await makeDesignImages([1]));
    const [a, b] = [pool.setDesign(images), pool.setDesign(small)];
    expect(pool.setDesign(images).key).toBe(a.key); // content-addressed
    const serials = Array.from({ length: 12 }, (_, i) => `batch-${i}`);
    const results = await Promise.all([
      pool.buildMany(a, serials.map((serialNumber) => ({ passJson: samplePassJson({ serialNumber }) }))),
      pool.buildMany(b, serials.map((serialNumber) => ({ passJson: samplePassJson({ serialNumber }) }))),
    ]);
    for (const [design, passes] of [[images, results[0]], [small, results[1]]] as const) {
      expect(passes.map((p) => openPass(p).passJson.serialNumber)).toEqual(serials);
      for (const pass of passes) {
        const opened = openPass(pass);
        expect(opened.manifest).toEqual(expectedManifest(opened.files));
        expect(Object.keys(opened.manifest).length).toBe(design.length + 1);
      }
    }
    expect(verifyPass(results[1][11]!, dev.wwdrPem).ok).toBe(true);
  });

  it('writes pass.json in the workers from a recipe and the design template: the same bytes as on this thread', async () => {
    const dev0 = createSigningIdentity(dev);
    const template = templateRef('loyalty@1', {
      content: defaultDesign('loyalty', { name: 'Maison Fauvette', primaryColor: '#7a2e3a', website: '' }),
      webServiceUrl: 'https://cartes.example.fr/apple',
      passTypeIdentifier: dev0.passTypeIdentifier,
      teamIdentifier: dev0.teamIdentifier,
      defaultLocale: 'fr',
    });
    const recipe = (n: number): PassRecipe => ({
      customer: {
        firstName: 'Léa',
        lastName: `Martin ${n}`,
        email: null,
        points: 120 + n,
        tier: 'member',
        memberId: `M-00000${n}`,
        referralCode: `REF${n}`,
        referralUrl: `https://cartes.example.fr/r/REF${n}`,
        memberSince: Date.UTC(2025, 2, 1),
        storeName: 'Lyon',
      },
      tier: undefined,
      serial: `recipe-serial-${n}`.padEnd(22, 'x'),
      authToken: 'a'.repeat(43),
      issuedAt: Date.UTC(2025, 2, 1),
      message: n === 1 ? 'Thé offert samedi' : '',
    });
    const design = pool.setDesign(images, template);
    expect(design.key).not.toBe(pool.setDesign(images).key);
    const at = new Date('2026-10-01T08:00:00Z');
    const built = await pool.buildMany(design, [0, 1].map((n) => ({ recipe: recipe(n) })), at);
    const local = createPackager(dev0);
    built.forEach((bytes, n) => expect(bytes.equals(local.build(passInputOf(template.template, recipe(n), images), at))).toBe(true));
    const pass = openPass(built[1]!).passJson as { serialNumber: string; storeCard: { backFields: Array<{ key: string; value: unknown }> } };
    expect(pass.serialNumber).toBe(recipe(1).serial);
    expect(pass.storeCard.backFields.find((f) => f.key === 'message')?.value).toBe('Thé offert samedi');
    expect(verifyPass(built[0]!, dev.wwdrPem).ok).toBe(true);
    // A recipe needs a template: a design registered without one is refused, not guessed.
    await expect(pool.build(pool.setDesign(images), { recipe: recipe(2) })).rejects.toThrow(/template/);
  });

  it('hands back AppErrors from the workers with their code', async () => {
    const design = pool.setDesign(images);
    expect(await rejectedCode(pool.build(design, { passJson: samplePassJson({ authenticationToken: 'short' }) }))).toBe(
      'PASS_AUTH_TOKEN_INVALID',
    );
  });

  it('refuses a bad identity before starting any worker', () => {
    expect(() => createPassPool({ identity: { ...dev, privateKeyPem: createDevIdentity().privateKeyPem } })).toThrow(
      expect.objectContaining({ code: 'KEY_CERT_MISMATCH' }),
    );
  });
});
