/**
 * A local stand-in for Google's OAuth token endpoint and the Google Wallet REST API (google-wallet.md §7.1), so that
 * tests and benchmarks never need the internet. It keeps classes and objects in memory and answers as Google does:
 * insert (409 if the id exists, 404 if an object's class is unknown, 400 on a missing required field or a bad id),
 * get, update (PUT), patch (shallow merge, arrays replaced), list with pagination, addMessage (at most 10 messages,
 * at most 3 notifying ones per object per 24 h: QuotaExceededException past that) and multipart/mixed batches, with
 * Google's error shape. Every operation is recorded (with the ephemeral notifyPreference) for tests to assert on.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verify, type KeyObject } from 'node:crypto';
import { handleBatch } from './fake-google-batch.js';

export const WALLET_SCOPE = 'https://www.googleapis.com/auth/wallet_object.issuer';
const TOKEN_AUDIENCE = 'https://oauth2.googleapis.com/token';
const DAY = 86_400_000;
const VERTICALS = ['loyalty', 'offer', 'giftCard', 'eventTicket', 'generic', 'flight', 'transit'] as const;
const ID = /^\d{1,19}\.[A-Za-z0-9._-]+$/;

// "Required." fields of the Discovery document (google-wallet.md §1.4).
const REQUIRED: Record<string, string[]> = {
  loyaltyClass: ['id', 'issuerName', 'programName', 'programLogo', 'reviewStatus'],
  loyaltyObject: ['id', 'classId', 'state'],
  offerClass: ['id', 'issuerName', 'provider', 'title', 'redemptionChannel', 'reviewStatus'],
  offerObject: ['id', 'classId', 'state'],
  giftCardClass: ['id', 'issuerName', 'reviewStatus'],
  giftCardObject: ['id', 'classId', 'state', 'cardNumber'],
  eventTicketClass: ['id', 'issuerName', 'eventName', 'reviewStatus'],
  eventTicketObject: ['id', 'classId', 'state'],
  genericClass: ['id'],
  genericObject: ['id', 'classId', 'cardTitle', 'header'],
};
const NOTIFYING = new Set(['TEXT_AND_NOTIFY', 'textAndNotify']);
const NOTIFY_ON_UPDATE = new Set(['NOTIFY_ON_UPDATE', 'notifyOnUpdate']);

export type Resource = Record<string, unknown>;

export interface Operation {
  method: string;
  /** Path under /walletobjects/v1/. */
  path: string;
  status: number;
  /** Epoch ms (real clock) when it was answered: the pacing tests read these. */
  at: number;
  inBatch: boolean;
  body?: Resource;
  /** As sent on a PATCH/PUT; never stored on the resource. */
  notifyPreference?: string;
  /** A notifying update or message that Google would turn into a notification. */
  notified?: boolean;
}

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface FakeGoogleWallet {
  /** Root of the API (what `google.apiUrl` takes): /walletobjects/v1/… and /batch live under it. */
  url: string;
  tokenUrl: string;
  resources: Map<string, Resource>;
  operations: Operation[];
  tokensIssued: number;
  /** The next `count` operations (matching `path` when given) answer `status` instead (429 with Retry-After 1 s, 503…). */
  failNext(count: number, status: number, path?: RegExp): void;
  /** Makes the token endpoint answer 400 invalid_grant (a deleted key) or 200 again. */
  refuseTokens(reason: string | undefined): void;
  /** Accept token assertions only from these keys (default: any well-formed assertion). */
  trustKey(publicKey: KeyObject): void;
  /** Clock for the 24 h notification window (default Date.now). */
  setClock(now: () => number): void;
  get(collection: string, id: string): Resource | undefined;
  /** The largest number of operations answered within any `windowMs`. */
  maxInWindow(windowMs?: number, from?: number): number;
  handle(method: string, path: string, query: URLSearchParams, body: unknown, inBatch: boolean): Reply;
  close(): Promise<void>;
}

