/**
 * Passerelle calls its own public URL, as a phone would (through the tunnel or the owner's reverse proxy), and asks
 * its public listener for a one-time value: only this Passerelle can answer it. Each step says in plain words what
 * holds or what fails: the address itself, the name, the connection and HTTPS certificate chain, and whether the
 * answer came from this Passerelle.
 */
import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { rootCertificates, type TLSSocket } from 'node:tls';
import { isLocalHost } from '../http/public-url.js';
import type { NoncesRepository } from './nonces-repository.js';

export const SELF_TEST_PATH = '/.well-known/passerelle-self-test';

export type StepStatus = 'ok' | 'warn' | 'fail' | 'skip';
export type StepId = 'address' | 'dns' | 'https' | 'passerelle';

export interface SelfTestStep {
  id: StepId;
  status: StepStatus;
  code: string;
  message: string;
  params?: Record<string, string | number>;
}

export interface SelfTestReport {
  url: string;
  /** No step failed (warnings allowed). */
  ok: boolean;
  steps: SelfTestStep[];
  at: number;
}

export interface SelfTestOptions {
  nonces: NoncesRepository;
  now?: () => number;
  timeoutMs?: number;
  /** Extra CA to trust (tests' stand-in); production trusts the system's CAs, as phones do. */
  ca?: string | undefined;
}

interface Answer {
  status: number;
  body: string;
  certificate?: { subject: string; issuer: string; validTo: number };
}

const DAY = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** TLS and network errors of Node, in the owner's words. */
export function explainConnectionError(err: NodeJS.ErrnoException, host: string, port: string): SelfTestStep {
  const code = err.code ?? '';
  const step = (c: string, message: string): SelfTestStep => ({ id: 'https', status: 'fail', code: c, message, params: { host } });
  switch (code) {
    case 'ECONNREFUSED':
      return step('CONNECTION_REFUSED', `Nothing answers at ${host}:${port}: the tunnel or reverse proxy is not running, or points elsewhere.`);
    case 'ETIMEDOUT':
    case 'TIMEOUT':
      return step('TIMEOUT', `${host} did not answer in time: a firewall, a stopped tunnel, or no route from here.`);
    case 'ECONNRESET':
      return step('CONNECTION_RESET', `${host} closed the connection: it may not speak HTTPS on port ${port}.`);
    case 'CERT_HAS_EXPIRED':
      return step('CERT_EXPIRED', `The HTTPS certificate of ${host} has expired: phones refuse it. Renew it (Let’s Encrypt renews on its own when set up).`);
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return step('CERT_SELF_SIGNED', `${host} presents a self-signed certificate: phones refuse it. Use a certificate from a public authority (Let’s Encrypt), or the ngrok tunnel.`);
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return step('CERT_CHAIN_INCOMPLETE', `The certificate chain of ${host} is incomplete or from an unknown authority: serve the full chain (fullchain.pem), not only the certificate.`);
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return step('CERT_WRONG_NAME', `The HTTPS certificate answering at ${host} is for another name: it must name ${host}.`);
    case 'EPROTO':
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
      return step('NOT_HTTPS', `${host}:${port} does not speak HTTPS (plain HTTP on an https:// address?).`);
    default:
      return step('CONNECTION_FAILED', `Could not reach ${host}:${port} (${code || err.message}).`);
  }
}

function get(url: URL, options: SelfTestOptions): Promise<Answer> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<Answer>((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: 'GET',
        headers: { accept: 'application/json', 'user-agent': 'Passerelle self-test' },
        timeout: options.timeoutMs ?? 10_000,
        // A fresh connection every time: a pooled one could be a different route than a phone's.
        agent: false,
        // An extra CA adds to the system's rather than replacing them.
        ...(url.protocol === 'https:' && options.ca ? { ca: [...rootCertificates, options.ca] } : {}),
      },
      (response) => {
        const socket = response.socket as TLSSocket;
        const peer = typeof socket.getPeerCertificate === 'function' ? socket.getPeerCertificate() : undefined;
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          if (body.length < 16_384) body += chunk;
        });
        response.on('end', () => {
          resolve({
            status: response.statusCode ?? 0,
            body,
            ...(peer && peer.valid_to ? { certificate: { subject: String(peer.subject?.CN ?? ''), issuer: String(peer.issuer?.O ?? peer.issuer?.CN ?? ''), validTo: Date.parse(peer.valid_to) } } : {}),
          });
        });
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    request.on('error', reject);
    request.end();
  });
}

