/**
 * "Add to Google Wallet" links (google-wallet.md §2): a JWT signed RS256 with the service-account key, naming objects
 * already inserted over REST ("skinny": ids only), so that the link stays under the 1,800 characters browsers keep.
 */
import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { payloadObjectsKey, type Vertical } from './ids.js';

export const SAVE_URL_PREFIX = 'https://pay.google.com/gp/v/save/';
/** "JWTs used in web links must not exceed 1800 characters due to browser truncation." */
export const MAX_SAVE_JWT = 1800;

export interface SaveObjectRef {
  vertical: Vertical;
  id: string;
  classId: string;
}

export interface SaveJwtInput {
  clientEmail: string;
  privateKey: KeyObject | string;
  /** Where the button may be shown: the shop's public URL. */
  origins: readonly string[];
  objects: readonly SaveObjectRef[];
  /** Epoch ms. */
  now: number;
}

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

export function signSaveJwt(input: SaveJwtInput): string {
  const payload: Record<string, Array<{ id: string; classId: string }>> = {};
  for (const o of input.objects) (payload[payloadObjectsKey(o.vertical)] ??= []).push({ id: o.id, classId: o.classId });
  const claims = {
    iss: input.clientEmail,
    aud: 'google',
    typ: 'savetowallet',
    iat: Math.floor(input.now / 1000),
    origins: [...input.origins],
    payload,
  };
  const signingInput = `${b64url({ alg: 'RS256', typ: 'JWT' })}.${b64url(claims)}`;
  const key = typeof input.privateKey === 'string' ? createPrivateKey(input.privateKey) : input.privateKey;
  const jwt = `${signingInput}.${sign('sha256', Buffer.from(signingInput), key).toString('base64url')}`;
  if (jwt.length > MAX_SAVE_JWT) throw new Error(`save JWT of ${jwt.length} characters exceeds ${MAX_SAVE_JWT}`);
  return jwt;
}

/** The origin (scheme://host[:port]) Google compares with the page showing the button. */
export const originOf = (publicUrl: string): string => new URL(publicUrl).origin;

export const saveUrlOf = (jwt: string): string => `${SAVE_URL_PREFIX}${jwt}`;