const error = (status: number, message: string, reason: string, headers?: Record<string, string>): Reply => ({
  status,
  body: { error: { code: status, message, errors: [{ message, domain: 'walletobjects', reason }] } },
  headers,
});

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function verifyAssertion(assertion: string, keys: KeyObject[], now: number): string | undefined {
  const [h, c, s] = assertion.split('.');
  if (!h || !c || !s) return 'malformed assertion';
  let claims: Record<string, unknown>;
  try {
    const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as Record<string, unknown>;
    if (header.alg !== 'RS256') return 'assertion not RS256';
    claims = JSON.parse(Buffer.from(c, 'base64url').toString()) as Record<string, unknown>;
  } catch {
    return 'malformed assertion';
  }
  if (keys.length > 0 && !keys.some((k) => verify('sha256', Buffer.from(`${h}.${c}`), k, Buffer.from(s, 'base64url')))) return 'Invalid JWT Signature.';
  if (claims.aud !== TOKEN_AUDIENCE) return `aud must be ${TOKEN_AUDIENCE}`;
  if (typeof claims.scope !== 'string' || !claims.scope.split(' ').includes(WALLET_SCOPE)) return 'scope lacks wallet_object.issuer';
  if (typeof claims.exp !== 'number' || claims.exp * 1000 < now - 60_000) return 'assertion expired';
  return undefined;
}

