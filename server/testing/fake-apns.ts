/**
 * A local stand-in for Apple's APNs provider API, as documented in shared/docs/reference/apple-wallet.md §2: HTTP/2
 * over TLS with a client certificate, `POST /3/device/<token>`, `apns-topic` = the pass type identifier, a JSON body,
 * `apns-id` on every answer, `{"reason": …}` bodies on errors. It records what it accepted, and can be told to fail
 * (per token or for the next requests), to send GOAWAY, to drop connections and to change its stream limit, so the
 * sender's handling of each documented case is tested against real HTTP/2 frames rather than against a mock.
 */
import { randomUUID } from 'node:crypto';
import http2, { type Http2Session, type ServerHttp2Stream, type IncomingHttpHeaders } from 'node:http2';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { createServerCertificate, type ServerCertificate } from './tls-server-certificate.js';

const { NGHTTP2_NO_ERROR, NGHTTP2_REFUSED_STREAM } = http2.constants;

export interface FakeApnsOptions {
  /** CA that issued the client certificates APNs accepts: the dev WWDR stand-in that issued the Pass Type ID cert. */
  clientCaPem: string;
  /** The topic the client certificate may push to: its pass type identifier. */
  topic: string;
  /** SETTINGS_MAX_CONCURRENT_STREAMS sent to clients. Apple has been seen sending 500–1,500. */
  maxConcurrentStreams?: number;
  /** How a certificate APNs does not know is refused: in the TLS handshake (default) or with 403 BadCertificate. */
  badCertificate?: 'handshake' | '403';
  /** Apple's limit for a regular notification is 4 KB. */
  maxPayloadBytes?: number;
  /** Added before each answer, to make in-flight windows matter as they do over the internet. */
  responseDelayMs?: number;
  /** Reuse one across fakes to skip key generation; a fresh one is made otherwise. */
  serverCertificate?: ServerCertificate;
}

export interface RecordedPush {
  token: string;
  topic: string;
  /** The request's headers as received (apns-topic, apns-push-type, apns-priority, apns-expiration, …). */
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
  /** Which connection (1, 2, …) and stream carried it. */
  session: number;
  streamId: number;
}

export interface Failure {
  status: number;
  reason: string;
}

export interface Answer {
  token: string;
  status: number;
  reason: string;
}

export interface GoawayOptions {
  /** HTTP/2 error code; NO_ERROR (0) is a graceful shutdown. */
  code?: number;
  /** APNs may put a JSON reason in the GOAWAY's opaque data. */
  reason?: string;
}

export interface FakeApns {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** The CA a client must trust for this fake's server certificate. */
  readonly caPem: string;
  readonly pushes: readonly RecordedPush[];
  /** Non-200 answers, in order. */
  readonly answers: readonly Answer[];
  countFor(token: string): number;
  /** Accepted pushes per token. */
  counts(): ReadonlyMap<string, number>;
  stats(): FakeApnsStats;
  /** Answer `failure` to requests for `token`, `times` times (forever by default). */
  failToken(token: string, failure: Failure, times?: number): void;
  /** Answer `failure` to the next `n` valid requests, whatever their token. */
  failNext(n: number, failure: Failure): void;
  /** After `n` more accepted pushes, send GOAWAY on that connection; later streams on it are refused. */
  goawayAfter(n: number, options?: GoawayOptions): void;
  /** GOAWAY on every open connection now, keeping the streams already received. */
  goawayNow(options?: GoawayOptions): void;
  /** After `n` more accepted pushes, cut that connection before answering the last one. */
  dropAfter(n: number): void;
  /** Cut every open connection now, without answering. */
  dropConnections(): void;
  setMaxConcurrentStreams(n: number): void;
  close(): Promise<void>;
}

export interface FakeApnsStats {
  accepted: number;
  rejected: number;
  /** Connections that completed the TLS handshake. */
  sessions: number;
  /** Connections open now. */
  liveSessions: number;
  /** TLS handshakes that failed (a client certificate APNs does not accept, among others). */
  tlsFailures: number;
  /** PING frames received from clients. */
  pings: number;
  /** Highest number of streams open at once on one connection. */
  maxConcurrentObserved: number;
  /** Client streams that never reached the fake (refused by HTTP/2 for exceeding the limit, for instance). */
  streamsNotSeen: number;
  /** Streams refused because they came after this fake's GOAWAY. */
  refusedAfterGoaway: number;
}

