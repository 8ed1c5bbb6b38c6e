import { beforeAll, describe, expect, it } from 'vitest';
import { openssl, verifyDetachedSignature, withFiles } from '../../testing/openssl.js';
import { createDevIdentity, type DevIdentity } from './dev-identity.js';
import { createManifestSigner } from './pkcs7.js';
import { createSigningIdentity, type SigningIdentity } from './signing-identity.js';

let dev: DevIdentity;
let identity: SigningIdentity;
const manifest = Buffer.from('{"pass.json":"0123456789abcdef0123456789abcdef01234567"}');

beforeAll(() => {
  dev = createDevIdentity();
  identity = createSigningIdentity(dev);
});

function printed(signature: Buffer): string {
  return withFiles({ sig: signature }, (dir) => openssl(['cms', '-cmsout', '-print', '-inform', 'DER', '-in', `${dir}/sig`]).stdout);
}

describe('createManifestSigner', () => {
  it('makes a detached SignedData that openssl smime and openssl cms both verify against the WWDR stand-in', () => {
    const signature = createManifestSigner(identity).sign(manifest, new Date());
    const smime = verifyDetachedSignature(signature, manifest, dev.wwdrPem, 'smime');
    expect(smime.ok, smime.stderr).toBe(true);
    const cms = verifyDetachedSignature(signature, manifest, dev.wwdrPem, 'cms');
    expect(cms.ok, cms.stderr).toBe(true);
  });

  it('fails verification when one byte of the manifest changes', () => {
    const signature = createManifestSigner(identity).sign(manifest, new Date());
    const tampered = Buffer.from(manifest);
    tampered[tampered.length - 3]! ^= 1;
    const r = verifyDetachedSignature(signature, tampered, dev.wwdrPem);
    expect(r.ok).toBe(false);
    expect(r.stderr).toMatch(/digest failure|verification failure/i);
  });

  it('fails verification against another WWDR', () => {
    const signature = createManifestSigner(identity).sign(manifest, new Date());
    expect(verifyDetachedSignature(signature, manifest, createDevIdentity().wwdrPem).ok).toBe(false);
  });

  it('carries both certificates, SHA-256, contentType, messageDigest and the given signingTime', () => {
    const text = printed(createManifestSigner(identity).sign(manifest, new Date('2026-07-14T09:08:07Z')));
    expect(text).toContain('contentType: pkcs7-signedData');
    expect(text).toMatch(/d\.signedData:\s+version: 1/);
    expect(text).toMatch(/eContentType: pkcs7-data \(1\.2\.840\.113549\.1\.7\.1\)\s+eContent: <ABSENT>/);
    expect(text.match(/algorithm: sha256 \(/g)?.length).toBe(2); // digestAlgorithms and the SignerInfo's
    expect(text.match(/cert_info:/g)?.length).toBe(2);
    const signerInfo = text.slice(text.indexOf('signerInfos:'));
    expect(signerInfo).toContain('issuer: CN=Passerelle Development WWDR stand-in');
    expect(signerInfo).toMatch(/object: contentType[^]*OBJECT:pkcs7-data/);
    expect(signerInfo).toMatch(/object: signingTime[^]*UTCTIME:Jul 14 09:08:07 2026 GMT/);
    expect(signerInfo).toContain('object: messageDigest');
    expect(signerInfo).toMatch(/signatureAlgorithm:\s+algorithm: rsaEncryption/);
  });

  it('signs with SHA-1 too, and after 2049 with a GeneralizedTime', () => {
    const sha1 = createManifestSigner(identity, 'sha1').sign(manifest, new Date());
    expect(verifyDetachedSignature(sha1, manifest, dev.wwdrPem).ok).toBe(true);
    const late = createManifestSigner(identity).sign(manifest, new Date('2051-01-02T03:04:05Z'));
    expect(printed(late)).toContain('GENERALIZEDTIME:Jan  2 03:04:05 2051 GMT');
    expect(verifyDetachedSignature(late, manifest, dev.wwdrPem).ok).toBe(true);
  });

  it('is deterministic for the same manifest and time (RSA PKCS#1 v1.5), and differs otherwise', () => {
    const signer = createManifestSigner(identity);
    const at = new Date('2026-01-01T00:00:00Z');
    expect(signer.sign(manifest, at).equals(signer.sign(manifest, at))).toBe(true);
    expect(signer.sign(manifest, at).equals(signer.sign(manifest, new Date('2026-01-01T00:00:01Z')))).toBe(false);
  });
});
