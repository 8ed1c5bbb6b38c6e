import { X509Certificate, createPrivateKey } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { thrownCode } from '../../testing/thrown.js';
import {
  DEV_PASS_TYPE_IDENTIFIER,
  DEV_TEAM_IDENTIFIER,
  createDevCertificateAuthority,
  createDevIdentity,
  issuePassCertificate,
  type DevIdentity,
} from './dev-identity.js';
import { createSigningIdentity } from './signing-identity.js';

const DAY = 86_400_000;
let dev: DevIdentity;
let other: DevIdentity;

beforeAll(() => {
  dev = createDevIdentity();
  other = createDevIdentity({ passTypeIdentifier: 'pass.test.other', teamIdentifier: 'OTHERTEAM1' });
});

describe('createSigningIdentity', () => {
  it('reads the pass type and team identifiers, serial, validity and key from the dev identity', () => {
    const id = createSigningIdentity(dev);
    const cert = new X509Certificate(dev.certificatePem);
    expect(id.passTypeIdentifier).toBe(DEV_PASS_TYPE_IDENTIFIER);
    expect(id.teamIdentifier).toBe(DEV_TEAM_IDENTIFIER);
    expect(id.notAfter.getTime()).toBe(new Date(cert.validTo).getTime());
    expect(id.signatureLength).toBe(256);
    expect(id.privateKey.asymmetricKeyType).toBe('rsa');
    expect(id.certificateDer.equals(cert.raw)).toBe(true);
    expect(id.wwdrDer.equals(new X509Certificate(dev.wwdrPem).raw)).toBe(true);
    const serialHex = id.serialNumberDer.subarray(2).toString('hex').replace(/^0+/, '');
    expect(serialHex).toBe(cert.serialNumber.toLowerCase().replace(/^0+/, ''));
    expect(id.issuerDer[0]).toBe(0x30);
    expect(id.issuerDer.includes(Buffer.from('Passerelle Development WWDR stand-in'))).toBe(true);
  });

  it('takes the identifiers from the certificate, whatever they are', () => {
    const id = createSigningIdentity(other);
    expect([id.passTypeIdentifier, id.teamIdentifier]).toEqual(['pass.test.other', 'OTHERTEAM1']);
  });

  it('refuses a key that is not the certificate’s', () => {
    expect(thrownCode(() => createSigningIdentity({ ...dev, privateKeyPem: other.privateKeyPem }))).toBe('KEY_CERT_MISMATCH');
  });

  it('refuses an expired or not yet valid certificate', () => {
    const ca = { certificatePem: dev.wwdrPem, privateKeyPem: dev.wwdrKeyPem };
    const expired = issuePassCertificate(ca, { notBefore: new Date(Date.now() - 400 * DAY), notAfter: new Date(Date.now() - DAY) });
    expect(thrownCode(() => createSigningIdentity({ ...expired, wwdrPem: dev.wwdrPem }))).toBe('CERT_EXPIRED');
    expect(thrownCode(() => createSigningIdentity(dev, { now: new Date(Date.now() + 400 * DAY) }))).toBe('CERT_EXPIRED');
    expect(thrownCode(() => createSigningIdentity(dev, { now: new Date(Date.now() - 2 * DAY) }))).toBe('CERT_NOT_YET_VALID');
  });

  it('refuses a WWDR certificate that did not issue the pass certificate', () => {
    expect(thrownCode(() => createSigningIdentity({ ...dev, wwdrPem: other.wwdrPem }))).toBe('WWDR_MISMATCH');
  });

  it('refuses a certificate without UID/OU (not a Pass Type ID certificate)', () => {
    const ca = createDevCertificateAuthority();
    // A self-issued CA is its own WWDR here, so only the subject check can fail.
    expect(thrownCode(() => createSigningIdentity({ ...ca, wwdrPem: ca.certificatePem }))).toBe('CERT_NOT_PASS_TYPE_ID');
  });

  it('opens an encrypted key with its passphrase and says so when the passphrase is wrong or missing', () => {
    const encrypted = createPrivateKey(dev.privateKeyPem)
      .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'correct horse' })
      .toString();
    expect(createSigningIdentity({ ...dev, privateKeyPem: encrypted, keyPassphrase: 'correct horse' }).teamIdentifier).toBe(DEV_TEAM_IDENTIFIER);
    expect(thrownCode(() => createSigningIdentity({ ...dev, privateKeyPem: encrypted, keyPassphrase: 'wrong' }))).toBe('KEY_BAD_PASSPHRASE');
    expect(thrownCode(() => createSigningIdentity({ ...dev, privateKeyPem: encrypted }))).toBe('KEY_BAD_PASSPHRASE');
  });

  it('says which input is unreadable', () => {
    expect(thrownCode(() => createSigningIdentity({ ...dev, certificatePem: 'nope' }))).toBe('CERT_INVALID');
    expect(thrownCode(() => createSigningIdentity({ ...dev, privateKeyPem: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----' }))).toBe('KEY_INVALID');
  });
});
