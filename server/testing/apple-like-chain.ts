/**
 * Apple's certificate chain as a shop meets it, made at test time with throwaway keys: a root standing in for Apple
 * Root CA, a WWDR G1 stand-in (expired, with G1's subject) and a WWDR G4 stand-in (G4's subject), and the Pass Type
 * ID certificate Apple's portal returns for a certificate signing request (`signCsrAsApple`): the `.cer` (DER) with
 * Apple's subject shape. Nothing here is trusted by a phone; the names are Apple's so that generation checks see them.
 */
import { generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import type { CertificateAndKey } from '../passes/apple/dev-identity.js';

const DAY = 86_400_000;
const WWDR_CN = 'Apple Worldwide Developer Relations Certification Authority';

interface Keys {
  pem: string;
  privateKey: forge.pki.rsa.PrivateKey;
  publicKey: forge.pki.rsa.PublicKey;
}

function keys(): Keys {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return { pem, privateKey: forge.pki.privateKeyFromPem(pem), publicKey: forge.pki.publicKeyFromPem(pair.publicKey.export({ type: 'spki', format: 'pem' }).toString()) };
}

type Name = Array<{ type?: string; shortName?: string; value: string }>;

function certificate(opts: {
  subject: Name;
  issuer: Name;
  publicKey: forge.pki.PublicKey;
  signer: forge.pki.rsa.PrivateKey;
  ca: boolean;
  notBefore: Date;
  notAfter: Date;
}): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = opts.publicKey;
  cert.serialNumber = `01${randomBytes(15).toString('hex')}`;
  cert.validity.notBefore = opts.notBefore;
  cert.validity.notAfter = opts.notAfter;
  cert.setSubject(opts.subject as forge.pki.CertificateField[]);
  cert.setIssuer(opts.issuer as forge.pki.CertificateField[]);
  cert.setExtensions(
    opts.ca
      ? [{ name: 'basicConstraints', cA: true, critical: true }, { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true }]
      : [{ name: 'basicConstraints', cA: false, critical: true }, { name: 'keyUsage', digitalSignature: true, critical: true }],
  );
  cert.sign(opts.signer, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

const wwdrName = (unit: string): Name => [
  { shortName: 'CN', value: WWDR_CN },
  { shortName: 'OU', value: unit },
  { shortName: 'O', value: 'Apple Inc.' },
  { shortName: 'C', value: 'US' },
];

export interface AppleLikeChain {
  root: CertificateAndKey;
  /** G1's subject, expired on the day Apple's did (2023-02-07). */
  g1: CertificateAndKey;
  g4: CertificateAndKey;
  /** A Pass Type ID certificate issued by the G4 stand-in, with its key. */
  g4Signer: CertificateAndKey;
}

export function makeAppleLikeChain(): AppleLikeChain {
  const now = Date.now();
  const rootKeys = keys();
  const rootName: Name = [
    { shortName: 'C', value: 'US' },
    { shortName: 'O', value: 'Apple Inc.' },
    { shortName: 'OU', value: 'Apple Certification Authority' },
    { shortName: 'CN', value: 'Apple Root CA (test stand-in)' },
  ];
  const root = certificate({ subject: rootName, issuer: rootName, publicKey: rootKeys.publicKey, signer: rootKeys.privateKey, ca: true, notBefore: new Date(now - 3000 * DAY), notAfter: new Date(now + 3000 * DAY) });
  const g1Keys = keys();
  const g1 = certificate({ subject: wwdrName('Apple Worldwide Developer Relations'), issuer: rootName, publicKey: g1Keys.publicKey, signer: rootKeys.privateKey, ca: true, notBefore: new Date('2013-02-07T21:48:47Z'), notAfter: new Date('2023-02-07T21:48:47Z') });
  const g4Keys = keys();
  const g4Ca = { certificatePem: certificate({ subject: wwdrName('G4'), issuer: rootName, publicKey: g4Keys.publicKey, signer: rootKeys.privateKey, ca: true, notBefore: new Date(now - 30 * DAY), notAfter: new Date(now + 2000 * DAY) }), privateKeyPem: g4Keys.pem };
  const signerKeys = keys();
  const g4Signer = {
    certificatePem: passTypeCertificate(g4Ca, signerKeys.publicKey, { passTypeIdentifier: 'pass.fr.maison-fauvette.loyalty', teamIdentifier: 'FAUVET1234' }),
    privateKeyPem: signerKeys.pem,
  };
  return { root: { certificatePem: root, privateKeyPem: rootKeys.pem }, g1: { certificatePem: g1, privateKeyPem: g1Keys.pem }, g4: g4Ca, g4Signer };
}

export interface PassTypeOptions {
  passTypeIdentifier: string;
  teamIdentifier: string;
  organisation?: string;
  notAfter?: Date;
}

function passTypeCertificate(issuer: CertificateAndKey, publicKey: forge.pki.PublicKey, opts: PassTypeOptions): string {
  const issuerCert = forge.pki.certificateFromPem(issuer.certificatePem);
  return certificate({
    subject: [
      { type: '0.9.2342.19200300.100.1.1', value: opts.passTypeIdentifier },
      { shortName: 'CN', value: `Pass Type ID: ${opts.passTypeIdentifier}` },
      { shortName: 'OU', value: opts.teamIdentifier },
      { shortName: 'O', value: opts.organisation ?? 'Maison Fauvette SAS' },
      { shortName: 'C', value: 'FR' },
    ],
    issuer: issuerCert.subject.attributes as Name,
    publicKey,
    signer: forge.pki.privateKeyFromPem(issuer.privateKeyPem),
    ca: false,
    notBefore: new Date(Date.now() - DAY),
    notAfter: opts.notAfter ?? new Date(Date.now() + 365 * DAY),
  });
}

/** What Apple's developer portal does with an uploaded CSR: checks its signature and returns the `.cer` (DER). */
export function signCsrAsApple(csrPem: string, issuer: CertificateAndKey, opts: PassTypeOptions): Buffer {
  const csr = forge.pki.certificationRequestFromPem(csrPem);
  if (!csr.verify()) throw new Error('the CSR signature does not verify');
  const pem = passTypeCertificate(issuer, csr.publicKey!, opts);
  return new X509Certificate(pem).raw;
}
