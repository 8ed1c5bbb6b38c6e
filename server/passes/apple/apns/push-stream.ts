/**
 * One push on the wire: the request APNs expects and what its answer said. The state lives on the stream and the
 * listeners are shared, so the sender allocates no closures per push, thousands of times a second.
 */
import http2, { type ClientHttp2Stream, type IncomingHttpHeaders, type IncomingHttpStatusHeader } from 'node:http2';
import type { ApnsConnection } from './apns-connection.js';
import type { PendingPush } from './send-queue.js';

/** "An empty JSON dictionary": Wallet ignores the content; APNs refuses an empty body (PayloadEmpty). */
const BODY = Buffer.from('{}');
const { NGHTTP2_REFUSED_STREAM } = http2.constants;
const PUSH = Symbol('apns push');

export interface PushState {
  conn: ApnsConnection;
  item: PendingPush;
  /** 0 until the answer's headers arrive. */
  status: number;
  apnsId: string;
  /** Error answers only: `{"reason": …}`, cut at 1 KB. */
  body: string;
}

export type PushStream = ClientHttp2Stream & { [PUSH]: PushState };

export interface PushHeaders {
  topic: string;
  pushType: string;
  priority: string;
  expiration: string;
}

/** Stream errors are read from the stream's close (status, rstCode); a listener keeps them from being thrown. */
const ignore = () => {};

function onResponse(this: PushStream, headers: IncomingHttpHeaders & IncomingHttpStatusHeader): void {
  const p = this[PUSH];
  p.status = Number(headers[':status'] ?? 0);
  p.apnsId = String(headers['apns-id'] ?? '');
  // Only errors carry a body; a 200 has none to read.
  if (p.status === 200) this.resume();
  else this.on('data', onData);
}

function onData(this: PushStream, chunk: Buffer): void {
  const p = this[PUSH];
  if (p.body.length < 1_024) p.body += chunk.toString('utf8');
}

/** Opens the stream and sends the push; throws when the session went away meanwhile. */
export function openPushStream(conn: ApnsConnection, item: PendingPush, h: PushHeaders, onClose: (this: PushStream) => void): PushStream {
  // One literal with the same keys in the same order every time: the cheapest headers object to build.
  const stream = conn.request({
    ':method': 'POST',
    ':path': `/3/device/${item.token}`,
    'apns-topic': h.topic,
    'apns-push-type': h.pushType,
    'apns-priority': h.priority,
    'apns-expiration': h.expiration,
  }) as PushStream;
  stream[PUSH] = { conn, item, status: 0, apnsId: '', body: '' };
  stream.on('response', onResponse);
  stream.on('error', ignore);
  stream.on('close', onClose);
  stream.end(BODY);
  return stream;
}

export function pushState(stream: PushStream): PushState {
  return stream[PUSH];
}

/**
 * Closed without an answer, and APNs certainly never processed it: it never got a stream id, was refused
 * (REFUSED_STREAM), or lies above the last stream id of the server's GOAWAY.
 */
export function neverProcessed(stream: PushStream): boolean {
  const { conn } = stream[PUSH];
  const id = stream.id;
  return (
    id === undefined ||
    stream.rstCode === NGHTTP2_REFUSED_STREAM ||
    (conn.goawayLastStreamId !== undefined && id > conn.goawayLastStreamId)
  );
}
