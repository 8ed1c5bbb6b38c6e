/**
 * ENGINEERING.md: "a pass built by passkit-generator from the same pass.json must carry the same manifest".
 * passkit-generator 3.6.1 is the reference (and the bench baseline); both passes are opened with the same
 * independent reader and both signatures are checked by openssl.
 */
import { PKPass } from 'passkit-generator';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeDesignImages, samplePassJson } from '../../testing/pass-fixtures.js';
import { expectedManifest, openPass, sha1Hex, verifyPass } from '../../testing/pkpass.js';
import { createDevIdentity, type DevIdentity } from './dev-identity.js';
import { createPackager, prepareImages, type Packager } from './packager.js';
import { parsePassStrings } from './pass-strings.js';
import { createSigningIdentity } from './signing-identity.js';

// Plain translations: passkit-generator writes them unescaped, so a quote would break its file (not ours).
const localizations = { fr: { points_label: 'Points fidélité', member: 'Membre' }, en: { points_label: 'Points', member: 'Member' } };

let dev: DevIdentity;
let packager: Packager;
let imageFiles: Map<string, Buffer>;

beforeAll(async () => {
  dev = createDevIdentity();
  packager = createPackager(createSigningIdentity(dev));
  imageFiles = await makeDesignImages();
});

/** Both builds from the same pass.json bytes (ours, finalized) and the same image bytes. */
function buildBoth(passJson: Record<string, unknown>) {
  const ours = openPass(packager.build({ passJson, images: prepareImages(imageFiles), localizations }));
  const reference = new PKPass(
    { 'pass.json': ours.files.get('pass.json')!, ...Object.fromEntries(imageFiles) },
    { wwdr: dev.wwdrPem, signerCert: dev.certificatePem, signerKey: dev.privateKeyPem },
  );
  for (const [lang, strings] of Object.entries(localizations)) reference.localize(lang, strings);
  const theirsBytes = reference.getAsBuffer();
  return { ours, theirs: openPass(theirsBytes), theirsBytes };
}

/** passkit-generator's PassType.toJSON writes every field list of the style, empty ones included. */
function withoutEmptyFieldLists(json: Record<string, unknown>): Record<string, unknown> {
  const style = json.storeCard as Record<string, unknown>;
  return { ...json, storeCard: Object.fromEntries(Object.entries(style).filter(([, v]) => !(Array.isArray(v) && v.length === 0))) };
}

describe('parity with passkit-generator 3.6.1', () => {
  it('has the same manifest keys and the same image hashes; both manifests are true to their files', () => {
    const { ours, theirs, theirsBytes } = buildBoth(samplePassJson());
    expect(verifyPass(theirsBytes, dev.wwdrPem).ok).toBe(true);
    expect(Object.keys(ours.manifest).sort()).toEqual(Object.keys(theirs.manifest).sort());
    for (const name of imageFiles.keys()) expect(ours.manifest[name], name).toBe(theirs.manifest[name]);
    expect(ours.manifest).toEqual(expectedManifest(ours.files));
    expect(theirs.manifest).toEqual(expectedManifest(theirs.files));
  });

  it('differs on pass.json only because passkit-generator re-serializes it, adding empty field lists', () => {
    const { ours, theirs } = buildBoth(samplePassJson());
    expect(theirs.passJson).not.toEqual(ours.passJson);
    expect((theirs.passJson.storeCard as Record<string, unknown>).auxiliaryFields).toEqual([]);
    expect(withoutEmptyFieldLists(theirs.passJson)).toEqual(ours.passJson);
  });

  it('has the identical pass.json hash when the pass.json already has the shape passkit-generator writes', () => {
    const base = samplePassJson();
    const storeCard = base.storeCard as Record<string, unknown[]>;
    // The key order passkit-generator emits: header, primary, secondary, auxiliary, back.
    const canonical = samplePassJson({
      storeCard: {
        headerFields: storeCard.headerFields,
        primaryFields: storeCard.primaryFields,
        secondaryFields: storeCard.secondaryFields,
        auxiliaryFields: [],
        backFields: storeCard.backFields,
      },
    });
    const { ours, theirs } = buildBoth(canonical);
    expect(theirs.files.get('pass.json')!.equals(ours.files.get('pass.json')!)).toBe(true);
    expect(theirs.manifest['pass.json']).toBe(ours.manifest['pass.json']);
    const differing = Object.keys(ours.manifest).filter((k) => ours.manifest[k] !== theirs.manifest[k]);
    // Only the string tables differ, by encoding: theirs UTF-8 unescaped, ours UTF-16 with BOM; same content.
    expect(differing.sort()).toEqual(['en.lproj/pass.strings', 'fr.lproj/pass.strings']);
    for (const name of differing) {
      expect(parsePassStrings(ours.files.get(name)!)).toEqual(parsePassStrings(theirs.files.get(name)!));
      expect(sha1Hex(ours.files.get(name)!)).toBe(ours.manifest[name]);
    }
  });
});
