/**
 * An Apple identity as the shop hands it over (a Keychain .p12 with its password, or a PEM certificate and key),
 * plus the WWDR certificate, checked completely before anything is stored: every refusal names the input at fault.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { AppError } from '../../../errors.js';
import { loadP12 } from '../p12.js';
import { createSigningIdentity, type SigningIdentity, type SigningIdentityPems } from '../signing-identity.js';
import { ImportError, expiryOf, readCertificate, type ImportField } from './certificates.js';
import { explainWwdrMismatch, issuingGeneration, shippedIssuerOf, wwdrDownloadUrl, wwdrFileName, wwdrGeneration, type WwdrBundle } from './wwdr-bundle.js';

export type AppleImport =
  | { kind: 'p12'; p12: Buffer; password: string; wwdr?: Buffer | string | undefined }
  | { kind: 'pem'; certPem: string; keyPem: string; keyPassphrase?: string | undefined; wwdr?: Buffer | string | undefined };

export interface CheckedIdentity {
  /** Normalised for storage: PEM certificates, an unencrypted PKCS#8 key. */
  pems: Required<Omit<SigningIdentityPems, 'keyPassphrase'>>;
  identity: SigningIdentity;
}

/** Which input a packager/p12 error code is about, for each kind of upload. */
function fieldOf(code: string, kind: AppleImport['kind']): ImportField {
  const p12 = kind === 'p12';
  switch (code) {
    case 'P12_BAD_PASSWORD':
      return 'password';
    case 'KEY_BAD_PASSPHRASE':
      return p12 ? 'password' : 'keyPassphrase';
    case 'KEY_INVALID':
    case 'KEY_UNSUPPORTED':
    case 'KEY_CERT_MISMATCH':
      return p12 ? 'p12' : 'key';
    case 'WWDR_MISMATCH':
      return 'wwdr';
    default:
      return p12 ? 'p12' : 'cert';
  }
}

function tagged<T>(kind: AppleImport['kind'], fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof AppError && !(err instanceof ImportError)) throw new ImportError(err.code, err.message, fieldOf(err.code, kind));
    throw err;
  }
}

function checkWwdr(wwdr: X509Certificate, now: Date): void {
  const notAfter = expiryOf(wwdr);
  if (!(notAfter > now.getTime())) {
    const when = new Date(notAfter).toISOString().slice(0, 10);
    const message =
      wwdrGeneration(wwdr) === 'G1'
        ? `This is Apple’s old WWDR certificate (G1), expired on ${when}. Leave the WWDR field empty: Passerelle ships Apple’s WWDR G4.`
        : `The WWDR certificate expired on ${when}.`;
    throw new ImportError('CERT_EXPIRED', message, 'wwdr');
  }
  if (!wwdr.ca) {
    throw new ImportError('WWDR_MISMATCH', 'This WWDR file is not a certificate authority: upload Apple’s WWDR G4 certificate.', 'wwdr');
  }
}

/** The certificate in a .p12's chain that issued the signer: some exports include the WWDR. */
function wwdrFromChain(signerPem: string, chainPems: readonly string[]): X509Certificate | undefined {
  const signer = new X509Certificate(signerPem);
  return chainPems.map((pem) => new X509Certificate(pem)).find((c) => signer.checkIssued(c) && signer.verify(c.publicKey));
}

function wwdrRequired(certificatePem: string, bundle: WwdrBundle | undefined): ImportError {
  const generation = issuingGeneration(new X509Certificate(certificatePem));
  const shipped = bundle?.ok === true && bundle.certificates.some((w) => w.generation === generation);
  const message = shipped
    ? `Your pass certificate names Apple’s WWDR ${generation} as its issuer, but Apple’s WWDR ${generation} did not sign it: it does not come from Apple. Upload the WWDR certificate that issued it, or make a new request here.`
    : generation
      ? `Your pass certificate was issued by Apple’s WWDR ${generation}, which Passerelle does not ship: add ${wwdrFileName(generation)} (${wwdrDownloadUrl(generation)}).`
      : 'Add the WWDR certificate of the authority that issued your pass certificate (Apple’s is AppleWWDRCAG4.cer): it must accompany every pass.';
  return new ImportError('WWDR_REQUIRED', message, 'wwdr');
}

/**
 * Checks an upload completely. Without a WWDR upload, the one in a .p12's chain is used, else the one Passerelle
 * ships (`bundle`, resources/apple) that issued the certificate.
 */
export function checkAppleImport(input: AppleImport, now: Date = new Date(), bundle?: WwdrBundle): CheckedIdentity {
  // The WWDR first: it is the cheapest check and the most common mistake (G1/G3 instead of G4).
  const uploadedWwdr = input.wwdr === undefined ? undefined : readCertificate(input.wwdr, 'wwdr', 'WWDR certificate');
  if (uploadedWwdr) checkWwdr(uploadedWwdr, now);

  let certificatePem: string;
  let privateKeyPem: string;
  let wwdr = uploadedWwdr;
  if (input.kind === 'p12') {
    if (input.p12.length === 0) throw new ImportError('P12_INVALID', 'Choose the .p12 file exported from Keychain Access.', 'p12');
    const contents = tagged('p12', () => loadP12(input.p12, input.password, { now }));
    certificatePem = contents.certificatePem;
    privateKeyPem = contents.privateKeyPem;
    wwdr ??= wwdrFromChain(certificatePem, contents.chainPems);
  } else {
    certificatePem = readCertificate(input.certPem, 'cert', 'pass certificate').toString();
    privateKeyPem = input.keyPem;
  }
  if (!wwdr && bundle) wwdr = shippedIssuerOf(bundle, new X509Certificate(certificatePem))?.certificate;
  if (!wwdr) throw wwdrRequired(certificatePem, bundle);
  const wwdrPem = wwdr.toString();
  const passphrase = input.kind === 'pem' && input.keyPassphrase ? input.keyPassphrase : undefined;
  const signerWwdr = wwdr;
  const identity = tagged(input.kind, () => {
    try {
      return createSigningIdentity({ certificatePem, privateKeyPem, wwdrPem, ...(passphrase === undefined ? {} : { keyPassphrase: passphrase }) }, { now });
    } catch (err) {
      // Which generation each certificate is, and what to do, rather than "not issued by this WWDR".
      if (err instanceof AppError && err.code === 'WWDR_MISMATCH') {
        const why = explainWwdrMismatch(new X509Certificate(certificatePem), signerWwdr);
        if (why) throw new AppError('WWDR_MISMATCH', why, 400);
      }
      throw err;
    }
  });
  if (!identity.passTypeIdentifier.startsWith('pass.')) {
    throw new ImportError(
      'CERT_NOT_PASS_TYPE_ID',
      `This certificate is for “${identity.passTypeIdentifier}”, not a Pass Type ID (pass.…): in Apple’s developer portal, make it under Identifiers → Pass Type IDs.`,
      input.kind === 'p12' ? 'p12' : 'cert',
    );
  }
  // Stored unencrypted (PKCS#8): the server signs at every start without anyone to type the passphrase.
  const pkcs8 = createPrivateKey({ key: privateKeyPem, format: 'pem', ...(passphrase === undefined ? {} : { passphrase }) })
    .export({ type: 'pkcs8', format: 'pem' })
    .toString();
  return { pems: { certificatePem: new X509Certificate(certificatePem).toString(), privateKeyPem: pkcs8, wwdrPem }, identity };
}
