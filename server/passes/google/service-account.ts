/**
 * The Google Cloud service-account key (the JSON file the console downloads) that both signs "Add to Google Wallet"
 * links and authenticates REST calls. Checked field by field when imported, so that Settings can say which part is
 * wrong; the private key is kept as PKCS#8 PEM and never logged.
 */
import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

export interface ServiceAccount {
  clientEmail: string;
  /** PKCS#8 PEM. */
  privateKeyPem: string;
  privateKeyId: string;
  projectId: string;
  /** SHA-256 of the public key (hex): names the key without revealing it. */
  fingerprint: string;
}

export type ServiceAccountField = 'json' | 'type' | 'client_email' | 'private_key';

export class ServiceAccountError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field: ServiceAccountField,
  ) {
    super(message);
    this.name = 'ServiceAccountError';
  }
}

// Service accounts are <name>@<project>.iam.gserviceaccount.com; older ones end in developer.gserviceaccount.com.
const EMAIL = /^[a-z0-9][a-z0-9._-]{0,99}@[a-z0-9][a-z0-9.-]{0,200}\.[a-z]{2,}$/i;
const MAX_JSON = 20_000;

export function keyFingerprint(key: KeyObject): string {
  return createHash('sha256').update(createPublicKey(key).export({ type: 'spki', format: 'der' })).digest('hex');
}

/** Parses and checks a service-account JSON key; throws a ServiceAccountError naming the field at fault. */
export function parseServiceAccount(text: string): ServiceAccount {
  if (text.length > MAX_JSON) throw new ServiceAccountError('SA_NOT_JSON', 'This file is too large to be a service-account key.', 'json');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ServiceAccountError('SA_NOT_JSON', 'This is not a JSON file. Download the key again (Google Cloud console → IAM → Service accounts → Keys → Add key → JSON).', 'json');
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new ServiceAccountError('SA_NOT_JSON', 'This JSON is not a service-account key.', 'json');
  }
  const o = json as Record<string, unknown>;
  if (o.type !== 'service_account') {
    throw new ServiceAccountError('SA_WRONG_TYPE', `This key is of type "${String(o.type ?? 'none')}"; Google Wallet needs a service-account key ("type": "service_account").`, 'type');
  }
  if (typeof o.client_email !== 'string' || o.client_email === '') {
    throw new ServiceAccountError('SA_FIELD_MISSING', 'The key has no "client_email".', 'client_email');
  }
  if (!EMAIL.test(o.client_email)) {
    throw new ServiceAccountError('SA_EMAIL_SHAPE', `"${o.client_email.slice(0, 120)}" is not a service-account e-mail address (name@project.iam.gserviceaccount.com).`, 'client_email');
  }
  if (typeof o.private_key !== 'string' || o.private_key === '') {
    throw new ServiceAccountError('SA_FIELD_MISSING', 'The key has no "private_key".', 'private_key');
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: o.private_key, format: 'pem' });
  } catch {
    throw new ServiceAccountError('SA_KEY_UNREADABLE', 'The "private_key" is not a readable PEM private key; the file may have been edited.', 'private_key');
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new ServiceAccountError('SA_KEY_NOT_RSA', `The private key is ${String(key.asymmetricKeyType)}; Google signs service-account keys with RSA.`, 'private_key');
  }
  return {
    clientEmail: o.client_email,
    privateKeyPem: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
    privateKeyId: typeof o.private_key_id === 'string' ? o.private_key_id : '',
    projectId: typeof o.project_id === 'string' ? o.project_id : '',
    fingerprint: keyFingerprint(key),
  };
}
