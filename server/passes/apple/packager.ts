/**
 * The hot path: one signed .pkpass per call, synchronous. Per pass only pass.json and the pass.strings files are
 * hashed; images arrive hashed (see images.ts), the identity arrives parsed, the signature is a template.
 */
import { hash } from 'node:crypto';
import { AppError } from '../../errors.js';
import type { PreparedImage } from './images.js';
import { assertImagePath } from './images.js';
import { finalizePassJson, type PassJson } from './pass-json.js';
import { assertLanguage, encodePassStrings } from './pass-strings.js';
import { createManifestSigner, type DigestName } from './pkcs7.js';
import type { SigningIdentity } from './signing-identity.js';
import { writeZip, type ZipEntry } from './zip.js';

export type { PreparedImage } from './images.js';
export { prepareImages } from './images.js';

export interface PassInput {
  passJson: PassJson;
  images: readonly PreparedImage[];
  /** language → key → translation, written as `<lang>.lproj/pass.strings`. */
  localizations?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export interface Packager {
  /** The .pkpass bytes (application/vnd.apple.pkpass), signed at `at` (default: now). */
  build(input: PassInput, at?: Date): Buffer;
}

export interface PackagerOptions {
  /** SHA-256 by default; SHA-1 is what passkit-generator uses, and Wallet accepts both. */
  digest?: DigestName;
}

const ICON = /^icon(?:@[23]x)?\.png$/;

export function createPackager(identity: SigningIdentity, options: PackagerOptions = {}): Packager {
  const signer = createManifestSigner(identity, options.digest ?? 'sha256');

  return {
    build(input, at = new Date()) {
      const passJson = Buffer.from(finalizePassJson(input.passJson, identity), 'utf8');
      const entries: ZipEntry[] = [{ name: 'pass.json', data: passJson }];
      const seen = new Set<string>();
      let hasIcon = false;
      let manifest = `{"pass.json":"${hash('sha1', passJson, 'hex')}"`;

      for (const image of input.images) {
        assertImagePath(image.name);
        if (seen.has(image.name)) throw new AppError('PASS_FILE_DUPLICATE', `${image.name} appears twice`, 400);
        seen.add(image.name);
        hasIcon ||= ICON.test(image.name);
        entries.push({ name: image.name, data: image.bytes, ...(image.crc32 === undefined ? {} : { crc32: image.crc32 }) });
        manifest += `,${JSON.stringify(image.name)}:"${image.sha1}"`;
      }
      if (!hasIcon) throw new AppError('PASS_ICON_MISSING', 'Every pass needs icon.png', 400);

      const localizations = input.localizations ?? {};
      for (const lang of Object.keys(localizations)) {
        assertLanguage(lang);
        const name = `${lang}.lproj/pass.strings`;
        const data = encodePassStrings(localizations[lang]!);
        entries.push({ name, data });
        manifest += `,${JSON.stringify(name)}:"${hash('sha1', data, 'hex')}"`;
      }

      const manifestBytes = Buffer.from(`${manifest}}`, 'utf8');
      entries.push({ name: 'manifest.json', data: manifestBytes });
      entries.push({ name: 'signature', data: signer.sign(manifestBytes, at) });
      return writeZip(entries, at);
    },
  };
}