interface SessionState {
  id: number;
  open: number;
  seen: number;
  maxStreamId: number;
  goawayLastStreamId?: number;
}

const TOKEN = /^[0-9a-fA-F]{64}$/;
const PUSH_TYPES = new Set(['alert', 'background', 'location', 'voip', 'complication', 'fileprovider', 'mdm', 'liveactivity', 'pushtotalk']);
const PRIORITIES = new Set(['1', '5', '10']);
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

/** The first documented 400/404/405 a request deserves before its body is read, if any. */
function checkHeaders(headers: IncomingHttpHeaders, topic: string): Failure | undefined {
  if (headers[':method'] !== 'POST') return { status: 405, reason: 'MethodNotAllowed' };
  const path = headerValue(headers, ':path') ?? '';
  if (!path.startsWith('/3/device/')) return { status: 404, reason: 'BadPath' };
  const token = path.slice('/3/device/'.length);
  if (token === '') return { status: 400, reason: 'MissingDeviceToken' };
  if (!TOKEN.test(token)) return { status: 400, reason: 'BadDeviceToken' };
  const requestTopic = headerValue(headers, 'apns-topic');
  if (requestTopic === undefined || requestTopic === '') return { status: 400, reason: 'MissingTopic' };
  if (requestTopic !== topic) return { status: 400, reason: 'TopicDisallowed' };
  const pushType = headerValue(headers, 'apns-push-type');
  if (pushType !== undefined && !PUSH_TYPES.has(pushType)) return { status: 400, reason: 'InvalidPushType' };
  const priority = headerValue(headers, 'apns-priority');
  if (priority !== undefined && !PRIORITIES.has(priority)) return { status: 400, reason: 'BadPriority' };
  const expiration = headerValue(headers, 'apns-expiration');
  if (expiration !== undefined && !/^\d{1,10}$/.test(expiration)) return { status: 400, reason: 'BadExpirationDate' };
  const apnsId = headerValue(headers, 'apns-id');
  if (apnsId !== undefined && !UUID.test(apnsId)) return { status: 400, reason: 'BadMessageId' };
  return undefined;
}

/** Apple documents PayloadEmpty; it does not name the answer to a body that is not a JSON object (BadPayload here). */
function checkBody(body: string): Failure | undefined {
  if (body === '{}') return undefined;
  if (body.length === 0) return { status: 400, reason: 'PayloadEmpty' };
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { status: 400, reason: 'BadPayload' };
  } catch {
    return { status: 400, reason: 'BadPayload' };
  }
  return undefined;
}

interface RequestState {
  session: SessionState;
  id: number;
  token: string;
  headers: IncomingHttpHeaders;
  chunks: Buffer[];
  size: number;
}

const REQUEST = Symbol('fake apns request');
type FakeStream = ServerHttp2Stream & { [REQUEST]: RequestState };

const ignore = () => {};

