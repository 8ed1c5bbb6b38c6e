/**
 * A local development identity: a self-signed CA standing in for Apple's WWDR and a Pass Type ID certificate issued
 * by it, shaped like Apple's (UID = pass type identifier, OU = team identifier). Passes signed with it verify with
 * openssl against the stand-in, and never on an iPhone. Tests use it as their throwaway WWDR chain.
 * Certificate creation is rare, so node-forge builds the X.509 while node:crypto makes the RSA keys (forge's
 * pure-JS key generation takes seconds).
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type forge from 'node-forge';
import { loadForge } from '../../lazy-modules.js';
import type { SigningIdentityPems } from './signing-identity.js';

export const DEV_PASS_TYPE_IDENTIFIER = 'pass.dev.passerelle.local';
/** Ten characters like Apple's team identifiers, and obviously not one. */
export const DEV_TEAM_IDENTIFIER = 'PSRLDEV000';
export const DEV_WWDR_COMMON_NAME = 'Passerelle Development WWDR stand-in';

const OID_USER_ID = '0.9.2342.19200300.100.1.1';
const DAY_MS = 86_400_000;

export interface CertificateAndKey {
  certificatePem: string;
  privateKeyPem: string;
}

export interface DevIdentity extends SigningIdentityPems {
  wwdrKeyPem: string;
  passTypeIdentifier: string;
  teamIdentifier: string;
}

export interface PassCertificateOptions {
  passTypeIdentifier?: string;
  teamIdentifier?: string;
  notBefore?: Date;
  notAfter?: Date;
}

function rsaKeyPair(): { privateKeyPem: string; publicKey: forge.pki.rsa.PublicKey; privateKey: forge.pki.rsa.PrivateKey } {
  const forge = loadForge();
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return {
    privateKeyPem,
    privateKey: forge.pki.privateKeyFromPem(privateKeyPem),
    publicKey: forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()),
  };
}

/** Positive, non-zero, 16 bytes: what RFC 5280 asks of a serial number. */
const serialNumber = (): string => `01${randomBytes(15).toString('hex')}`;

// @types/node-forge types valueTagClass as an asn1.Class; forge reads it as the universal tag (asn1.Type).
const utf8 = (type: string, value: string): forge.pki.CertificateField =>
  ({ type, value, valueTagClass: loadForge().asn1.Type.UTF8 }) as unknown as forge.pki.CertificateField;

function signWith(cert: forge.pki.Certificate, key: forge.pki.rsa.PrivateKey): string {
  const forge = loadForge();
  cert.sign(key, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

export function createDevCertificateAuthority(options: { notBefore?: Date; notAfter?: Date } = {}): CertificateAndKey {
  const forge = loadForge();
  const keys = rsaKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = options.notBefore ?? new Date(Date.now() - DAY_MS);
  cert.validity.notAfter = options.notAfter ?? new Date(Date.now() + 3650 * DAY_MS);
  const subject = [
    utf8('2.5.4.3', DEV_WWDR_COMMON_NAME),
    utf8('2.5.4.11', 'Passerelle Development'),
    utf8('2.5.4.10', 'Passerelle'),
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  return { certificatePem: signWith(cert, keys.privateKey), privateKeyPem: keys.privateKeyPem };
}

export function issuePassCertificate(ca: CertificateAndKey, options: PassCertificateOptions = {}): CertificateAndKey {
  const forge = loadForge();
  const passTypeIdentifier = options.passTypeIdentifier ?? DEV_PASS_TYPE_IDENTIFIER;
  const teamIdentifier = options.teamIdentifier ?? DEV_TEAM_IDENTIFIER;
  const caCert = forge.pki.certificateFromPem(ca.certificatePem);
  const caKey = forge.pki.privateKeyFromPem(ca.privateKeyPem);
  const keys = rsaKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = options.notBefore ?? new Date(Date.now() - DAY_MS);
  cert.validity.notAfter = options.notAfter ?? new Date(Date.now() + 365 * DAY_MS);
  cert.setSubject([
    utf8(OID_USER_ID, passTypeIdentifier),
    utf8('2.5.4.3', `Pass Type ID: ${passTypeIdentifier}`),
    utf8('2.5.4.11', teamIdentifier),
    utf8('2.5.4.10', 'Passerelle Development'),
  ]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  return { certificatePem: signWith(cert, caKey), privateKeyPem: keys.privateKeyPem };
}

/** A fresh stand-in WWDR and a Pass Type ID certificate it issued. */
export function createDevIdentity(options: PassCertificateOptions = {}): DevIdentity {
  const ca = createDevCertificateAuthority();
  const signer = issuePassCertificate(ca, options);
  return {
    certificatePem: signer.certificatePem,
    privateKeyPem: signer.privateKeyPem,
    wwdrPem: ca.certificatePem,
    wwdrKeyPem: ca.privateKeyPem,
    passTypeIdentifier: options.passTypeIdentifier ?? DEV_PASS_TYPE_IDENTIFIER,
    teamIdentifier: options.teamIdentifier ?? DEV_TEAM_IDENTIFIER,
  };
}
