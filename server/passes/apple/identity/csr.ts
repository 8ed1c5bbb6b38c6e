/**
 * The certificate signing request Apple's developer portal asks for, made here instead of with Keychain Access or
 * OpenSSL: an RSA-2048 key (node:crypto) and a PKCS#10 request signed with it (node-forge writes the DER; nothing in
 * node:crypto does). Apple reads only the public key and the signature; the subject is informative.
 */
import { createHash, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type forge from 'node-forge';
import { loadForge } from '../../../lazy-modules.js';

export interface KeyAndRequest {
  /** PKCS#8, unencrypted: stored until the certificate comes back. */
  privateKeyPem: string;
  csrPem: string;
  publicKeySha256: string;
}

/** SHA-256 of the DER SubjectPublicKeyInfo: the same for the key, its CSR and the certificate Apple makes from it. */
export function publicKeySha256(key: KeyObject): string {
  return createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('hex');
}

export function createKeyAndRequest(subject: { commonName: string; email?: string | undefined; country?: string | undefined }): KeyAndRequest {
  const forge = loadForge();
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  // Keychain's Certificate Assistant writes e-mail, common name and country; Apple ignores them but shows the name.
  const attributes: Array<{ name?: string; shortName?: string; value: string }> = [];
  if (subject.email) attributes.push({ name: 'emailAddress', value: subject.email });
  attributes.push({ shortName: 'CN', value: subject.commonName });
  if (subject.country) attributes.push({ shortName: 'C', value: subject.country });
  csr.setSubject(attributes as forge.pki.CertificateField[]);
  csr.sign(forge.pki.privateKeyFromPem(privateKeyPem), forge.md.sha256.create());
  return { privateKeyPem, csrPem: forge.pki.certificationRequestToPem(csr), publicKeySha256: publicKeySha256(createPublicKey(privateKey)) };
}
