/**
 * The Standard Webhooks signature (https://www.standardwebhooks.com): `webhook-signature` holds space-separated
 * `v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>">`, the key being the base64 after `whsec_`.
 * During a rotation two signatures go out, one per secret, and a receiver accepts either.
 */
import { createHmac, randomBytes } from 'node:crypto';

/** 32 random bytes, as the spec's receivers expect (24 to 64). */
export const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`;

export const WEBHOOK_SECRET = /^whsec_[A-Za-z0-9+/]{32,88}={0,2}$/;

export function signature(secret: string, msgId: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  return `v1,${createHmac('sha256', key).update(`${msgId}.${timestampSeconds}.${body}`).digest('base64')}`;
}

/** The three headers of one attempt: a fresh timestamp, one signature per live secret. */
export function webhookHeaders(secrets: readonly string[], msgId: string, timestampSeconds: number, body: string): Record<string, string> {
  return {
    'webhook-id': msgId,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': secrets.map((s) => signature(s, msgId, timestampSeconds, body)).join(' '),
  };
}
