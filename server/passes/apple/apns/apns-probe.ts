/**
 * Whether APNs accepts this certificate, asked the only way APNs answers it: one HTTP/2 request with the certificate,
 * for a device token that belongs to no phone. "BadDeviceToken" (or, from a stand-in, 200) means the connection and
 * the certificate were accepted; a refused handshake or a 403 means they were not. Nothing reaches a phone.
 */
import http2 from 'node:http2';
import { createSecureContext } from 'node:tls';
import type { ApnsEndpoint, ApnsIdentity } from './apns-sender.js';

export type ProbeOutcome =
  | { ok: true; status: number; reason?: string }
  | { ok: false; code: string; message: string };

/** 32 zero bytes: shaped like a token, issued to nobody. */
export const PROBE_TOKEN = '0'.repeat(64);

const REFUSALS: Record<string, string> = {
  BadCertificate: 'APNs refused the certificate.',
  BadCertificateEnvironment: 'APNs refused the certificate for this environment (pass updates use the production host, api.push.apple.com).',
  TopicDisallowed: 'APNs does not let this certificate push for its pass type identifier.',
  Forbidden: 'APNs refused the request.',
};

export function probeApns(endpoint: ApnsEndpoint, identity: ApnsIdentity, timeoutMs = 10_000): Promise<ProbeOutcome> {
  return new Promise<ProbeOutcome>((resolve) => {
    let settled = false;
    const host = endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host;
    let session: http2.ClientHttp2Session;
    const finish = (outcome: ProbeOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      session?.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => finish({ ok: false, code: 'APNS_TIMEOUT', message: `${endpoint.host}:${endpoint.port} did not answer within ${timeoutMs / 1000} s.` }), timeoutMs);
    try {
      const secureContext = createSecureContext({ cert: identity.certPem, key: identity.keyPem, ...(endpoint.caPem ? { ca: endpoint.caPem } : {}) });
      session = http2.connect(`https://${host}:${endpoint.port}`, { secureContext });
    } catch (err) {
      finish({ ok: false, code: 'APNS_IDENTITY_UNUSABLE', message: `The certificate or key cannot be used for TLS (${(err as Error).message}).` });
      return;
    }
    session.on('error', (err: NodeJS.ErrnoException) => {
      const code = err.code ?? '';
      if (/CERT|SSL|TLS|ALERT/i.test(`${code} ${err.message}`) && !/ECONN/.test(code)) {
        finish({ ok: false, code: 'APNS_TLS_REFUSED', message: `The TLS connection to ${endpoint.host} failed (${err.message}): APNs refuses this certificate, or the host is not APNs.` });
      } else {
        finish({ ok: false, code: 'APNS_UNREACHABLE', message: `${endpoint.host}:${endpoint.port} cannot be reached (${code || err.message}).` });
      }
    });
    session.on('close', () => finish({ ok: false, code: 'APNS_CLOSED', message: `${endpoint.host} closed the connection before answering: it refuses this certificate.` }));
    const stream = session.request({
      ':method': 'POST',
      ':path': `/3/device/${PROBE_TOKEN}`,
      'apns-topic': identity.passTypeIdentifier,
      'apns-push-type': 'background',
      'apns-priority': '5',
      'content-type': 'application/json',
    });
    let status = 0;
    let body = '';
    stream.on('response', (headers) => {
      status = Number(headers[':status'] ?? 0);
    });
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      body += chunk;
    });
    stream.on('error', () => undefined);
    stream.on('end', () => {
      let reason: string | undefined;
      try {
        reason = (JSON.parse(body) as { reason?: string }).reason;
      } catch {
        reason = undefined;
      }
      if (status === 0) {
        finish({ ok: false, code: 'APNS_TLS_REFUSED', message: `${endpoint.host} closed the connection without answering: it refused this certificate in the TLS handshake, or it is not APNs.` });
      } else if (status === 200 || (status === 400 && reason === 'BadDeviceToken') || status === 410) {
        finish({ ok: true, status, ...(reason ? { reason } : {}) });
      } else if (status === 403) {
        finish({ ok: false, code: `APNS_${reason ?? 'FORBIDDEN'}`, message: `${REFUSALS[reason ?? 'Forbidden'] ?? `APNs answered 403 ${reason}.`}` });
      } else {
        finish({ ok: false, code: 'APNS_UNEXPECTED', message: `APNs answered ${status}${reason ? ` ${reason}` : ''}.` });
      }
    });
    stream.end('{}');
  });
}
