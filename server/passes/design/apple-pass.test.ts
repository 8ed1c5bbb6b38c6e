/** From a design to a signed .pkpass: the mapping, the image pipeline and the packager together. */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '../../db/connection.js';
import { migrationsDir } from '../../db/index.js';
import { loadMigrations, migrate } from '../../db/migrate.js';
import { expectedManifest, openPass, verifyPass } from '../../testing/pkpass.js';
import { createDevIdentity, type DevIdentity } from '../apple/dev-identity.js';
import { createPackager, type Packager } from '../apple/packager.js';
import { createPassImages } from '../apple/pass-images.js';
import { parsePassStrings } from '../apple/pass-strings.js';
import { createSigningIdentity } from '../apple/signing-identity.js';
import { createImagePipeline, type ImagePipeline } from '../images/pipeline.js';
import { defaultIconSvg } from '../images/default-icon.js';
import { sampleCustomer } from './placeholders.js';
import type { DesignContent, DesignKind } from './schema.js';
import { defaultDesign } from './templates.js';
import { toApplePassJson } from './to-apple.js';
import { validateDesign } from './validate.js';

const brand = { name: 'Maison Fauvette', primaryColor: '#7a2e3b', website: 'https://fauvette.example' };

describe('design → signed pass', () => {
  let db: Db;
  let images: ImagePipeline;
  let dev: DevIdentity;
  let packager: Packager;
  const designs = new Map<DesignKind, DesignContent>();

  beforeAll(async () => {
    db = openDatabase(':memory:');
    migrate(db, loadMigrations(migrationsDir()));
    images = createImagePipeline(db);
    dev = createDevIdentity();
    packager = createPackager(createSigningIdentity(dev));
    const icon = await images.ingestImage(defaultIconSvg(brand.primaryColor), 'image/svg+xml');
    const art = (w: number, h: number, c: string) => sharp({ create: { width: w, height: h, channels: 3, background: c } }).png().toBuffer();
    const logo = await images.ingestImage(await art(480, 150, '#ffffff'), 'image/png');
    const strip = await images.ingestImage(await art(1125, 432, '#aa5566'), 'image/png');
    const goldStrip = await images.ingestImage(await art(1125, 432, '#d9b45a'), 'image/png');
    for (const kind of ['loyalty', 'coupon', 'eventTicket', 'giftCard', 'generic'] as const) {
      const d = defaultDesign(kind, brand, { icon: icon.id });
      d.images.logo = logo.id;
      if (kind !== 'generic') d.images.strip = strip.id;
      if (kind === 'loyalty') d.tiers[2]!.strip = goldStrip.id;
      expect(validateDesign(d, { imageSize: (id) => images.image(id) }), kind).toEqual([]);
      designs.set(kind, d);
    }
  });
  afterAll(() => closeDatabase(db));

  const build = async (kind: DesignKind, tier: string) => {
    const content = designs.get(kind)!;
    const { passJson, localizations } = toApplePassJson(content, {
      customer: { ...sampleCustomer(brand), tier, tierLabel: tier === 'gold' ? { fr: 'Or', en: 'Gold' } : { fr: tier, en: tier } },
      serial: `card-${kind}-${tier}`,
      authToken: 'tok_0123456789abcdef0123',
      webServiceUrl: 'https://passes.fauvette.example/apple',
      passTypeIdentifier: dev.passTypeIdentifier,
      teamIdentifier: dev.teamIdentifier,
      defaultLocale: 'fr',
      issuedAt: Date.UTC(2026, 0, 1),
    });
    return packager.build({ passJson, images: await createPassImages(images).preparedImages(content, tier), localizations });
  };

  it.each(['loyalty', 'coupon', 'eventTicket', 'giftCard', 'generic'] as const)('%s: verifies with openssl, manifest complete', async (kind) => {
    const pkpass = await build(kind, 'member');
    const r = verifyPass(pkpass, dev.wwdrPem);
    expect(r.ok, r.stderr).toBe(true);
    const { files, manifest } = openPass(pkpass);
    expect(manifest).toEqual(expectedManifest(files));
    const names = [...files.keys()];
    expect(names).toEqual(expect.arrayContaining(['icon.png', 'icon@2x.png', 'icon@3x.png', 'logo@3x.png', 'fr.lproj/pass.strings', 'en.lproj/pass.strings']));
    expect(names.some((n) => n.startsWith('strip'))).toBe(kind !== 'generic');
  });

  it('a gold member gets the gold look: colours, strip and the tier name in each language', async () => {
    const member = openPass(await build('loyalty', 'member'));
    const gold = openPass(await build('loyalty', 'gold'));
    expect(gold.passJson.backgroundColor).toBe('rgb(217, 180, 90)');
    expect(member.passJson.backgroundColor).toBe('rgb(122, 46, 59)');
    expect(gold.manifest['strip@3x.png']).not.toBe(member.manifest['strip@3x.png']);
    expect(gold.manifest['icon@3x.png']).toBe(member.manifest['icon@3x.png']);
    const fr = parsePassStrings(gold.files.get('fr.lproj/pass.strings')!);
    const en = parsePassStrings(gold.files.get('en.lproj/pass.strings')!);
    expect([fr['tier.value'], en['tier.value']]).toEqual(['Or', 'Gold']);
    expect(fr['points.change']).toBe('Vous avez maintenant %@ points');
    const strip = await sharp(gold.files.get('strip@3x.png')!).metadata();
    expect([strip.width, strip.height]).toEqual([1125, 369]);
  });
});
