/**
 * One HTTP/2 session to APNs and its upkeep: the stream window from the server's SETTINGS, a PING while idle (APNs
 * expects HTTP/2 PINGs, TCP keep-alive is not enough), a watchdog for a server that stops answering, and the facts
 * the sender needs when the session ends (GOAWAY's last stream id, the error that ended it).
 */
import http2, { type ClientHttp2Session, type ClientHttp2Stream, type OutgoingHttpHeaders } from 'node:http2';
import type { SecureContext } from 'node:tls';

/** Node copies it; the body follows the headers. */
const REQUEST_OPTIONS = { endStream: false } as const;

export interface ConnectionOptions {
  host: string;
  port: number;
  secureContext: SecureContext;
  /** Our cap on the window, whatever the server allows. */
  maxInFlight: number;
  pingIntervalMs: number;
  /** No answer (response or PING ack) for this long while something is outstanding: the session is destroyed. */
  responseTimeoutMs: number;
  connectTimeoutMs: number;
}

export interface ConnectionEvents {
  /** The window changed (first SETTINGS, or a later one): there may be room for more streams. */
  onWindow(conn: ApnsConnection): void;
  /** The session takes no new streams any more (GOAWAY, error or close). Called once. */
  onUnusable(conn: ApnsConnection): void;
  /** The session is gone for good; every stream on it has closed. */
  onClosed(conn: ApnsConnection): void;
}

export class ApnsConnection {
  readonly session: ClientHttp2Session;
  /** TLS is up (our certificate was sent). */
  connected = false;
  /** The server's SETTINGS arrived: streams may be opened. */
  ready = false;
  usable = true;
  inFlight = 0;
  window = 0;
  /** Streams above this id were refused by the server's GOAWAY and never processed. */
  goawayLastStreamId: number | undefined;
  goawayReason: string | undefined;
  error: unknown;
  /** Answers received on this session; a session that ends without any counts as a failed connection attempt. */
  answered = 0;
  pingsSent = 0;
  /** We ended it (close, refresh, shutdown): whatever follows says nothing about the server. */
  private closing = false;
  private lastActivity = Date.now();
  private lastProgress = Date.now();
  private pingSince: number | undefined;
  private readonly timer: NodeJS.Timeout;
  private readonly connectTimer: NodeJS.Timeout;

  constructor(
    private readonly options: ConnectionOptions,
    private readonly events: ConnectionEvents,
  ) {
    const host = options.host.includes(':') ? `[${options.host}]` : options.host;
    this.session = http2.connect(`https://${host}:${options.port}`, {
      secureContext: options.secureContext,
      // 1,000 streams of small requests and their answers fit well within this; Node's 10 MB default can refuse.
      maxSessionMemory: 64,
    });
    this.session.once('connect', () => {
      this.connected = true;
    });
    this.session.on('remoteSettings', (settings) => {
      this.window = Math.max(1, Math.min(options.maxInFlight, settings.maxConcurrentStreams ?? options.maxInFlight));
      if (!this.ready) {
        this.ready = true;
        clearTimeout(this.connectTimer);
      }
      this.events.onWindow(this);
    });
    this.session.on('goaway', (_code, lastStreamId, data) => {
      this.goawayLastStreamId = lastStreamId;
      if (data && data.length > 0) this.goawayReason = data.toString('utf8').slice(0, 200);
      this.markUnusable();
    });
    this.session.on('error', (err) => {
      this.error ??= err;
      this.markUnusable();
    });
    this.session.on('close', () => {
      clearInterval(this.timer);
      clearTimeout(this.connectTimer);
      this.markUnusable();
      this.events.onClosed(this);
    });
    this.connectTimer = setTimeout(() => this.destroy(new Error(`APNs at ${host}:${options.port} did not answer in time`)), options.connectTimeoutMs);
    this.connectTimer.unref();
    this.timer = setInterval(() => this.tick(), Math.max(10, Math.min(options.pingIntervalMs, 1_000)));
    this.timer.unref();
  }

  /** Opens a stream; throws when the session went away between the caller's check and now. */
  request(headers: OutgoingHttpHeaders): ClientHttp2Stream {
    const stream = this.session.request(headers, REQUEST_OPTIONS);
    this.inFlight++;
    this.lastActivity = Date.now();
    if (this.inFlight === 1) this.lastProgress = this.lastActivity;
    return stream;
  }

  /** A stream of this session has closed, answered or not. */
  streamClosed(answered: boolean): void {
    this.inFlight--;
    if (answered) this.answered++;
    this.lastActivity = this.lastProgress = Date.now();
  }

  /**
   * The server closed the connection after the TLS handshake and before a word of HTTP/2. A TLS server that refuses
   * a client certificate after verifying it (Node's does, and TLS 1.3 verifies after the client is done) does exactly
   * this, without an alert; a network fault shows up as an error or a timeout instead.
   */
  closedAfterHandshake(): boolean {
    return this.connected && !this.ready && !this.closing && this.error === undefined && this.goawayLastStreamId === undefined;
  }

  markUnusable(): void {
    if (!this.usable) return;
    this.usable = false;
    this.events.onUnusable(this);
  }

  /** Lets the streams in flight finish, then ends the session; cut after `graceMs`. */
  async close(graceMs: number): Promise<void> {
    this.closing = true;
    this.markUnusable();
    if (this.session.closed || this.session.destroyed) {
      if (!this.session.destroyed) this.session.destroy();
      return;
    }
    await new Promise<void>((resolve) => {
      const cut = setTimeout(() => this.session.destroy(), graceMs);
      this.session.close(() => {
        clearTimeout(cut);
        resolve();
      });
    });
  }

  destroy(err?: Error): void {
    if (err) this.error ??= err;
    this.markUnusable();
    if (!this.session.destroyed) this.session.destroy();
  }

  private tick(): void {
    if (this.session.destroyed || !this.ready) return;
    const now = Date.now();
    const waitingSince = this.pingSince ?? (this.inFlight > 0 ? this.lastProgress : undefined);
    if (waitingSince !== undefined && now - waitingSince > this.options.responseTimeoutMs) {
      this.destroy(Object.assign(new Error('APNs stopped answering'), { code: 'ETIMEDOUT' }));
      return;
    }
    if (!this.usable || this.inFlight > 0 || this.pingSince !== undefined || now - this.lastActivity < this.options.pingIntervalMs) return;
    this.pingSince = now;
    this.pingsSent++;
    const sent = this.session.ping((err) => {
      this.pingSince = undefined;
      this.lastActivity = Date.now();
      if (err && !this.session.destroyed) this.destroy(err);
    });
    if (!sent) this.pingSince = undefined;
  }
}
