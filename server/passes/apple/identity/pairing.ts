/**
 * The `.cer` Apple's portal returns for a request made here, paired with the key waiting for it: the certificate's
 * public key names the request it came from. Then the same complete check as any import (WWDR, dates, Pass Type ID).
 */
import { ImportError, readCertificate } from './certificates.js';
import { publicKeySha256 } from './csr.js';
import { checkAppleImport, type CheckedIdentity } from './import.js';
import type { PendingKey, PendingKeysRepository } from './pending-keys-repository.js';
import type { WwdrBundle } from './wwdr-bundle.js';

export interface PairOptions {
  now: Date;
  bundle: WwdrBundle;
  /** A WWDR the owner uploaded (a generation Passerelle does not ship); the shipped one otherwise. */
  wwdr?: Buffer | string | undefined;
}

export function pairCertificate(cer: Buffer | string, keys: PendingKeysRepository, options: PairOptions): { checked: CheckedIdentity; pending: PendingKey } {
  const certificate = readCertificate(cer, 'cert', 'certificate from Apple');
  const pending = keys.byPublicKey(publicKeySha256(certificate.publicKey));
  if (!pending) {
    throw new ImportError(
      'CER_NO_MATCHING_KEY',
      'This certificate was not made from a request of this Passerelle (or from one replaced since). Make a new request ' +
        'here, upload it in Apple’s developer portal, and import the certificate Apple gives back. A certificate made ' +
        'with Keychain Access goes through the .p12 import instead.',
      'cert',
    );
  }
  const checked = checkAppleImport(
    { kind: 'pem', certPem: certificate.toString(), keyPem: pending.privateKeyPem, wwdr: options.wwdr },
    options.now,
    options.bundle,
  );
  return { checked, pending };
}
