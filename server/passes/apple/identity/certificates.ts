/** Reading the certificates a shop uploads: PEM text or the DER `.cer` Apple publishes, told apart by their bytes. */
import { X509Certificate } from 'node:crypto';
import { AppError } from '../../../errors.js';

/** Which input of the import form an error is about, so that the UI shows it next to that input. */
export type ImportField = 'p12' | 'password' | 'cert' | 'key' | 'keyPassphrase' | 'wwdr';

export class ImportError extends AppError {
  readonly field: ImportField;

  constructor(code: string, message: string, field: ImportField) {
    super(code, message, 400);
    this.name = 'ImportError';
    this.field = field;
  }
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

/** The first certificate of a PEM file, or a DER certificate; `what` names it in the error. */
export function readCertificate(input: Buffer | string, field: ImportField, what: string): X509Certificate {
  const text = typeof input === 'string' ? input : input.subarray(0, 64 * 1024).toString('latin1');
  const pem = PEM_BLOCK.exec(text)?.[0];
  try {
    if (pem) return new X509Certificate(pem);
    if (typeof input !== 'string' && input.length > 0 && input[0] === 0x30) return new X509Certificate(input);
  } catch {
    // Falls through to the error below: a damaged certificate is as useless as no certificate.
  }
  throw new ImportError('NOT_A_CERTIFICATE', `The ${what} is not a certificate (expected a PEM file or a DER .cer file).`, field);
}

/** "CN=…, OU=…, O=…", one line. */
export function subjectLine(cert: X509Certificate): string {
  return cert.subject.split('\n').filter(Boolean).join(', ');
}

export function expiryOf(cert: X509Certificate): number {
  return new Date(cert.validTo).getTime();
}
