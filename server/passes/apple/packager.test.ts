import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { withFiles } from '../../testing/openssl.js';
import { makeDesignImages, sampleLocalizations, samplePassJson } from '../../testing/pass-fixtures.js';
import { expectedManifest, openPass, sha1Hex, verifyPass } from '../../testing/pkpass.js';
import { thrownCode } from '../../testing/thrown.js';
import { verifyDetachedSignature } from '../../testing/openssl.js';
import { createDevIdentity, type DevIdentity } from './dev-identity.js';
import { createPackager, prepareImages, type Packager, type PreparedImage } from './packager.js';
import { parsePassStrings } from './pass-strings.js';
import { createSigningIdentity } from './signing-identity.js';

let dev: DevIdentity;
let packager: Packager;
let images: PreparedImage[];

beforeAll(async () => {
  dev = createDevIdentity();
  packager = createPackager(createSigningIdentity(dev));
  images = prepareImages(await makeDesignImages());
});

const build = (passJson = samplePassJson(), extra: { localizations?: typeof sampleLocalizations } = { localizations: sampleLocalizations }) =>
  packager.build({ passJson, images, ...extra });

describe('createPackager().build', () => {
  it('makes a pass whose signature openssl verifies against the WWDR stand-in', () => {
    const r = verifyPass(build(), dev.wwdrPem);
    expect(r.ok, r.stderr).toBe(true);
    const cms = verifyPass(build(), dev.wwdrPem, 'cms');
    expect(cms.ok, cms.stderr).toBe(true);
  });

  it('lists every file but manifest and signature in manifest.json with its SHA-1', () => {
    const { files, manifest } = openPass(build());
    expect(manifest).toEqual(expectedManifest(files));
    expect(Object.keys(manifest).sort()).toEqual(
      ['pass.json', ...images.map((i) => i.name), 'fr.lproj/pass.strings', 'en.lproj/pass.strings'].sort(),
    );
    for (const image of images) expect(files.get(image.name)!.equals(image.bytes)).toBe(true);
  });

  it('is listed the same by Info-ZIP unzip', () => {
    const pkpass = build();
    const listing = withFiles({ 'a.pkpass': pkpass }, (dir) => {
      const test = spawnSync('unzip', ['-t', `${dir}/a.pkpass`]);
      expect(test.status, test.stdout.toString()).toBe(0);
      return spawnSync('unzip', ['-Z1', `${dir}/a.pkpass`]).stdout.toString().trim().split('\n');
    });
    expect(listing.sort()).toEqual([...openPass(pkpass).files.keys()].sort());
  });

  it('fails verification when manifest.json is tampered with (a swapped image hash)', () => {
    const { files, manifest } = openPass(build());
    const tampered = Buffer.from(JSON.stringify({ ...manifest, 'icon.png': sha1Hex(Buffer.from('another icon')) }));
    const r = verifyDetachedSignature(files.get('signature')!, tampered, dev.wwdrPem);
    expect(r.ok).toBe(false);
  });

  it('writes formatVersion 1 and the certificate’s identifiers into pass.json, keeping the rest', () => {
    const { passJson } = openPass(build());
    expect(passJson).toEqual({
      formatVersion: 1,
      passTypeIdentifier: dev.passTypeIdentifier,
      teamIdentifier: dev.teamIdentifier,
      ...samplePassJson(),
    });
  });

  it('writes each localization as UTF-16 pass.strings that parse back to the input', () => {
    const { files } = openPass(build());
    for (const [lang, strings] of Object.entries(sampleLocalizations)) {
      const bytes = files.get(`${lang}.lproj/pass.strings`)!;
      expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
      expect(parsePassStrings(bytes)).toEqual(strings);
    }
  });

  it('gives the same bytes for the same input and signing time (cacheable per serial and version)', () => {
    const at = new Date('2026-09-01T10:00:00Z');
    const a = packager.build({ passJson: samplePassJson(), images }, at);
    const b = packager.build({ passJson: samplePassJson(), images }, at);
    expect(a.equals(b)).toBe(true);
  });

  it('refuses what Wallet would refuse, with a code', () => {
    const { serialNumber: _s, ...noSerial } = samplePassJson();
    const { authenticationToken: _t, ...noToken } = samplePassJson();
    const cases: [string, () => unknown][] = [
      ['PASS_SERIAL_INVALID', () => build(noSerial)],
      ['PASS_SERIAL_INVALID', () => build(samplePassJson({ serialNumber: 42 }))],
      ['PASS_AUTH_TOKEN_INVALID', () => build(samplePassJson({ authenticationToken: 'fifteen-chars!!' }))],
      ['PASS_AUTH_TOKEN_INVALID', () => build(noToken)],
      ['PASS_WEB_SERVICE_URL_INVALID', () => build(samplePassJson({ webServiceURL: 'passes.example.test' }))],
      ['PASS_WEB_SERVICE_URL_INVALID', () => build(samplePassJson({ webServiceURL: 'ftp://passes.example.test/' }))],
      ['PASS_IDENTITY_MISMATCH', () => build(samplePassJson({ passTypeIdentifier: 'pass.com.someone.else' }))],
      ['PASS_IDENTITY_MISMATCH', () => build(samplePassJson({ teamIdentifier: 'ABCDE12345' }))],
      ['PASS_JSON_INVALID', () => build(samplePassJson({ formatVersion: 2 }))],
      ['PASS_JSON_INVALID', () => build(samplePassJson({ storeCard: undefined }))],
      ['PASS_JSON_INVALID', () => build(samplePassJson({ description: '' }))],
      ['PASS_LANGUAGE_INVALID', () => build(samplePassJson(), { localizations: { '../x': {} } as never })],
      ['PASS_ICON_MISSING', () => packager.build({ passJson: samplePassJson(), images: images.filter((i) => !i.name.startsWith('icon')) })],
      ['PASS_FILE_DUPLICATE', () => packager.build({ passJson: samplePassJson(), images: [...images, images[0]!] })],
      ['PASS_FILE_NAME_INVALID', () => packager.build({ passJson: samplePassJson(), images: [...images, { ...images[0]!, name: 'signature' }] })],
    ];
    for (const [code, fn] of cases) expect(thrownCode(fn), code).toBe(code);
  });

  it('accepts a pass without web service and without localizations', () => {
    const { webServiceURL: _u, authenticationToken: _t, ...plain } = samplePassJson();
    const pkpass = packager.build({ passJson: plain, images });
    expect(verifyPass(pkpass, dev.wwdrPem).ok).toBe(true);
    expect([...openPass(pkpass).files.keys()].some((n) => n.endsWith('.strings'))).toBe(false);
  });
});

describe('prepareImages', () => {
  it('hashes once and refuses non-PNG bytes and unsafe paths', () => {
    const png = images[0]!.bytes;
    expect(prepareImages({ 'icon.png': png })[0]!.sha1).toBe(sha1Hex(png));
    expect(thrownCode(() => prepareImages({ 'icon.png': Buffer.from('GIF89a') }))).toBe('PASS_IMAGE_INVALID');
    for (const name of ['../icon.png', '/icon.png', 'icon.PNG', '.DS_Store', 'fr.lproj/../icon.png', 'pass.json']) {
      expect(thrownCode(() => prepareImages({ [name]: png })), name).toBe('PASS_FILE_NAME_INVALID');
    }
    expect(prepareImages({ 'fr.lproj/logo@2x.png': png })[0]!.name).toBe('fr.lproj/logo@2x.png');
  });
});
