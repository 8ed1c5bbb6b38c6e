/**
 * Google Wallet save/delete callbacks are signed with Google's ECv2SigningOnly protocol (google-wallet.md §5, after
 * Tink's PaymentMethodTokenRecipient): a root key (fetched from Google) signs an intermediate key, which signs the
 * message. No maintained JavaScript port of Tink's verifier exists; this is it, on node:crypto (ECDSA P-256, SHA-256,
 * DER signatures). Nothing in a callback is believed before `verifyCallback` accepted it.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';

export const PROTOCOL = 'ECv2SigningOnly';
export const DEFAULT_SENDER_ID = 'GooglePayPasses';

export interface RootKey {
  /** Base64 X.509 SubjectPublicKeyInfo of an EC P-256 key. */
  keyValue: string;
  protocolVersion: string;
  /** Epoch ms, as a string (Google's format) or a number. */
  keyExpiration?: string | number;
}

export interface CallbackEnvelope {
  protocolVersion: string;
  signature: string;
  signedMessage: string;
  intermediateSigningKey: { signedKey: string; signatures: string[] };
}

export interface CallbackMessage {
  classId: string;
  objectId: string;
  /** 'save' or 'del' (others are kept as sent and ignored). */
  eventType: string;
  expTimeMillis: number;
  nonce: string;
}

export type Refusal = 'malformed' | 'bad-root-signature' | 'expired-key' | 'bad-signature' | 'expired-message' | 'no-root-keys';

export type Verification = { ok: true; message: CallbackMessage } | { ok: false; reason: Refusal };

/** LV(x): 4-byte little-endian length, then the UTF-8 bytes (Tink's PaymentMethodTokenUtil.toLengthValue). */
export function lengthValue(...parts: string[]): Buffer {
  return Buffer.concat(
    parts.flatMap((p) => {
      const bytes = Buffer.from(p, 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32LE(bytes.length);
      return [length, bytes];
    }),
  );
}

const isString = (v: unknown): v is string => typeof v === 'string';
const exactKeys = (o: object, keys: readonly string[]): boolean => {
  const own = Object.keys(o);
  return own.length === keys.length && keys.every((k) => own.includes(k));
};

/** The envelope's shape exactly as Tink requires it: four keys, two inside the intermediate key. */
export function parseEnvelope(body: unknown): CallbackEnvelope | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const o = body as Record<string, unknown>;
  if (!exactKeys(o, ['protocolVersion', 'signature', 'signedMessage', 'intermediateSigningKey'])) return undefined;
  if (o.protocolVersion !== PROTOCOL || !isString(o.signature) || !isString(o.signedMessage)) return undefined;
  const k = o.intermediateSigningKey;
  if (k === null || typeof k !== 'object' || Array.isArray(k) || !exactKeys(k, ['signedKey', 'signatures'])) return undefined;
  const { signedKey, signatures } = k as Record<string, unknown>;
  if (!isString(signedKey) || !Array.isArray(signatures) || signatures.length === 0 || !signatures.every(isString)) return undefined;
  return { protocolVersion: PROTOCOL, signature: o.signature, signedMessage: o.signedMessage, intermediateSigningKey: { signedKey, signatures } };
}

const expiry = (v: unknown): number => (isString(v) && /^\d{1,16}$/.test(v) ? Number(v) : typeof v === 'number' && Number.isSafeInteger(v) ? v : NaN);

function ecKey(base64: string): KeyObject | undefined {
  try {
    const key = createPublicKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'spki' });
    return key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1' ? key : undefined;
  } catch {
    return undefined;
  }
}

function verifies(data: Buffer, key: KeyObject, signatureB64: string): boolean {
  try {
    return verify('sha256', data, key, Buffer.from(signatureB64, 'base64'));
  } catch {
    return false;
  }
}

/** Root keys usable now: this protocol, not expired (an expiry is required for every protocol after ECv1). */
export function usableRootKeys(keys: readonly RootKey[], now: number): KeyObject[] {
  return keys.flatMap((k) => {
    if (k.protocolVersion !== PROTOCOL || !(expiry(k.keyExpiration) > now)) return [];
    const key = ecKey(k.keyValue);
    return key ? [key] : [];
  });
}

export interface VerifyOptions {
  rootKeys: readonly RootKey[];
  /** The issuer id: callbacks are addressed to it. */
  recipientId: string;
  senderId?: string;
  now: number;
}

export function verifyCallback(body: unknown, opts: VerifyOptions): Verification {
  const envelope = parseEnvelope(body);
  if (!envelope) return { ok: false, reason: 'malformed' };
  const sender = opts.senderId ?? DEFAULT_SENDER_ID;
  const roots = usableRootKeys(opts.rootKeys, opts.now);
  if (roots.length === 0) return { ok: false, reason: 'no-root-keys' };

  const { signedKey, signatures } = envelope.intermediateSigningKey;
  const keyData = lengthValue(sender, PROTOCOL, signedKey);
  if (!signatures.some((sig) => roots.some((root) => verifies(keyData, root, sig)))) return { ok: false, reason: 'bad-root-signature' };

  let intermediate: KeyObject | undefined;
  try {
    const parsed = JSON.parse(signedKey) as Record<string, unknown>;
    if (!(expiry(parsed.keyExpiration) > opts.now)) return { ok: false, reason: 'expired-key' };
    intermediate = isString(parsed.keyValue) ? ecKey(parsed.keyValue) : undefined;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (!intermediate) return { ok: false, reason: 'malformed' };

  const messageData = lengthValue(sender, opts.recipientId, PROTOCOL, envelope.signedMessage);
  if (!verifies(messageData, intermediate, envelope.signature)) return { ok: false, reason: 'bad-signature' };

  let message: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(envelope.signedMessage);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { ok: false, reason: 'malformed' };
    message = parsed as Record<string, unknown>;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  // Tink checks messageExpiration when present; Wallet's messages carry expTimeMillis.
  if ('messageExpiration' in message && !(expiry(message.messageExpiration) > opts.now)) return { ok: false, reason: 'expired-message' };
  const expTimeMillis = expiry(message.expTimeMillis);
  if (!(expTimeMillis > opts.now)) return { ok: false, reason: 'expired-message' };
  const { classId, objectId, eventType, nonce } = message;
  if (!isString(classId) || !isString(objectId) || !isString(eventType) || !isString(nonce) || nonce === '' || nonce.length > 200) {
    return { ok: false, reason: 'malformed' };
  }
  return { ok: true, message: { classId, objectId, eventType, expTimeMillis, nonce } };
}
