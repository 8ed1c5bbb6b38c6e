/**
 * Reads the .p12 a shop exports from Keychain Access into the PEMs `createSigningIdentity` takes.
 *
 * node:crypto has no PKCS#12 reader (tls.createSecureContext accepts a pfx but exposes neither key nor
 * certificate), and the OpenSSL 3 inside Node refuses the RC2-40 certificate bags that macOS Keychain still
 * writes ("Unsupported PKCS12 PFX data") unless the legacy provider is loaded, which Node does not do. node-forge
 * reads both the legacy (RC2/3DES, SHA-1 MAC) and the OpenSSL 3 default (PBES2 AES-256, SHA-256 MAC) forms, so
 * it is the parser; node:crypto then checks what it found. This runs once per upload, never per pass.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import type forge from 'node-forge';
import { loadForge } from '../../lazy-modules.js';
import { AppError } from '../../errors.js';

export interface P12Contents {
  certificatePem: string;
  /** PKCS#8, unencrypted: protect it at rest (safeStorage on the desktop). */
  privateKeyPem: string;
  /** Other certificates in the file, e.g. a WWDR intermediate some exports include. */
  chainPems: string[];
}

function parse(p12: Buffer, password: string): forge.pkcs12.Pkcs12Pfx {
  const forge = loadForge();
  let asn1: forge.asn1.Asn1;
  try {
    asn1 = forge.asn1.fromDer(forge.util.createBuffer(p12.toString('binary')));
  } catch {
    throw new AppError('P12_INVALID', 'This file is not a PKCS#12 (.p12) archive', 400);
  }
  try {
    return forge.pkcs12.pkcs12FromAsn1(asn1, false, password);
  } catch (err) {
    const message = err instanceof Error ? err.message : '';
    if (/MAC could not be verified|Invalid password|decrypt/i.test(message)) {
      throw new AppError('P12_BAD_PASSWORD', 'The password of this .p12 file is wrong', 400);
    }
    throw new AppError('P12_INVALID', 'This .p12 file could not be read', 400);
  }
}

const bagsOf = (pfx: forge.pkcs12.Pkcs12Pfx, type: string): forge.pkcs12.Bag[] => pfx.getBags({ bagType: type })[type] ?? [];

export function loadP12(p12: Buffer, password: string, options: { now?: Date } = {}): P12Contents {
  const forge = loadForge();
  const pfx = parse(p12, password);
  const keyBag = [...bagsOf(pfx, forge.pki.oids.pkcs8ShroudedKeyBag!), ...bagsOf(pfx, forge.pki.oids.keyBag!)][0];
  if (!keyBag) throw new AppError('P12_NO_KEY', 'This .p12 file holds no private key', 400);
  if (!keyBag.key) throw new AppError('KEY_UNSUPPORTED', 'Pass Type ID keys are RSA; this .p12 holds another kind', 400);
  const privateKey = createPrivateKey(forge.pki.privateKeyToPem(keyBag.key));
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

  const certificates = bagsOf(pfx, forge.pki.oids.certBag!).map((bag) => {
    const asn1 = bag.cert ? forge.pki.certificateToAsn1(bag.cert) : bag.asn1;
    return new X509Certificate(Buffer.from(forge.asn1.toDer(asn1!).getBytes(), 'binary'));
  });
  const signer = certificates.find((c) => c.checkPrivateKey(privateKey));
  if (!signer) {
    throw new AppError('KEY_CERT_MISMATCH', 'The private key in this .p12 file matches none of its certificates', 400);
  }
  const notAfter = new Date(signer.validTo);
  if (notAfter.getTime() < (options.now ?? new Date()).getTime()) {
    throw new AppError('CERT_EXPIRED', `The pass certificate in this .p12 file expired on ${notAfter.toISOString()}`, 400);
  }
  return {
    certificatePem: signer.toString(),
    privateKeyPem,
    chainPems: certificates.filter((c) => c !== signer).map((c) => c.toString()),
  };
}
