/**
 * What a shop uploads in Settings, made at test time: a "real" identity (a throwaway CA standing in for Apple's WWDR
 * and a Pass Type ID certificate it issued, with Apple's subject shape), exported as PEM and as .p12 by the real
 * openssl (the OpenSSL 3 default, and the legacy RC2 form macOS Keychain writes), plus the usual wrong things.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createDevIdentity, issuePassCertificate, type CertificateAndKey, type DevIdentity } from '../passes/apple/dev-identity.js';
import { openssl, withFiles } from './openssl.js';

export const P12_PASSWORD = 'keychain export';
const DAY = 86_400_000;

export interface AppleCredentials {
  /** A shop's identity: pass type `pass.fr.maison-fauvette.loyalty`, team `FAUVET1234`. */
  shop: DevIdentity;
  /** Another team's identity: its WWDR did not issue the shop's certificate. */
  other: DevIdentity;
  /** A certificate of the shop's CA that expired last year. */
  expired: CertificateAndKey;
  /** The shop's certificate and key as .p12 (OpenSSL 3 default: PBES2/AES-256), without the WWDR. */
  p12: Buffer;
  /** The same in the legacy RC2-40/3DES form, which Node's own OpenSSL refuses. */
  legacyP12: Buffer;
  /** The shop's WWDR as Apple publishes it: a DER .cer. */
  wwdrDer: Buffer;
}

export function exportP12(cert: string, key: string, options: { legacy?: boolean; chainPem?: string; password?: string } = {}): Buffer {
  const files: Record<string, string> = { 'cert.pem': cert, 'key.pem': key, ...(options.chainPem ? { 'chain.pem': options.chainPem } : {}) };
  return withFiles(files, (dir) => {
    const args = ['pkcs12', '-export', '-in', `${dir}/cert.pem`, '-inkey', `${dir}/key.pem`, '-out', `${dir}/out.p12`];
    args.push('-passout', `pass:${options.password ?? P12_PASSWORD}`);
    if (options.legacy) args.push('-legacy');
    if (options.chainPem) args.push('-certfile', `${dir}/chain.pem`);
    const r = openssl(args);
    if (!r.ok) throw new Error(`openssl pkcs12 -export: ${r.stderr}`);
    return readFileSync(`${dir}/out.p12`);
  });
}

export function makeAppleCredentials(): AppleCredentials {
  const shop = createDevIdentity({ passTypeIdentifier: 'pass.fr.maison-fauvette.loyalty', teamIdentifier: 'FAUVET1234' });
  const other = createDevIdentity({ passTypeIdentifier: 'pass.com.other.loyalty', teamIdentifier: 'OTHER00001' });
  const expired = issuePassCertificate(
    { certificatePem: shop.wwdrPem, privateKeyPem: shop.wwdrKeyPem },
    { passTypeIdentifier: shop.passTypeIdentifier, teamIdentifier: shop.teamIdentifier, notBefore: new Date(Date.now() - 400 * DAY), notAfter: new Date(Date.now() - 30 * DAY) },
  );
  return {
    shop,
    other,
    expired,
    p12: exportP12(shop.certificatePem, shop.privateKeyPem),
    legacyP12: exportP12(shop.certificatePem, shop.privateKeyPem, { legacy: true }),
    wwdrDer: new X509Certificate(shop.wwdrPem).raw,
  };
}
