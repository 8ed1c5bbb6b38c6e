/**
 * Sends Wallet update pushes to APNs over one HTTP/2 session, certificate-authenticated with the Pass Type ID
 * certificate and key that sign the passes (reference/apple-wallet.md §2).
 *
 * What goes on the wire, per push: `POST /3/device/<pushToken>`, body `{}` ("an empty JSON dictionary", as Apple's
 * Wallet docs say; APNs refuses a truly empty body with PayloadEmpty), `apns-topic` = the pass type identifier,
 * `apns-push-type: alert`, `apns-priority: 10` and `apns-expiration` one day ahead. Apple's Wallet docs name neither
 * the push type nor the priority. We choose alert/10 because a pass update should reach the phone within seconds:
 * APNs requires priority 5 with `background`, and background pushes "can be postponed arbitrarily" and are rate
 * limited, while Wallet ignores the content either way; hapns' Wallet examples send alert/10 too. The expiration lets
 * APNs keep the (coalesced) push for a phone that is offline and deliver it when it is back. Both are options here
 * in case Apple's behaviour proves otherwise.
 *
 * In flight: at most min(server's SETTINGS_MAX_CONCURRENT_STREAMS, `maxInFlight`) streams, re-read whenever the
 * server sends new SETTINGS (APNs has been seen lowering it to 1 after an error). A request the server never
 * processed (refused by GOAWAY's last-stream-id, or never given a stream id) is sent again on a new session without
 * counting as an attempt; one that may have reached APNs (connection lost before the answer) counts as an attempt,
 * so a push is sent twice only when we cannot know whether Apple got it.
 */
import { createSecureContext, type SecureContext } from 'node:tls';
import { ApnsConnection, type ConnectionEvents } from './apns-connection.js';
import { classifyConnectionError, classifyResponse, credentialsProblem, reasonOf, type CredentialsProblem, type PushOutcome } from './apns-outcome.js';
import { backoffDelay, type BackoffPolicy } from './backoff.js';
import { neverProcessed, openPushStream, pushState, type PushStream } from './push-stream.js';
import { SendQueue, type PendingPush } from './send-queue.js';

export interface ApnsIdentity {
  certPem: string;
  keyPem: string;
  keyPassphrase?: string;
  /** The topic of every push: the certificate's pass type identifier. */
  passTypeIdentifier: string;
}

export interface ApnsEndpoint {
  host: string;
  port: number;
  /** PEM of the CA to trust for the server; undefined trusts the system's CAs (Apple's real servers). */
  caPem?: string;
}

export const APPLE_PRODUCTION: ApnsEndpoint = { host: 'api.push.apple.com', port: 443 };

export interface ApnsLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface ApnsSenderOptions {
  identity: ApnsIdentity;
  /** Where APNs is; a function is asked again at every (re)connection, so a changed setting applies then. */
  endpoint?: ApnsEndpoint | (() => ApnsEndpoint);
  /** Our cap on concurrent streams. 1,000 keeps ≥ 5,000 pushes/s possible at 200 ms of round trip. */
  maxInFlight?: number;
  pingIntervalMs?: number;
  responseTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** Retries in this process of a 429, a 5xx or a lost answer, before the outcome goes back as `retry`. */
  retries?: number;
  retryBackoff?: BackoffPolicy;
  reconnectBackoff?: BackoffPolicy;
  pushType?: 'alert' | 'background';
  priority?: 5 | 10;
  expirationSeconds?: number;
  log?: ApnsLog;
}

export interface SendOptions {
  /** Epoch ms after which the push is no longer worth sending from memory (the outbox's lock runs out). */
  deadline?: number;
}

export interface ApnsSenderStats {
  queued: number;
  inFlight: number;
  /** Streams opened, including ones refused and sent again. */
  streamsOpened: number;
  answers: number;
  /** Requests the server never processed, sent again for free. */
  requeued: number;
  connections: number;
  pingsSent: number;
  window: number;
}

export interface ApnsSender {
  send(pushToken: string, options?: SendOptions): Promise<PushOutcome>;
  /** The credentials problem that stopped sending, if any. */
  problem(): CredentialsProblem | undefined;
  /** Sends again after a credentials problem was fixed (a new CA file, for instance). */
  resume(): void;
  /**
   * Asks the endpoint again; if it changed since the last connection, the current session drains and the next push
   * connects to the new one. True when it changed.
   */
  refresh(): boolean;
  stats(): ApnsSenderStats;
  /** Stops taking pushes; what is queued comes back `not-sent`, streams in flight get `graceMs` to be answered. */
  close(graceMs?: number): Promise<void>;
}

/** Hex only keeps the token safe in the path; whether it is a real token is APNs' call. */
const TOKEN = /^[0-9a-fA-F]{1,200}$/;
const MAX_FREE_REQUEUES = 5;

const notSent = (reason: string): PushOutcome => ({ kind: 'not-sent', reason });

function describe(err: unknown): string {
  if (err instanceof Error) return `${(err as { code?: string }).code ?? err.name}: ${err.message}`;
  return String(err);
}