export async function runSelfTest(publicUrl: string, options: SelfTestOptions): Promise<SelfTestReport> {
  const now = options.now ?? Date.now;
  const steps: SelfTestStep[] = [];
  const done = (): SelfTestReport => {
    const ids: StepId[] = ['address', 'dns', 'https', 'passerelle'];
    for (const id of ids) if (!steps.some((s) => s.id === id)) steps.push({ id, status: 'skip', code: 'NOT_RUN', message: 'Not tested: an earlier step failed.' });
    return { url: publicUrl, ok: !steps.some((s) => s.status === 'fail'), steps, at: now() };
  };

  let url: URL;
  try {
    url = new URL(publicUrl);
  } catch {
    steps.push({ id: 'address', status: 'fail', code: 'ADDRESS_INVALID', message: `${publicUrl} is not an address.` });
    return done();
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  if (url.protocol !== 'https:') {
    steps.push({ id: 'address', status: 'fail', code: 'ADDRESS_NOT_HTTPS', message: `${publicUrl} is not https://: iPhones refuse to add or update cards from it.` });
  } else if (isLocalHost(host)) {
    steps.push({
      id: 'address',
      status: 'warn',
      code: 'ADDRESS_LOCAL',
      message: `${host} is an address of this computer or this network: phones on mobile data cannot reach it.`,
      params: { host },
    });
  } else {
    steps.push({ id: 'address', status: 'ok', code: 'ADDRESS_OK', message: `${publicUrl} is an https:// address.` });
  }

  if (isIP(host) === 0) {
    try {
      const found = await lookup(host);
      steps.push({ id: 'dns', status: 'ok', code: 'DNS_OK', message: `${host} resolves to ${found.address}.`, params: { host, address: found.address } });
    } catch {
      steps.push({ id: 'dns', status: 'fail', code: 'DNS_UNKNOWN', message: `The name ${host} does not exist (DNS): check its spelling, or create its DNS record.`, params: { host } });
      return done();
    }
  } else {
    steps.push({ id: 'dns', status: 'skip', code: 'DNS_IP', message: `${host} is an IP address: no name to resolve.` });
  }

  const nonce = options.nonces.create();
  const base = url.pathname.replace(/\/+$/, '');
  const target = new URL(`${url.protocol}//${url.host}${base}${SELF_TEST_PATH}/${nonce}`);
  let answer: Answer;
  try {
    answer = await get(target, options);
  } catch (err) {
    steps.push(explainConnectionError(err as NodeJS.ErrnoException, host, port));
    return done();
  }
  if (url.protocol === 'https:') {
    const cert = answer.certificate;
    const left = cert ? cert.validTo - now() : Number.POSITIVE_INFINITY;
    if (cert && left < 14 * DAY) {
      steps.push({
        id: 'https',
        status: 'warn',
        code: 'CERT_EXPIRES_SOON',
        message: `HTTPS works, but the certificate of ${host} expires on ${day(cert.validTo)}: check that it renews.`,
        params: { host, date: day(cert.validTo) },
      });
    } else {
      const by = cert?.issuer ? ` (certificate by ${cert.issuer}${cert ? `, valid until ${day(cert.validTo)}` : ''})` : '';
      steps.push({ id: 'https', status: 'ok', code: 'HTTPS_OK', message: `HTTPS works and its certificate chain is trusted${by}.`, params: { host, issuer: cert?.issuer ?? '' } });
    }
  } else {
    steps.push({ id: 'https', status: 'fail', code: 'NOT_HTTPS', message: 'Plain HTTP: phones refuse it.' });
  }

  let proof: unknown;
  try {
    proof = JSON.parse(answer.body);
  } catch {
    proof = undefined;
  }
  if (answer.status === 200 && (proof as { nonce?: string } | undefined)?.nonce === nonce) {
    steps.push({ id: 'passerelle', status: 'ok', code: 'REACHES_PASSERELLE', message: 'The address reaches this Passerelle’s public side.' });
  } else if (/ERR_NGROK_3200|tunnel .* not found|endpoint .* is offline/i.test(answer.body)) {
    steps.push({ id: 'passerelle', status: 'fail', code: 'TUNNEL_OFFLINE', message: 'ngrok answers that no tunnel runs for this domain: start the tunnel (Settings → Public address).' });
  } else {
    steps.push({
      id: 'passerelle',
      status: 'fail',
      code: 'OTHER_SERVER',
      message: `Something answers at this address (HTTP ${answer.status}) but not this Passerelle: the tunnel or proxy points elsewhere (another program, or the admin port instead of the public one).`,
      params: { status: answer.status },
    });
  }
  return done();
}
