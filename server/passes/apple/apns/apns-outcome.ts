/**
 * What one push came to, and what the outbox must do about it (reference/apple-wallet.md §2.3). Apple: "Don't retry
 * notification responses with the error code BadDeviceToken, DeviceTokenNotForTopic, Forbidden, ExpiredToken,
 * Unregistered, or PayloadTooLarge"; 410 is "an irrecoverable and final error"; 429 and 5xx are worth retrying later;
 * 403 means our credentials are wrong, so every further push would fail the same way.
 */
export type PushOutcome =
  | { kind: 'ok'; status: 200; apnsId: string }
  /** The token is dead for this topic: drop the registrations that use it. */
  | { kind: 'remove-registration'; status: number; reason: string }
  /** Worth sending again later (429, 5xx, a connection lost after the request left). */
  | { kind: 'retry'; status: number; reason: string }
  /** Never left this process (sender closed or stopped, deadline reached while queued): try again, no harm done. */
  | { kind: 'not-sent'; reason: string }
  /** Apple refuses our certificate (or we cannot trust the server): stop sending until a person fixes it. */
  | { kind: 'credentials-problem'; status: number; reason: string; message: string }
  /** A request APNs will never accept as it is: logged, not retried. */
  | { kind: 'failed'; status: number; reason: string };

export type CredentialsProblem = Extract<PushOutcome, { kind: 'credentials-problem' }>;

const REMOVE_REASONS = new Set(['BadDeviceToken', 'DeviceTokenNotForTopic']);

const CREDENTIAL_MESSAGES: Record<string, string> = {
  BadCertificate: 'Apple refused the Pass Type ID certificate used for push notifications. Import a valid certificate.',
  BadCertificateEnvironment: 'The Pass Type ID certificate is not valid for this APNs environment.',
  ExpiredProviderToken: 'Apple reports the provider credentials as expired. Import a current Pass Type ID certificate.',
  InvalidProviderToken: 'Apple refused the provider credentials.',
  Forbidden: 'Apple refused to accept pushes with these credentials.',
  UntrustedServer:
    'The APNs server’s certificate is not trusted. Check the APNs host and, for a stand-in server, its CA file (settings apns --ca).',
  InvalidIdentity: 'The Pass Type ID certificate or its private key cannot be used for TLS.',
  BadEndpoint: 'The APNs settings cannot be used (settings apns).',
};

export function credentialsProblem(status: number, reason: string): CredentialsProblem {
  const message = CREDENTIAL_MESSAGES[reason] ?? `APNs refused our credentials (${status} ${reason}).`;
  return { kind: 'credentials-problem', status, reason, message };
}

export function classifyResponse(status: number, reason: string, apnsId: string): PushOutcome {
  if (status === 200) return { kind: 'ok', status: 200, apnsId };
  if (status === 410 || (status === 400 && REMOVE_REASONS.has(reason))) return { kind: 'remove-registration', status, reason };
  if (status === 429 || status >= 500) return { kind: 'retry', status, reason };
  if (status === 403) return credentialsProblem(status, reason);
  return { kind: 'failed', status, reason };
}

/** APNs answers errors with `{"reason": "…"}`; anything else keeps the status as the only fact. */
export function reasonOf(body: string): string {
  if (body === '') return '';
  try {
    const parsed = JSON.parse(body) as { reason?: unknown };
    return typeof parsed.reason === 'string' ? parsed.reason : '';
  } catch {
    return '';
  }
}

/** OpenSSL's verdicts on the server's certificate: our CA setting or host is wrong, not the network. */
const UNTRUSTED_SERVER = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** TLS alerts the server sends when it refuses our client certificate. */
const REFUSED_CLIENT_CERT = /^ERR_SSL_(SSLV3|TLSV1|TLSV13)_ALERT_(BAD_CERTIFICATE|CERTIFICATE_\w+|UNKNOWN_CA|ACCESS_DENIED|UNSUPPORTED_CERTIFICATE)$/;

/** A connection error that a reconnect will not cure, as a credentials problem; undefined for the network's hiccups. */
export function classifyConnectionError(err: unknown): CredentialsProblem | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  if (UNTRUSTED_SERVER.has(code)) return credentialsProblem(0, 'UntrustedServer');
  if (REFUSED_CLIENT_CERT.test(code)) return credentialsProblem(0, 'BadCertificate');
  return undefined;
}
