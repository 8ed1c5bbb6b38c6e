import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { AppError } from '../../errors.js';
import { OID_ORGANIZATIONAL_UNIT, OID_USER_ID, readCertificateFields } from './certificate-fields.js';

/** What the shop uploads (or what `loadP12` and the dev identity produce). */
export interface SigningIdentityPems {
  certificatePem: string;
  privateKeyPem: string;
  /** Apple WWDR intermediate (G4 for certificates made after 2022-01-27), or the dev stand-in. */
  wwdrPem: string;
  keyPassphrase?: string;
}

/** Everything the packager needs, parsed and imported once and reused for every pass. */
export interface SigningIdentity {
  readonly privateKey: KeyObject;
  readonly certificateDer: Buffer;
  readonly wwdrDer: Buffer;
  readonly issuerDer: Buffer;
  readonly serialNumberDer: Buffer;
  /** The subject's UID, e.g. `pass.com.example.loyalty`. */
  readonly passTypeIdentifier: string;
  /** The subject's OU, Apple's 10-character team identifier. */
  readonly teamIdentifier: string;
  readonly notAfter: Date;
  /** RSA modulus length in bytes: the length of every signature this key makes. */
  readonly signatureLength: number;
}

function parseCertificate(pem: string, what: string): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch {
    throw new AppError('CERT_INVALID', `The ${what} is not a readable X.509 certificate`, 400);
  }
}

function importKey(pem: string, passphrase: string | undefined): KeyObject {
  try {
    return createPrivateKey({ key: pem, format: 'pem', ...(passphrase === undefined ? {} : { passphrase }) });
  } catch {
    // OpenSSL's errors for a missing and a wrong passphrase vary by version; the PEM itself says it is encrypted.
    if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(pem)) {
      throw new AppError('KEY_BAD_PASSPHRASE', 'The private key is encrypted and the passphrase is missing or wrong', 400);
    }
    throw new AppError('KEY_INVALID', 'The private key is not a readable PEM private key', 400);
  }
}

function assertCurrent(cert: X509Certificate, what: string, now: Date): Date {
  const notBefore = new Date(cert.validFrom);
  const notAfter = new Date(cert.validTo);
  if (Number.isNaN(notAfter.getTime()) || Number.isNaN(notBefore.getTime())) {
    throw new AppError('CERT_INVALID', `The ${what} has an unreadable validity period`, 400);
  }
  if (notAfter.getTime() < now.getTime()) {
    throw new AppError('CERT_EXPIRED', `The ${what} expired on ${notAfter.toISOString()}`, 400);
  }
  if (notBefore.getTime() > now.getTime()) {
    throw new AppError('CERT_NOT_YET_VALID', `The ${what} is not valid before ${notBefore.toISOString()}`, 400);
  }
  return notAfter;
}

export function createSigningIdentity(pems: SigningIdentityPems, options: { now?: Date } = {}): SigningIdentity {
  const now = options.now ?? new Date();
  const signer = parseCertificate(pems.certificatePem, 'pass certificate');
  const wwdr = parseCertificate(pems.wwdrPem, 'WWDR certificate');
  const privateKey = importKey(pems.privateKeyPem, pems.keyPassphrase);

  if (privateKey.asymmetricKeyType !== 'rsa') {
    throw new AppError('KEY_UNSUPPORTED', 'Pass Type ID keys are RSA; this key is not', 400);
  }
  if (!signer.checkPrivateKey(privateKey)) {
    throw new AppError('KEY_CERT_MISMATCH', 'The private key does not belong to the pass certificate', 400);
  }
  const notAfter = assertCurrent(signer, 'pass certificate', now);
  assertCurrent(wwdr, 'WWDR certificate', now);
  // A G1/G3 WWDR with a G4-issued pass certificate is the classic upload mistake; Wallet then rejects every pass.
  if (!signer.checkIssued(wwdr) || !signer.verify(wwdr.publicKey)) {
    throw new AppError('WWDR_MISMATCH', 'The pass certificate was not issued by this WWDR certificate', 400);
  }

  const fields = readCertificateFields(signer.raw);
  const passTypeIdentifier = fields.subject.get(OID_USER_ID)?.[0];
  const teamIdentifier = fields.subject.get(OID_ORGANIZATIONAL_UNIT)?.[0];
  if (!passTypeIdentifier || !teamIdentifier) {
    throw new AppError('CERT_NOT_PASS_TYPE_ID', 'The certificate has no pass type identifier (UID) or team identifier (OU)', 400);
  }
  const modulusLength = privateKey.asymmetricKeyDetails?.modulusLength ?? 0;
  return Object.freeze({
    privateKey,
    certificateDer: signer.raw,
    wwdrDer: wwdr.raw,
    issuerDer: fields.issuerDer,
    serialNumberDer: fields.serialNumberDer,
    passTypeIdentifier,
    teamIdentifier,
    notAfter,
    signatureLength: Math.ceil(modulusLength / 8),
  });
}
