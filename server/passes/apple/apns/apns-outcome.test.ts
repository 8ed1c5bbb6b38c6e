import { describe, expect, it } from 'vitest';
import { classifyConnectionError, classifyResponse, reasonOf } from './apns-outcome.js';
import { backoffDelay } from './backoff.js';

describe('APNs outcomes', () => {
  it.each([
    [200, '', 'ok'],
    [410, 'Unregistered', 'remove-registration'],
    [410, 'ExpiredToken', 'remove-registration'],
    [400, 'BadDeviceToken', 'remove-registration'],
    [400, 'DeviceTokenNotForTopic', 'remove-registration'],
    [429, 'TooManyRequests', 'retry'],
    [500, 'InternalServerError', 'retry'],
    [503, 'ServiceUnavailable', 'retry'],
    [403, 'BadCertificate', 'credentials-problem'],
    [403, 'ExpiredProviderToken', 'credentials-problem'],
    [400, 'BadTopic', 'failed'],
    [400, 'PayloadEmpty', 'failed'],
    [404, 'BadPath', 'failed'],
    [405, 'MethodNotAllowed', 'failed'],
    [413, 'PayloadTooLarge', 'failed'],
  ])('%i %s → %s', (status, reason, kind) => {
    expect(classifyResponse(status, reason, 'ID').kind).toBe(kind);
  });

  it('reads the reason of an error body, and nothing from anything else', () => {
    expect(reasonOf('{"reason":"Unregistered","timestamp":1}')).toBe('Unregistered');
    expect(reasonOf('')).toBe('');
    expect(reasonOf('<html>')).toBe('');
    expect(reasonOf('{"reason":3}')).toBe('');
  });

  it('tells TLS refusals and untrusted servers from network hiccups', () => {
    const err = (code: string) => Object.assign(new Error(code), { code });
    expect(classifyConnectionError(err('ERR_SSL_TLSV1_ALERT_UNKNOWN_CA'))).toMatchObject({ reason: 'BadCertificate' });
    expect(classifyConnectionError(err('ERR_SSL_SSLV3_ALERT_CERTIFICATE_REVOKED'))).toMatchObject({ reason: 'BadCertificate' });
    expect(classifyConnectionError(err('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED'))).toMatchObject({ reason: 'BadCertificate' });
    expect(classifyConnectionError(err('UNABLE_TO_VERIFY_LEAF_SIGNATURE'))).toMatchObject({ reason: 'UntrustedServer' });
    expect(classifyConnectionError(err('ERR_TLS_CERT_ALTNAME_INVALID'))).toMatchObject({ reason: 'UntrustedServer' });
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'ERR_HTTP2_SESSION_ERROR']) {
      expect(classifyConnectionError(err(code))).toBeUndefined();
    }
    expect(classifyConnectionError(undefined)).toBeUndefined();
  });
});

describe('backoff', () => {
  const policy = { baseMs: 1_000, maxMs: 60_000 };
  it('doubles from the base up to the cap, with half of each delay random', () => {
    expect([1, 2, 3, 4].map((a) => backoffDelay(policy, a, () => 0))).toEqual([500, 1_000, 2_000, 4_000]);
    expect([1, 2, 3, 4].map((a) => backoffDelay(policy, a, () => 1))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(backoffDelay(policy, 50, () => 1)).toBe(60_000);
    expect(backoffDelay(policy, 50, () => 0)).toBe(30_000);
  });
});