export async function startFakeGoogleWallet(options: { issuerId?: string } = {}): Promise<FakeGoogleWallet> {
  const resources = new Map<string, Resource>();
  const operations: Operation[] = [];
  const notifications = new Map<string, number[]>();
  const tokens = new Set<string>();
  const trusted: KeyObject[] = [];
  const faults: Array<{ status: number; path?: RegExp }> = [];
  let clock: () => number = Date.now;
  let tokenRefusal: string | undefined;
  let tokensIssued = 0;

  const key = (collection: string, id: string) => `${collection}/${id}`;

  /** Notifications in the last 24 h for an object; `take` records one when there is room. */
  function notify(objectId: string, take: boolean): boolean {
    const now = clock();
    const recent = (notifications.get(objectId) ?? []).filter((t) => t > now - DAY);
    const room = recent.length < 3;
    if (room && take) recent.push(now);
    notifications.set(objectId, recent);
    return room;
  }

  function missingRequired(collection: string, body: Resource): string | undefined {
    return (REQUIRED[collection] ?? ['id']).find((f) => body[f] === undefined || body[f] === null || body[f] === '');
  }

  function classOf(objectCollection: string, classId: unknown): Resource | undefined {
    return typeof classId === 'string' ? resources.get(key(objectCollection.replace(/Object$/, 'Class'), classId)) : undefined;
  }

  function operate(method: string, path: string, query: URLSearchParams, body: unknown, inBatch: boolean): Reply & { notifyPreference?: string; notified?: boolean } {
    const m = /^([a-zA-Z]+?)(Class|Object)(?:\/([^/]+))?(\/addMessage)?$/.exec(path);
    const vertical = m?.[1];
    if (!m || !vertical || !(VERTICALS as readonly string[]).includes(vertical)) return error(404, `Unknown path ${path}`, 'notFound');
    const collection = `${vertical}${m[2]}`;
    const isObject = m[2] === 'Object';
    const id = m[3] === undefined ? undefined : decodeURIComponent(m[3]);
    const res = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Resource) : undefined;
    const what = isObject ? 'Wallet Object' : 'Wallet Object Class';
    if (id !== undefined && !ID.test(id)) return error(400, `Request contains an invalid argument. Invalid resource ID: ${id}.`, 'invalidResource');
    if (id !== undefined && options.issuerId && !id.startsWith(`${options.issuerId}.`)) return error(403, 'Permission denied.', 'permissionDenied');

    if (method === 'GET' && id === undefined) {
      const filter = isObject ? query.get('classId') : query.get('issuerId');
      if (!filter) return error(400, `${isObject ? 'classId' : 'issuerId'} is required.`, 'invalidArgument');
      const all = [...resources.entries()]
        .filter(([k, r]) => k.startsWith(`${collection}/`) && (isObject ? r.classId === filter : String(r.id).startsWith(`${filter}.`)))
        .map(([, r]) => r);
      const start = Number(query.get('token') ?? 0) || 0;
      const max = query.has('maxResults') ? Math.max(1, Number(query.get('maxResults'))) : all.length || 1;
      const page = all.slice(start, start + max);
      const next = start + max < all.length ? String(start + max) : undefined;
      return { status: 200, body: { pagination: { kind: 'walletobjects#pagination', resultsPerPage: page.length, ...(next ? { nextPageToken: next } : {}) }, resources: page } };
    }

    if (method === 'POST' && id === undefined) {
      if (!res) return error(400, 'Request body is not a resource.', 'invalidArgument');
      const missing = missingRequired(collection, res);
      if (missing) return error(400, `Request contains an invalid argument. ${collection}.${missing} is required.`, 'invalidArgument');
      const newId = String(res.id);
      if (!ID.test(newId)) return error(400, `Request contains an invalid argument. Invalid resource ID: ${newId}.`, 'invalidResource');
      if (options.issuerId && !newId.startsWith(`${options.issuerId}.`)) return error(403, 'Permission denied.', 'permissionDenied');
      if (resources.has(key(collection, newId))) return error(409, `${what} ${newId} already exists.`, 'duplicate');
      if (isObject && !classOf(collection, res.classId)) return error(404, `Wallet Object Class ${String(res.classId)} not found.`, 'classNotFound');
      if (Array.isArray(res.merchantLocations) && res.merchantLocations.length > 10) return error(400, 'At most 10 merchant locations.', 'invalidResource');
      const { notifyPreference: _ephemeral, ...stored } = res;
      resources.set(key(collection, newId), { kind: `walletobjects#${collection}`, ...stored });
      return { status: 200, body: resources.get(key(collection, newId)) };
    }

    if (id === undefined) return error(405, 'Method not allowed.', 'badRequest');
    const existing = resources.get(key(collection, id));
    if (!existing) return error(404, isObject ? `Wallet Object ${id} not found.` : `Wallet Object Class ${id} not found.`, isObject ? 'resourceNotFound' : 'classNotFound');

    if (m[4]) {
      if (method !== 'POST') return error(405, 'Method not allowed.', 'badRequest');
      const message = res?.message as Resource | undefined;
      if (!message || typeof message !== 'object') return error(400, 'message is required.', 'invalidArgument');
      const messages = Array.isArray(existing.messages) ? existing.messages : [];
      if (messages.length >= 10) return error(400, 'The maximum number of messages is 10.', 'invalidResource');
      const notifying = NOTIFYING.has(String(message.messageType));
      if (notifying && !notify(id, true)) {
        return error(429, `QuotaExceededException: ${id} already triggered 3 notifications in 24 hours; send it as TEXT.`, 'quotaExceeded');
      }
      existing.messages = [...messages, message];
      return { status: 200, body: { resource: existing }, notified: notifying };
    }
    if (method === 'GET') return { status: 200, body: existing };
    if (method !== 'PATCH' && method !== 'PUT') return error(405, 'Method not allowed.', 'badRequest');
    if (!res) return error(400, 'Request body is not a resource.', 'invalidArgument');
    if (res.id !== undefined && res.id !== id) return error(400, 'The id in the body differs from the resource id.', 'invalidArgument');
    const { notifyPreference, ...fields } = res;
    const next: Resource = method === 'PUT' ? { kind: existing.kind, ...fields, id } : { ...existing, ...fields };
    const missing = missingRequired(collection, next);
    if (missing) return error(400, `Request contains an invalid argument. ${collection}.${missing} is required.`, 'invalidArgument');
    if (isObject && !classOf(collection, next.classId)) return error(404, `Wallet Object Class ${String(next.classId)} not found.`, 'classNotFound');
    if (method === 'PUT' && existing.messages && !fields.messages) delete next.messages;
    resources.set(key(collection, id), next);
    const wantsNotify = isObject && NOTIFY_ON_UPDATE.has(String(notifyPreference));
    return { status: 200, body: next, notifyPreference: notifyPreference as string | undefined, notified: wantsNotify && notify(id, true) };
  }

  const fake: FakeGoogleWallet = {
    url: '',
    tokenUrl: '',
    resources,
    operations,
    get tokensIssued() {
      return tokensIssued;
    },
    failNext(count, status, path) {
      for (let i = 0; i < count; i++) faults.push({ status, path });
    },
    refuseTokens(reason) {
      tokenRefusal = reason;
    },
    trustKey(publicKey) {
      trusted.push(publicKey);
    },
    setClock(now) {
      clock = now;
    },
    get: (collection, id) => resources.get(key(collection, id)),
    maxInWindow(windowMs = 1000, from = 0) {
      const times = operations.filter((o) => o.at >= from).map((o) => o.at).sort((a, b) => a - b);
      let best = 0;
      for (let i = 0, j = 0; i < times.length; i++) {
        while (times[i]! - times[j]! >= windowMs) j++;
        best = Math.max(best, i - j + 1);
      }
      return best;
    },
    handle(method, path, query, body, inBatch) {
      const faultAt = faults.findIndex((f) => !f.path || f.path.test(path));
      let reply: ReturnType<typeof operate>;
      if (faultAt >= 0) {
        const [fault] = faults.splice(faultAt, 1);
        const status = fault!.status;
        reply = status === 429 ? error(429, 'Rate limit exceeded.', 'rateLimitExceeded', { 'retry-after': '1' }) : error(status, 'Backend Error', 'backendError');
      } else {
        reply = operate(method, path, query, body, inBatch);
      }
      operations.push({
        method,
        path,
        status: reply.status,
        at: Date.now(),
        inBatch,
        ...(body && typeof body === 'object' ? { body: body as Resource } : {}),
        ...(reply.notifyPreference === undefined ? {} : { notifyPreference: reply.notifyPreference }),
        ...(reply.notified === undefined ? {} : { notified: reply.notified }),
      });
      return { status: reply.status, body: reply.body, headers: reply.headers };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const raw = await readBody(req);
    const send = (reply: Reply) => {
      res.writeHead(reply.status, { 'content-type': 'application/json; charset=UTF-8', ...(reply.headers ?? {}) });
      res.end(JSON.stringify(reply.body));
    };
    if (url.pathname === '/token' && req.method === 'POST') {
      const form = new URLSearchParams(raw);
      if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') return send({ status: 400, body: { error: 'unsupported_grant_type' } });
      const problem = tokenRefusal ?? verifyAssertion(form.get('assertion') ?? '', trusted, Date.now());
      if (problem) return send({ status: 400, body: { error: 'invalid_grant', error_description: problem } });
      const token = `fake-token-${++tokensIssued}`;
      tokens.add(token);
      return send({ status: 200, body: { access_token: token, token_type: 'Bearer', expires_in: 3600 } });
    }
    const auth = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
    if (!auth || !tokens.has(auth[1]!)) {
      return send(error(401, 'Request had invalid authentication credentials. Expected OAuth 2 access token.', 'authError'));
    }
    if (url.pathname === '/batch' && req.method === 'POST') {
      const batch = handleBatch(String(req.headers['content-type'] ?? ''), raw, (method, path, query, body) => fake.handle(method, path, query, body, true));
      res.writeHead(batch.status, { 'content-type': batch.contentType });
      res.end(batch.body);
      return;
    }
    const prefix = '/walletobjects/v1/';
    if (!url.pathname.startsWith(prefix)) return send(error(404, 'Not found.', 'notFound'));
    let body: unknown;
    if (raw !== '') {
      try {
        body = JSON.parse(raw);
      } catch {
        return send(error(400, 'Invalid JSON payload received.', 'parseError'));
      }
    }
    send(fake.handle(req.method ?? 'GET', url.pathname.slice(prefix.length), url.searchParams, body, false));
  }

  const server: Server = createServer((req, res) => {
    serve(req, res).catch((err: unknown) => {
      res.writeHead(500).end(String(err));
    });
  });
  server.keepAliveTimeout = 2_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  fake.url = `http://127.0.0.1:${port}`;
  fake.tokenUrl = `http://127.0.0.1:${port}/token`;
  return fake;
}
