import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { beforeAll, describe, expect, it } from 'vitest';
import { openssl, withFiles } from '../../testing/openssl.js';
import { thrownCode } from '../../testing/thrown.js';
import { createDevIdentity, issuePassCertificate, type DevIdentity } from './dev-identity.js';
import { loadP12 } from './p12.js';
import { createSigningIdentity } from './signing-identity.js';

const PASSWORD = 'keychain-export';
let dev: DevIdentity;

/** `openssl pkcs12 -export` of a certificate and key, with extra flags (e.g. -legacy, -certfile). */
function exportP12(certificatePem: string, privateKeyPem: string, flags: string[] = [], extra: Record<string, string> = {}): Buffer {
  return withFiles({ 'cert.pem': certificatePem, 'key.pem': privateKeyPem, ...extra }, (dir) => {
    const args = ['pkcs12', '-export', '-in', `${dir}/cert.pem`, '-inkey', `${dir}/key.pem`, '-out', `${dir}/out.p12`];
    const r = openssl([...args, '-passout', `pass:${PASSWORD}`, ...flags.map((f) => f.replace('$DIR', dir))]);
    if (!r.ok) throw new Error(`openssl pkcs12 -export ${flags.join(' ')}: ${r.stderr}`);
    return readFileSync(`${dir}/out.p12`);
  });
}

/** What `openssl pkcs12 -info` says about the encryption, to prove the fixture is what the test claims. */
function describeP12(p12: Buffer, legacy: boolean): string {
  return withFiles({ 'a.p12': p12 }, (dir) => {
    const args = ['pkcs12', '-info', '-in', `${dir}/a.p12`, '-passin', `pass:${PASSWORD}`, '-nokeys', '-nocerts'];
    const r = openssl(legacy ? [...args, '-legacy'] : args);
    return r.stdout + r.stderr;
  });
}

beforeAll(() => {
  dev = createDevIdentity();
});

describe('loadP12', () => {
  it('reads an OpenSSL 3 default .p12 (PBES2/AES-256, SHA-256 MAC) with its chain', () => {
    const p12 = exportP12(dev.certificatePem, dev.privateKeyPem, ['-certfile', '$DIR/wwdr.pem'], { 'wwdr.pem': dev.wwdrPem });
    expect(describeP12(p12, false)).toMatch(/AES-256-CBC/i);
    const out = loadP12(p12, PASSWORD);
    expect(out.chainPems).toHaveLength(1);
    const id = createSigningIdentity({ certificatePem: out.certificatePem, privateKeyPem: out.privateKeyPem, wwdrPem: out.chainPems[0]! });
    expect(id.passTypeIdentifier).toBe(dev.passTypeIdentifier);
  });

  it('reads a legacy RC2-40/3DES .p12 like macOS Keychain exports, which Node’s own OpenSSL refuses', () => {
    const p12 = exportP12(dev.certificatePem, dev.privateKeyPem, ['-legacy']);
    expect(describeP12(p12, true)).toMatch(/RC2-40-CBC|rc2-40|40BitRC2/i);
    expect(() => createSecureContext({ pfx: p12, passphrase: PASSWORD })).toThrow();
    const out = loadP12(p12, PASSWORD);
    expect(createSigningIdentity({ ...out, wwdrPem: dev.wwdrPem }).teamIdentifier).toBe(dev.teamIdentifier);
  });

  it('says the password is wrong, for both kinds', () => {
    expect(thrownCode(() => loadP12(exportP12(dev.certificatePem, dev.privateKeyPem), 'nope'))).toBe('P12_BAD_PASSWORD');
    expect(thrownCode(() => loadP12(exportP12(dev.certificatePem, dev.privateKeyPem, ['-legacy']), 'nope'))).toBe('P12_BAD_PASSWORD');
  });

  it('refuses an expired certificate', () => {
    const ca = { certificatePem: dev.wwdrPem, privateKeyPem: dev.wwdrKeyPem };
    const expired = issuePassCertificate(ca, { notBefore: new Date('2020-01-01'), notAfter: new Date('2021-01-01') });
    expect(thrownCode(() => loadP12(exportP12(expired.certificatePem, expired.privateKeyPem), PASSWORD))).toBe('CERT_EXPIRED');
  });

  it('refuses what is not a .p12', () => {
    expect(thrownCode(() => loadP12(Buffer.from('certainly not DER'), PASSWORD))).toBe('P12_INVALID');
  });
});