export function createApnsSender(options: ApnsSenderOptions): ApnsSender {
  const topic = options.identity.passTypeIdentifier;
  const maxInFlight = Math.max(1, options.maxInFlight ?? 1_000);
  const retries = options.retries ?? 3;
  const retryBackoff = options.retryBackoff ?? { baseMs: 1_000, maxMs: 10_000 };
  const reconnectBackoff = options.reconnectBackoff ?? { baseMs: 500, maxMs: 30_000 };
  const expirationSeconds = options.expirationSeconds ?? 86_400;
  const resolveEndpoint = (): ApnsEndpoint => {
    const e = options.endpoint ?? APPLE_PRODUCTION;
    return typeof e === 'function' ? e() : e;
  };
  const pushType = options.pushType ?? 'alert';
  const priority = String(options.priority ?? 10);
  let expirationFor = { second: 0, value: '' };
  const expiration = (now: number): string => {
    const second = Math.floor(now / 1000);
    if (second !== expirationFor.second) expirationFor = { second, value: String(second + expirationSeconds) };
    return expirationFor.value;
  };

  const queue = new SendQueue();
  const waiting = new Map<NodeJS.Timeout, PendingPush>();
  const connections = new Set<ApnsConnection>();
  let current: ApnsConnection | undefined;
  /** What the last connection attempt used; undefined before the first. */
  let currentEndpoint: ApnsEndpoint | 'unresolvable' | undefined;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let failures = 0;
  let closedAfterHandshake = 0;
  let lastConnectError = '';
  let problem: CredentialsProblem | undefined;
  let closed = false;
  let contextCache: { caPem: string | undefined; context: SecureContext } | undefined;
  const counters = { streamsOpened: 0, answers: 0, requeued: 0, connections: 0, pingsSent: 0 };

  function secureContext(endpoint: ApnsEndpoint): SecureContext {
    if (contextCache && contextCache.caPem === endpoint.caPem) return contextCache.context;
    const { certPem: cert, keyPem: key, keyPassphrase: passphrase } = options.identity;
    const context = createSecureContext({
      cert,
      key,
      ...(passphrase === undefined ? {} : { passphrase }),
      ...(endpoint.caPem ? { ca: endpoint.caPem } : {}),
    });
    contextCache = { caPem: endpoint.caPem, context };
    return context;
  }

  const events: ConnectionEvents = {
    onWindow: () => pump(),
    onUnusable(conn) {
      if (current === conn) current = undefined;
      counters.pingsSent += conn.pingsSent;
      conn.pingsSent = 0;
      const refused = classifyConnectionError(conn.error);
      if (refused) return enterProblem(refused);
      closedAfterHandshake = conn.closedAfterHandshake() ? closedAfterHandshake + 1 : 0;
      if (closedAfterHandshake >= 2) {
        const p = credentialsProblem(0, 'BadCertificate');
        return enterProblem({ ...p, message: `${p.message} (APNs closed the connection right after the TLS handshake, twice)` });
      }
      if (conn.answered > 0) failures = 0;
      else {
        failures++;
        lastConnectError = conn.error ? describe(conn.error) : (conn.goawayReason ?? 'connection closed');
        options.log?.warn({ failures, error: lastConnectError }, 'APNs connection failed');
      }
      if (conn.goawayLastStreamId !== undefined) {
        options.log?.info({ lastStreamId: conn.goawayLastStreamId, reason: conn.goawayReason }, 'APNs sent GOAWAY; reconnecting');
      }
      if (queue.size > 0) scheduleConnect();
    },
    onClosed(conn) {
      connections.delete(conn);
    },
  };

  function connect(): void {
    let endpoint: ApnsEndpoint;
    let context: SecureContext;
    try {
      endpoint = resolveEndpoint();
    } catch (err) {
      currentEndpoint = 'unresolvable';
      const p = credentialsProblem(0, 'BadEndpoint');
      return enterProblem({ ...p, message: `${p.message} (${describe(err)})` });
    }
    currentEndpoint = endpoint;
    try {
      context = secureContext(endpoint);
    } catch (err) {
      const p = credentialsProblem(0, 'InvalidIdentity');
      return enterProblem({ ...p, message: `${p.message} (${describe(err)})` });
    }
    counters.connections++;
    const conn = new ApnsConnection(
      {
        host: endpoint.host,
        port: endpoint.port,
        secureContext: context,
        maxInFlight,
        pingIntervalMs: options.pingIntervalMs ?? 60_000,
        responseTimeoutMs: options.responseTimeoutMs ?? 15_000,
        connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
      },
      events,
    );
    current = conn;
    connections.add(conn);
  }

  function scheduleConnect(): void {
    if (current || reconnectTimer || closed || problem) return;
    if (failures === 0) return connect();
    const delay = backoffDelay(reconnectBackoff, failures);
    // Whatever must be settled before the next attempt goes back to the outbox now rather than wait in vain.
    queue.settle(() => notSent(`Unreachable (${lastConnectError})`), Date.now() + delay);
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      if (queue.size > 0) connect();
    }, delay);
  }

  function enterProblem(p: CredentialsProblem): void {
    if (problem) return;
    problem = p;
    options.log?.error({ status: p.status, reason: p.reason }, `APNs: ${p.message} Pushes are stopped.`);
    queue.settle(() => notSent('CredentialsProblem'));
    for (const [timer, item] of waiting) {
      clearTimeout(timer);
      item.resolve(item.last ?? notSent('CredentialsProblem'));
    }
    waiting.clear();
    const conn = current;
    current = undefined;
    void conn?.close(2_000);
  }

  function retryLater(item: PendingPush, outcome: PushOutcome): void {
    item.attempts++;
    item.last = outcome;
    if (closed || problem || item.attempts > retries) return item.resolve(outcome);
    const delay = backoffDelay(retryBackoff, item.attempts);
    if (Date.now() + delay >= item.deadline) return item.resolve(outcome);
    const timer = setTimeout(() => {
      waiting.delete(timer);
      queue.push(item);
      pump();
    }, delay);
    waiting.set(timer, item);
  }

  function requeue(item: PendingPush): void {
    if (closed) return item.resolve(notSent('SenderClosed'));
    if (problem) return item.resolve(notSent('CredentialsProblem'));
    counters.requeued++;
    queue.pushFirst(item);
  }

  function settle(stream: PushStream): void {
    const { item, status, apnsId, body } = pushState(stream);
    if (status === 0) {
      const refused = neverProcessed(stream);
      if (refused && item.requeues++ < MAX_FREE_REQUEUES) return requeue(item);
      return retryLater(item, { kind: 'retry', status: 0, reason: refused ? 'Refused' : 'ConnectionLost' });
    }
    const outcome = classifyResponse(status, reasonOf(body), apnsId);
    if (outcome.kind === 'retry') return retryLater(item, outcome);
    if (outcome.kind === 'credentials-problem') enterProblem(outcome);
    item.resolve(outcome);
  }

  function onClose(this: PushStream): void {
    const { conn, status } = pushState(this);
    conn.streamClosed(status !== 0);
    if (status !== 0) counters.answers++;
    settle(this);
    pump();
  }

  function dispatch(conn: ApnsConnection, item: PendingPush, expiration: string): boolean {
    try {
      openPushStream(conn, item, { topic, pushType, priority, expiration }, onClose);
    } catch {
      conn.markUnusable();
      requeue(item);
      return false;
    }
    counters.streamsOpened++;
    return true;
  }

  function pump(): void {
    if (queue.size === 0) return;
    const conn = current;
    if (!conn) return scheduleConnect();
    if (!conn.ready || !conn.usable) return;
    if (conn.inFlight >= conn.window) return;
    const now = Date.now();
    const expires = expiration(now);
    while (conn.inFlight < conn.window && conn.usable) {
      const item = queue.take();
      if (!item) return;
      if (item.deadline <= now) {
        item.resolve(notSent('Deadline'));
        continue;
      }
      if (!dispatch(conn, item, expires)) return;
    }
  }

  return {
    send(pushToken, sendOptions = {}) {
      return new Promise<PushOutcome>((resolve) => {
        if (closed) return resolve(notSent('SenderClosed'));
        if (problem) return resolve(problem);
        if (!TOKEN.test(pushToken)) return resolve({ kind: 'failed', status: 0, reason: 'MalformedToken' });
        const deadline = sendOptions.deadline ?? Number.POSITIVE_INFINITY;
        queue.push({ token: pushToken, deadline, attempts: 0, requeues: 0, resolve });
        pump();
      });
    },
    problem: () => problem,
    resume() {
      problem = undefined;
      failures = 0;
      closedAfterHandshake = 0;
    },
    refresh() {
      const was = currentEndpoint;
      if (was === undefined) return false;
      let endpoint: ApnsEndpoint;
      try {
        endpoint = resolveEndpoint();
      } catch {
        return false;
      }
      if (was !== 'unresolvable' && endpoint.host === was.host && endpoint.port === was.port && endpoint.caPem === was.caPem) {
        return false;
      }
      currentEndpoint = endpoint;
      if (current) void current.close(2_000);
      return true;
    },
    stats() {
      let inFlight = 0;
      let pings = counters.pingsSent;
      for (const c of connections) {
        inFlight += c.inFlight;
        pings += c.pingsSent;
      }
      return { ...counters, pingsSent: pings, queued: queue.size, inFlight, window: current?.window ?? 0 };
    },
    async close(graceMs = 2_000) {
      if (closed) return;
      closed = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      queue.settle(() => notSent('SenderClosed'));
      for (const [timer, item] of waiting) {
        clearTimeout(timer);
        item.resolve(item.last ?? notSent('SenderClosed'));
      }
      waiting.clear();
      current = undefined;
      await Promise.all([...connections].map((c) => c.close(graceMs)));
    },
  };
}
