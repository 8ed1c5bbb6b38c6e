import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { testServiceAccount } from '../../testing/google-credentials.js';
import { parseServiceAccount, ServiceAccountError } from './service-account.js';

const sa = testServiceAccount();
const edited = (patch: (o: Record<string, unknown>) => void): string => {
  const o = JSON.parse(sa.json) as Record<string, unknown>;
  patch(o);
  return JSON.stringify(o);
};
const refusal = (text: string) => {
  try {
    parseServiceAccount(text);
  } catch (err) {
    if (err instanceof ServiceAccountError) return { code: err.code, field: err.field };
    throw err;
  }
  throw new Error('accepted');
};

describe('parseServiceAccount', () => {
  it('reads the e-mail, the key (as PKCS#8) and a fingerprint of the public key', () => {
    const parsed = parseServiceAccount(sa.json);
    expect(parsed.clientEmail).toBe(sa.clientEmail);
    expect(parsed.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(parsed.projectId).toBe('passerelle-tests');
    expect(parsed.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(parseServiceAccount(sa.json).fingerprint).toBe(parsed.fingerprint);
  });

  it('names what is wrong', () => {
    expect(refusal('{"type":')).toEqual({ code: 'SA_NOT_JSON', field: 'json' });
    expect(refusal('[1]')).toEqual({ code: 'SA_NOT_JSON', field: 'json' });
    expect(refusal(edited((o) => (o.type = 'authorized_user')))).toEqual({ code: 'SA_WRONG_TYPE', field: 'type' });
    expect(refusal(edited((o) => delete o.client_email))).toEqual({ code: 'SA_FIELD_MISSING', field: 'client_email' });
    expect(refusal(edited((o) => (o.client_email = 'not an email')))).toEqual({ code: 'SA_EMAIL_SHAPE', field: 'client_email' });
    expect(refusal(edited((o) => delete o.private_key))).toEqual({ code: 'SA_FIELD_MISSING', field: 'private_key' });
    expect(refusal(edited((o) => (o.private_key = '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n')))).toEqual({
      code: 'SA_KEY_UNREADABLE',
      field: 'private_key',
    });
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(refusal(edited((o) => (o.private_key = ec)))).toEqual({ code: 'SA_KEY_NOT_RSA', field: 'private_key' });
  });
});