export async function startFakeApns(options: FakeApnsOptions): Promise<FakeApns> {
  const tls = options.serverCertificate ?? createServerCertificate();
  const maxPayload = options.maxPayloadBytes ?? 4096;
  const badCertAs403 = options.badCertificate === '403';
  let maxConcurrentStreams = options.maxConcurrentStreams ?? 1000;

  const pushes: RecordedPush[] = [];
  const answers: Answer[] = [];
  const counts = new Map<string, number>();
  const tokenFailures = new Map<string, { failure: Failure; times: number }>();
  let nextFailures: { failure: Failure; remaining: number } | undefined;
  let goawayCountdown: { n: number; options: GoawayOptions } | undefined;
  let dropCountdown: number | undefined;
  const live = new Map<Http2Session, SessionState>();
  const finished: SessionState[] = [];
  const stats = { accepted: 0, rejected: 0, sessions: 0, tlsFailures: 0, pings: 0, maxConcurrentObserved: 0, refusedAfterGoaway: 0 };

  const server = http2.createSecureServer({
    cert: tls.certPem,
    key: tls.keyPem,
    ca: options.clientCaPem,
    requestCert: true,
    rejectUnauthorized: !badCertAs403,
    allowHTTP1: false,
    settings: { maxConcurrentStreams },
  });

  server.on('tlsClientError', () => {
    stats.tlsFailures++;
  });

  server.on('session', (session) => {
    const state: SessionState = { id: ++stats.sessions, open: 0, seen: 0, maxStreamId: 0 };
    live.set(session, state);
    session.on('ping', () => {
      stats.pings++;
    });
    session.on('error', () => {});
    session.on('close', () => {
      live.delete(session);
      finished.push(state);
    });
  });

  function sendGoaway(session: Http2Session, state: SessionState, lastStreamId: number, opts: GoawayOptions): void {
    if (state.goawayLastStreamId !== undefined || session.destroyed || session.closed) return;
    state.goawayLastStreamId = lastStreamId;
    const data = opts.reason ? Buffer.from(JSON.stringify({ reason: opts.reason })) : undefined;
    session.goaway(opts.code ?? NGHTTP2_NO_ERROR, lastStreamId, data);
    // A client that ignores GOAWAY is cut off eventually, as a server would.
    setTimeout(() => {
      if (!session.destroyed) session.destroy();
    }, 5_000).unref();
  }

  /**
   * Streams above a GOAWAY's last-stream-id were refused by that frame itself (the client's HTTP/2 layer closes them
   * with REFUSED_STREAM), so they are neither recorded nor answered. They are not reset here either: closing such a
   * stream from the server side aborts Node 20 with heap corruption ("corrupted size vs. prev_size").
   */
  function refusedByGoaway(state: SessionState, id: number): boolean {
    if (state.goawayLastStreamId === undefined || id <= state.goawayLastStreamId) return false;
    stats.refusedAfterGoaway++;
    return true;
  }

  function answer(stream: ServerHttp2Stream, status: number, body?: Record<string, unknown>, apnsId?: string): void {
    const respond = () => {
      if (stream.destroyed || stream.closed) return;
      const headers = { ':status': status, 'apns-id': apnsId && UUID.test(apnsId) ? apnsId : randomUUID().toUpperCase() };
      if (body === undefined) {
        stream.respond(headers, { endStream: true });
      } else {
        stream.respond({ ...headers, 'content-type': 'application/json' });
        stream.end(JSON.stringify(body));
      }
    };
    if (options.responseDelayMs) setTimeout(respond, options.responseDelayMs);
    else respond();
  }

  function reject(stream: ServerHttp2Stream, token: string, failure: Failure, apnsId: string | undefined): void {
    stats.rejected++;
    answers.push({ token, status: failure.status, reason: failure.reason });
    const body: Record<string, unknown> = { reason: failure.reason };
    if (failure.status === 410) body.timestamp = Date.now();
    answer(stream, failure.status, body, apnsId);
  }

  function scriptedFailure(token: string): Failure | undefined {
    if (tokenFailures.size === 0 && !nextFailures) return undefined;
    const byToken = tokenFailures.get(token);
    if (byToken) {
      if (--byToken.times <= 0) tokenFailures.delete(token);
      return byToken.failure;
    }
    if (nextFailures) {
      const { failure } = nextFailures;
      if (--nextFailures.remaining <= 0) nextFailures = undefined;
      return failure;
    }
    return undefined;
  }

  function accept(stream: ServerHttp2Stream, state: SessionState, token: string, headers: IncomingHttpHeaders, body: string): void {
    const requestId = headerValue(headers, 'apns-id');
    const push: RecordedPush = {
      token,
      topic: headerValue(headers, 'apns-topic') ?? '',
      headers,
      body,
      at: Date.now(),
      session: state.id,
      streamId: stream.id ?? 0,
    };
    pushes.push(push);
    counts.set(token, (counts.get(token) ?? 0) + 1);
    stats.accepted++;

    if (dropCountdown !== undefined && --dropCountdown <= 0) {
      dropCountdown = undefined;
      stream.session?.destroy();
      return;
    }
    if (goawayCountdown && --goawayCountdown.n <= 0 && stream.session) {
      const opts = goawayCountdown.options;
      goawayCountdown = undefined;
      sendGoaway(stream.session, state, stream.id ?? 0, opts);
    }
    answer(stream, 200, undefined, requestId);
  }

  // Listeners shared by every stream, with the request's state on the stream: no closures per request, so the
  // fake costs as little CPU as it can next to the client under test.
  function onClose(this: FakeStream): void {
    this[REQUEST].session.open--;
  }

  function onData(this: FakeStream, chunk: Buffer): void {
    const r = this[REQUEST];
    r.size += chunk.length;
    if (r.size <= maxPayload) r.chunks.push(chunk);
  }

  function onEnd(this: FakeStream): void {
    const r = this[REQUEST];
    // A GOAWAY sent while this request was arriving covers it too: the client counts it as refused, so must we.
    if (refusedByGoaway(r.session, r.id)) return;
    const requestId = headerValue(r.headers, 'apns-id');
    if (r.size > maxPayload) return reject(this, r.token, { status: 413, reason: 'PayloadTooLarge' }, requestId);
    const body = r.chunks.length === 1 ? r.chunks[0]!.toString('utf8') : Buffer.concat(r.chunks).toString('utf8');
    const failure = checkBody(body) ?? scriptedFailure(r.token);
    if (failure) return reject(this, r.token, failure, requestId);
    accept(this, r.session, r.token, r.headers, body);
  }

  server.on('stream', (plain, headers) => {
    const stream = plain as FakeStream;
    const session = stream.session;
    const state = session ? live.get(session) : undefined;
    if (!session || !state) {
      stream.close(NGHTTP2_REFUSED_STREAM);
      return;
    }
    const id = stream.id ?? 0;
    state.seen++;
    state.maxStreamId = Math.max(state.maxStreamId, id);
    state.open++;
    stats.maxConcurrentObserved = Math.max(stats.maxConcurrentObserved, state.open);
    const path = headerValue(headers, ':path') ?? '';
    const token = path.startsWith('/3/device/') ? path.slice('/3/device/'.length) : '';
    stream[REQUEST] = { session: state, id, token, headers, chunks: [], size: 0 };
    stream.on('close', onClose);
    stream.on('error', ignore);

    if (refusedByGoaway(state, id)) return;
    const failure =
      badCertAs403 && !(session.socket as TLSSocket).authorized
        ? { status: 403, reason: 'BadCertificate' }
        : checkHeaders(headers, options.topic);
    if (failure) {
      stream.resume();
      reject(stream, token, failure, headerValue(headers, 'apns-id'));
      return;
    }
    stream.on('data', onData);
    stream.on('end', onEnd);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  return {
    host: '127.0.0.1',
    port,
    caPem: tls.caPem,
    pushes,
    answers,
    countFor: (token) => counts.get(token) ?? 0,
    counts: () => counts,
    stats() {
      let notSeen = 0;
      for (const s of [...live.values(), ...finished]) notSeen += Math.max(0, (s.maxStreamId + 1) / 2 - s.seen);
      return { ...stats, liveSessions: live.size, streamsNotSeen: notSeen };
    },
    failToken(token, failure, times = Number.POSITIVE_INFINITY) {
      tokenFailures.set(token, { failure, times });
    },
    failNext(n, failure) {
      nextFailures = n > 0 ? { failure, remaining: n } : undefined;
    },
    goawayAfter(n, opts = {}) {
      goawayCountdown = { n, options: opts };
    },
    goawayNow(opts = {}) {
      for (const [session, state] of live) sendGoaway(session, state, state.maxStreamId, opts);
    },
    dropAfter(n) {
      dropCountdown = n;
    },
    dropConnections() {
      for (const session of live.keys()) session.destroy();
    },
    setMaxConcurrentStreams(n) {
      maxConcurrentStreams = n;
      server.updateSettings({ maxConcurrentStreams: n });
      for (const session of live.keys()) if (!session.destroyed) session.settings({ maxConcurrentStreams: n });
    },
    async close() {
      for (const session of live.keys()) session.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
