/**
 * PKCS#7 / CMS detached SignedData over manifest.json (RFC 5652), the `signature` file of a pass.
 *
 * Everything but three fields is constant for an identity: the signing time, the manifest digest and the RSA
 * signature, each of fixed length. So the whole DER is built once as a template and each pass copies it, writes
 * those three fields in place and signs the signed attributes where they lie (RFC 5652 §5.4: the signature covers
 * the attributes re-tagged as a SET, so the [0] tag byte is flipped for the call and back).
 */
import { hash, sign } from 'node:crypto';
import {
  NULL,
  TAG,
  compareDer,
  contextTag,
  encodeTimeBody,
  objectIdentifier,
  sequence,
  setOf,
  smallInteger,
  tlv,
} from './der.js';
import type { SigningIdentity } from './signing-identity.js';

export type DigestName = 'sha256' | 'sha1';

const OID = {
  signedData: '1.2.840.113549.1.7.2',
  data: '1.2.840.113549.1.7.1',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha1: '1.3.14.3.2.26',
  rsaEncryption: '1.2.840.113549.1.1.1',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
} as const;

const DIGEST_LENGTH: Record<DigestName, number> = { sha256: 32, sha1: 20 };

export interface ManifestSigner {
  /** DER SignedData over `manifest`, signed at `at` (the signingTime attribute Wallet asks for). */
  sign(manifest: Buffer, at: Date): Buffer;
}

interface Template {
  bytes: Buffer;
  timeOffset: number;
  digestOffset: number;
  attrsStart: number;
  attrsEnd: number;
}

// OpenSSL writes NULL parameters for both algorithm identifiers; so do we, to look like `openssl smime -sign`.
const algorithm = (oid: string): Buffer => sequence(objectIdentifier(oid), NULL);
const attribute = (type: string, value: Buffer): Buffer => sequence(objectIdentifier(type), tlv(TAG.SET, value));

function buildTemplate(identity: SigningIdentity, digest: DigestName, timeTag: number, timeLength: number): Template {
  const digestLength = DIGEST_LENGTH[digest];
  const contentType = attribute(OID.contentType, objectIdentifier(OID.data));
  const signingTime = attribute(OID.signingTime, tlv(timeTag, Buffer.alloc(timeLength)));
  const messageDigest = attribute(OID.messageDigest, tlv(TAG.OCTET_STRING, Buffer.alloc(digestLength)));
  // DER sorts the attributes by encoding; the order must not hinge on the per-pass bytes, and with three
  // different lengths it is decided by the length byte alone.
  const attrs = [contentType, signingTime, messageDigest];
  if (new Set(attrs.map((a) => a.length)).size !== attrs.length) throw new Error('pkcs7: ambiguous attribute order');
  const sorted = [...attrs].sort(compareDer);
  const attrsBlock = tlv(contextTag(0), ...sorted);
  const attrsHeader = attrsBlock.length - attrs.reduce((n, a) => n + a.length, 0);
  const offsetInBlock = (attr: Buffer, valueLength: number): number => {
    let at = attrsHeader;
    for (const a of sorted) {
      if (a === attr) return at + attr.length - valueLength;
      at += a.length;
    }
    throw new Error('unreachable');
  };

  const signatureAlgorithm = algorithm(OID.rsaEncryption);
  const signature = tlv(TAG.OCTET_STRING, Buffer.alloc(identity.signatureLength));
  const signerInfo = sequence(
    smallInteger(1),
    sequence(identity.issuerDer, identity.serialNumberDer),
    algorithm(OID[digest]),
    attrsBlock,
    signatureAlgorithm,
    signature,
  );
  const signedData = sequence(
    smallInteger(1),
    setOf([algorithm(OID[digest])]),
    sequence(objectIdentifier(OID.data)), // detached: no eContent
    setOf([identity.certificateDer, identity.wwdrDer], contextTag(0)),
    setOf([signerInfo]),
  );
  const bytes = sequence(objectIdentifier(OID.signedData), tlv(contextTag(0), signedData));

  // SignerInfo is the last thing in the structure and the signature the last thing in it, so the attribute
  // block sits at a fixed distance from the end.
  const attrsEnd = bytes.length - signature.length - signatureAlgorithm.length;
  const attrsStart = attrsEnd - attrsBlock.length;
  return {
    bytes,
    attrsStart,
    attrsEnd,
    timeOffset: attrsStart + offsetInBlock(signingTime, timeLength),
    digestOffset: attrsStart + offsetInBlock(messageDigest, digestLength),
  };
}

export function createManifestSigner(identity: SigningIdentity, digest: DigestName = 'sha256'): ManifestSigner {
  const templates = new Map<string, Template>();
  const templateFor = (tag: number, length: number): Template => {
    const key = `${tag}:${length}`;
    let t = templates.get(key);
    if (!t) templates.set(key, (t = buildTemplate(identity, digest, tag, length)));
    return t;
  };
  const signatureLength = identity.signatureLength;

  return {
    sign(manifest, at) {
      const time = encodeTimeBody(at);
      const t = templateFor(time.tag, time.body.length);
      const out = Buffer.allocUnsafe(t.bytes.length);
      t.bytes.copy(out);
      out.write(time.body, t.timeOffset, 'latin1');
      hash(digest, manifest, 'buffer').copy(out, t.digestOffset);
      const signedAttrs = out.subarray(t.attrsStart, t.attrsEnd);
      signedAttrs[0] = TAG.SET;
      const signature = sign(digest, signedAttrs, identity.privateKey);
      signedAttrs[0] = contextTag(0);
      if (signature.length !== signatureLength) throw new Error('pkcs7: unexpected signature length');
      signature.copy(out, out.length - signatureLength);
      return out;
    },
  };
}
