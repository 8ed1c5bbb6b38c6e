import { X509Certificate, createPrivateKey } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { P12_PASSWORD, exportP12, makeAppleCredentials, type AppleCredentials } from '../../../testing/apple-credentials.js';
import { ImportError } from './certificates.js';
import { checkAppleImport, type AppleImport } from './import.js';

let c: AppleCredentials;
beforeAll(() => {
  c = makeAppleCredentials();
});

/** `code@field` of the refusal, or 'accepted'. */
function outcome(input: AppleImport): string {
  try {
    checkAppleImport(input);
    return 'accepted';
  } catch (err) {
    if (err instanceof ImportError) return `${err.code}@${err.field}`;
    throw err;
  }
}

describe('checkAppleImport', () => {
  it('accepts a PEM pair with a DER WWDR and normalises what is stored', () => {
    const { pems, identity } = checkAppleImport({ kind: 'pem', certPem: c.shop.certificatePem, keyPem: c.shop.privateKeyPem, wwdr: c.wwdrDer });
    expect([identity.passTypeIdentifier, identity.teamIdentifier]).toEqual(['pass.fr.maison-fauvette.loyalty', 'FAUVET1234']);
    expect(pems.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(new X509Certificate(pems.wwdrPem).raw.equals(c.wwdrDer)).toBe(true);
    expect(new X509Certificate(pems.certificatePem).fingerprint256).toBe(new X509Certificate(c.shop.certificatePem).fingerprint256);
  });

  it('accepts an encrypted PEM key with its passphrase and stores it decrypted', () => {
    const encrypted = createPrivateKey(c.shop.privateKeyPem)
      .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'sésame' })
      .toString();
    const base = { kind: 'pem', certPem: c.shop.certificatePem, keyPem: encrypted, wwdr: c.shop.wwdrPem } as const;
    expect(checkAppleImport({ ...base, keyPassphrase: 'sésame' }).pems.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(outcome({ ...base, keyPassphrase: 'wrong' })).toBe('KEY_BAD_PASSPHRASE@keyPassphrase');
    expect(outcome(base)).toBe('KEY_BAD_PASSPHRASE@keyPassphrase');
  });

  it('accepts the OpenSSL 3 .p12 and the legacy RC2 .p12 of macOS Keychain', () => {
    for (const p12 of [c.p12, c.legacyP12]) {
      const { identity } = checkAppleImport({ kind: 'p12', p12, password: P12_PASSWORD, wwdr: c.wwdrDer });
      expect(identity.passTypeIdentifier).toBe(c.shop.passTypeIdentifier);
    }
  });

  it('takes the WWDR from the .p12 when the export included it, and asks for it otherwise', () => {
    const withChain = exportP12(c.shop.certificatePem, c.shop.privateKeyPem, { chainPem: c.shop.wwdrPem });
    expect(outcome({ kind: 'p12', p12: withChain, password: P12_PASSWORD })).toBe('accepted');
    expect(outcome({ kind: 'p12', p12: c.p12, password: P12_PASSWORD })).toBe('WWDR_REQUIRED@wwdr');
  });

  it('names the code and the input at fault for every usual mistake', () => {
    const pem = { kind: 'pem', certPem: c.shop.certificatePem, keyPem: c.shop.privateKeyPem, wwdr: c.shop.wwdrPem } as const;
    expect(outcome({ kind: 'p12', p12: c.p12, password: 'nope', wwdr: c.wwdrDer })).toBe('P12_BAD_PASSWORD@password');
    expect(outcome({ kind: 'p12', p12: c.legacyP12, password: 'nope', wwdr: c.wwdrDer })).toBe('P12_BAD_PASSWORD@password');
    expect(outcome({ kind: 'p12', p12: Buffer.from('not a p12'), password: P12_PASSWORD, wwdr: c.wwdrDer })).toBe('P12_INVALID@p12');
    expect(outcome({ ...pem, keyPem: c.other.privateKeyPem })).toBe('KEY_CERT_MISMATCH@key');
    expect(outcome({ ...pem, certPem: c.expired.certificatePem, keyPem: c.expired.privateKeyPem })).toBe('CERT_EXPIRED@cert');
    const expiredP12 = exportP12(c.expired.certificatePem, c.expired.privateKeyPem);
    expect(outcome({ kind: 'p12', p12: expiredP12, password: P12_PASSWORD, wwdr: c.wwdrDer })).toBe('CERT_EXPIRED@p12');
    expect(outcome({ ...pem, wwdr: c.other.wwdrPem })).toBe('WWDR_MISMATCH@wwdr');
    expect(outcome({ kind: 'p12', p12: c.p12, password: P12_PASSWORD, wwdr: c.other.wwdrPem })).toBe('WWDR_MISMATCH@wwdr');
    expect(outcome({ ...pem, wwdr: Buffer.from('hello') })).toBe('NOT_A_CERTIFICATE@wwdr');
    expect(outcome({ ...pem, certPem: 'hello' })).toBe('NOT_A_CERTIFICATE@cert');
    expect(outcome({ ...pem, keyPem: 'hello' })).toBe('KEY_INVALID@key');
    // A pass certificate uploaded in the WWDR field: it is no certificate authority.
    expect(outcome({ ...pem, wwdr: c.shop.certificatePem })).toBe('WWDR_MISMATCH@wwdr');
  });

  it('refuses an expired WWDR before anything else', () => {
    const pem = { kind: 'pem', certPem: c.shop.certificatePem, keyPem: c.shop.privateKeyPem, wwdr: c.shop.wwdrPem } as const;
    const later = new Date(Date.now() + 11 * 365 * 86_400_000);
    expect(() => checkAppleImport(pem, later)).toThrow(expect.objectContaining({ code: 'CERT_EXPIRED', field: 'wwdr' }));
  });
});
