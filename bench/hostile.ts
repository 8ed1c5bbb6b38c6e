/**
 * A bounded hostile-input run against a served Passerelle (`npm run serve`, demo loaded), as an outsider would do it:
 *
 *   node --import tsx bench/hostile.ts --admin http://127.0.0.1:4380 --public http://127.0.0.1:4381 \
 *     [--data-dir ./data] [--requests 20000] [--concurrency 32]
 *
 * - every admin route that needs a session, in encoded, doubled-slash, mixed-case, trailing-dot, dot-segment and other
 *   spellings, without a session: never an answer carrying admin data (JSON or a file), only 4xx (or the UI shell);
 * - every public route with malformed bodies (wrong JSON types, broken JSON, deep nesting, prototype keys, wrong
 *   content types, oversize), odd methods, long and encoded paths, and raw malformed HTTP on a socket: 4xx;
 * - nothing answers 5xx, and the server still answers /health at the end.
 * With --data-dir, one real pass (read from the database, read-only) lets the bodies reach the registration handler
 * past its token check. Requests spread over made-up client addresses (X-Forwarded-For, as the tunnel reports them),
 * and the last RATE_PROBES come from one address whose client-written part of X-Forwarded-For changes every time,
 * guessing download ids: the rate limits must answer 429. Prints one JSON summary; exits 1 on any 5xx, any admin data
 * without a session, any malformed body accepted, a rate limit that never answered, or a server that stopped answering.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Agent, request } from 'undici';
import { findAppRoot } from '../server/app-root.js';
import { buildApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { listRoutes } from '../server/http/fastify.js';

const { values: args } = parseArgs({
  options: {
    admin: { type: 'string' },
    public: { type: 'string' },
    'data-dir': { type: 'string' },
    requests: { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: '32' },
  },
});
if (!args.admin || !args.public) {
  process.stderr.write('usage: bench/hostile.ts --admin <url> --public <url> [--data-dir <dir>] [--requests N] [--concurrency N]\n');
  process.exit(2);
}
const ADMIN = new URL(args.admin);
const PUBLIC = new URL(args.public);
const TOTAL = Number(args.requests);
const CONCURRENCY = Number(args.concurrency);
/** The last requests of the run: one client guessing download ids while rewriting the left of X-Forwarded-For. */
const RATE_PROBES = 400;

interface Probe {
  category: string;
  base: URL;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** An admin route that needs a session, asked without one. */
  sessionRoute?: boolean;
  /** Raw bytes on a socket instead of an HTTP client (malformed HTTP). */
  raw?: string;
}

/**
 * Every admin route that needs a session, as the app itself lists them (built once on a scratch data folder, never
 * listening), with its parameters filled in.
 */
async function sessionRoutes(): Promise<Array<[string, string]>> {
  const dir = mkdtempSync(join(tmpdir(), 'passerelle-hostile-routes-'));
  try {
    const config = loadConfig({ env: { PASSERELLE_DATA_DIR: dir, PASSERELLE_LOG_LEVEL: 'silent' }, cwd: dir, appRoot: findAppRoot() });
    const app = await buildApp(config);
    const routes = listRoutes(app.admin)
      .filter((r) => r.access === 'session' && r.method !== 'HEAD')
      .map((r): [string, string] => [r.method, r.url.replace(/:id\b/g, '1').replace(/:name\b/g, 'passerelle-2026-01-01-000000-manual.sqlite').replace(/:[A-Za-z]+/g, 'x')]);
    await app.close();
    return routes;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Spellings of one path that a router or a proxy may read as the same one. */
function variants(path: string): string[] {
  const [, first = '', ...rest] = path.split('/');
  const tail = rest.join('/');
  const encodeAll = (s: string) => [...s].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('');
  return [
    path,
    `/%61pi/${tail}`,
    `/${encodeAll(first)}/${tail}`,
    `/${first.toUpperCase()}/${tail}`,
    `/${first[0]!.toUpperCase()}${first.slice(1)}/${tail}`,
    `//${first}/${tail}`,
    `/${first}//${tail}`,
    `/${first}./${tail}`,
    `/${first}/${tail}.`,
    `/${first}/${tail}/`,
    `/${first}/./${tail}`,
    `/x/../${first}/${tail}`,
    `/${first}/%2e/${tail}`,
    `/${first}%2f${tail}`,
    `/${first}/${tail};jsessionid=1`,
    `/${first}/${tail}%00`,
    `/${first}/${tail}?x=%00`,
    `/${first}%c0%af${tail}`,
    `/${first}/${tail}#fragment`,
    `\\${first}\\${tail}`,
    `/${first}/${encodeURIComponent(tail)}`,
    `/${first}/${tail}%20`,
    `/${first}/${tail}/..`,
    `/public/../${first}/${tail}`,
  ];
}

const BODIES: Array<{ name: string; type: string; body: string | Buffer }> = [
  { name: 'logs-string', type: 'application/json', body: '{"logs":"x"}' },
  { name: 'logs-numbers', type: 'application/json', body: '{"logs":[1,2]}' },
  { name: 'logs-objects', type: 'application/json', body: '{"logs":[{"a":1}]}' },
  { name: 'push-array', type: 'application/json', body: `{"pushToken":["${'ab'.repeat(32)}"]}` },
  { name: 'push-number', type: 'application/json', body: '{"pushToken":12345}' },
  { name: 'push-short', type: 'application/json', body: '{"pushToken":"abcd"}' },
  { name: 'null', type: 'application/json', body: 'null' },
  { name: 'array', type: 'application/json', body: '[]' },
  { name: 'string', type: 'application/json', body: '"x"' },
  { name: 'broken', type: 'application/json', body: '{"logs":' },
  { name: 'empty', type: 'application/json', body: '' },
  { name: 'deep', type: 'application/json', body: `{"logs":${'['.repeat(20_000)}${']'.repeat(20_000)}}` },
  { name: 'deep-oversize', type: 'application/json', body: `${'['.repeat(50_000)}${']'.repeat(50_000)}` },
  { name: 'proto', type: 'application/json', body: '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}},"logs":["a"]}' },
  { name: 'big', type: 'application/json', body: JSON.stringify({ logs: ['x'.repeat(200_000)] }) },
  { name: 'huge', type: 'application/json', body: Buffer.alloc(2 * 1024 * 1024, 0x61) },
  { name: 'invalid-utf8', type: 'application/json', body: Buffer.from([0x7b, 0x22, 0x6c, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) },
  { name: 'xml', type: 'application/xml', body: '<logs><log>x</log></logs>' },
  { name: 'form', type: 'application/x-www-form-urlencoded', body: 'logs=x&logs=y' },
  { name: 'text', type: 'text/plain', body: 'hello' },
  { name: 'multipart', type: 'multipart/form-data; boundary=x', body: '--x\r\nContent-Disposition: form-data; name="logs"\r\n\r\nx\r\n--x--' },
];

const RAW: string[] = [
  'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
  'POST /apple/v1/log HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n',
  'GET /health HTTP/9.9\r\nHost: x\r\n\r\n',
  'GARBAGE\r\n\r\n',
  'GET /p/\u00e9\u00e9 HTTP/1.1\r\nHost: x\r\n\r\n',
  'GET /health HTTP/1.1\r\nHost: x\r\nX-Bad: \u0001\u0002\r\n\r\n',
  `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(40_000)}\r\n\r\n`,
  `GET /${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
  'GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n',
  'GET /health HTTP/1.1\r\n\r\n',
];

interface Pass {
  serial: string;
  passTypeIdentifier: string;
  authToken: string;
  downloadId: string;
}

function readPass(dataDir: string | undefined): Pass | undefined {
  if (!dataDir) return undefined;
  const db = new Database(join(dataDir, 'passerelle.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const row = db
      .prepare(`SELECT serial, pass_type_identifier AS passTypeIdentifier, auth_token AS authToken, download_id AS downloadId FROM passes WHERE platform = 'apple' LIMIT 1`)
      .get() as Pass | undefined;
    return row;
  } finally {
    db.close();
  }
}

function probes(pass: Pass | undefined, session: Array<[string, string]>): Probe[] {
  const list: Probe[] = [];
  for (const [method, path] of session) {
    for (const v of variants(path)) {
      list.push({ category: 'admin-without-session', base: ADMIN, method, path: v, sessionRoute: true, ...(method !== 'GET' ? { headers: { 'content-type': 'application/json' }, body: '{}' } : {}) });
    }
  }
  const serial = pass?.serial ?? 'SERIAL-UNKNOWN';
  const type = pass?.passTypeIdentifier ?? 'pass.example.unknown';
  const auth: Record<string, string> = pass ? { authorization: `ApplePass ${pass.authToken}` } : {};
  const postRoutes: Array<{ path: string; headers: Record<string, string> }> = [
    { path: '/apple/v1/log', headers: {} },
    { path: `/apple/v1/devices/0123456789abcdef0123456789abcdef/registrations/${type}/${serial}`, headers: auth },
  ];
  for (const r of postRoutes) {
    for (const b of BODIES) list.push({ category: `public-body:${b.name}`, base: PUBLIC, method: 'POST', path: r.path, headers: { ...r.headers, 'content-type': b.type }, body: b.body });
  }
  const publicPaths = [
    '/health',
    '/p/short',
    `/p/${'A'.repeat(43)}`,
    `/p/${'A'.repeat(42)}%21`,
    '/p/..%2f..%2fetc%2fpasswd',
    `/p/${pass?.downloadId ?? 'x'}/../../api/customers`,
    `/p/${encodeURIComponent('é'.repeat(43))}`,
    '/apple/v1/passes/pass.x/../../../api/settings',
    `/apple/v1/passes/${type}/${serial}`,
    `/apple/v1/devices/${'a'.repeat(129)}/registrations/${type}`,
    `/apple/v1/devices/abcdef0123456789/registrations/${type}?passesUpdatedSince=-1`,
    `/apple/v1/devices/abcdef0123456789/registrations/${type}?passesUpdatedSince=${'9'.repeat(40)}`,
    '/%2e%2e/%2e%2e/etc/passwd',
    '/api/customers',
    '/api/backups',
    '/login?token=x',
    `/${'a'.repeat(8_000)}`,
    '/health?' + 'a=1&'.repeat(2_000),
  ];
  for (const path of publicPaths) {
    for (const method of ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'PROPFIND', 'TRACE']) {
      list.push({ category: 'public-path', base: PUBLIC, method, path, headers: method === 'GET' && path.startsWith('/apple/v1/passes') ? { authorization: 'ApplePass wrong-token-000000000' } : {} });
    }
  }
  for (const raw of RAW) list.push({ category: 'raw-http', base: PUBLIC, method: 'RAW', path: raw.split('\r\n')[0]!.slice(0, 40), raw });
  return list;
}

interface Result {
  status: number;
  contentType: string;
  bytes: number;
}

const agent = new Agent({ connections: CONCURRENCY, pipelining: 1, headersTimeout: 30_000, bodyTimeout: 30_000 });

async function send(p: Probe, address: string): Promise<Result> {
  if (p.raw) return sendRaw(p.raw, p.base);
  const res = await request(new URL(p.base.origin).toString().replace(/\/$/, '') + p.path, {
    method: p.method as 'GET',
    headers: { 'x-forwarded-for': address, ...p.headers },
    ...(p.body !== undefined && p.method !== 'GET' && p.method !== 'HEAD' ? { body: p.body } : {}),
    dispatcher: agent,
  });
  const body = Buffer.from(await res.body.arrayBuffer());
  return { status: res.statusCode, contentType: String(res.headers['content-type'] ?? ''), bytes: body.length };
}

function sendRaw(raw: string, base: URL): Promise<Result> {
  return new Promise((resolve) => {
    const socket = connect({ host: base.hostname, port: Number(base.port) });
    let data = '';
    const done = () => {
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(data)?.[1] ?? 0);
      resolve({ status, contentType: /content-type: ([^\r\n]*)/i.exec(data)?.[1] ?? '', bytes: data.length });
    };
    socket.setTimeout(20_000, () => socket.destroy());
    socket.on('data', (d) => {
      data += d.toString('latin1');
      if (/^HTTP\/1\.[01] \d{3}/.test(data)) socket.end();
    });
    socket.on('error', () => {});
    socket.on('close', done);
    socket.write(raw, 'latin1');
  });
}

/** A session route asked without a session answered with something other than a refusal or the UI shell. */
function leaked(p: Probe, r: Result): boolean {
  if (!p.sessionRoute) return false;
  if (r.status < 200 || r.status >= 400) return false;
  if (r.status >= 300) return false; // a redirect carries nothing
  return !r.contentType.startsWith('text/html');
}

async function main(): Promise<void> {
  const pass = readPass(args['data-dir']);
  const session = await sessionRoutes();
  const list = probes(pass, session);
  const byStatus = new Map<number, number>();
  const byCategory = new Map<string, Map<number, number>>();
  const fiveHundreds: string[] = [];
  const leaks: string[] = [];
  const unexpected2xx: string[] = [];
  let sent = 0;
  let failed = 0;
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= TOTAL) return;
      const guessing = i >= TOTAL - RATE_PROBES;
      const p: Probe = guessing
        ? { category: 'rate-limit', base: PUBLIC, method: 'GET', path: `/p/${String(i).padStart(43, 'G')}` }
        : list[i % list.length]!;
      // Every probe from its own address, as many phones behind the tunnel; the guesser from one, whatever it writes.
      const address = guessing ? `198.18.${i & 255}.${(i >> 8) & 255}, 203.0.113.66` : `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
      let r: Result;
      try {
        r = await send(p, address);
      } catch {
        failed++;
        continue;
      }
      sent++;
      byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
      const cat = byCategory.get(p.category) ?? new Map<number, number>();
      cat.set(r.status, (cat.get(r.status) ?? 0) + 1);
      byCategory.set(p.category, cat);
      const label = `${p.method} ${p.path.slice(0, 80)} (${p.category}) → ${r.status}`;
      if (r.status >= 500) fiveHundreds.push(label);
      if (leaked(p, r)) leaks.push(`${label} ${r.contentType}`);
      if (p.category.startsWith('public-body') && r.status < 400) unexpected2xx.push(label);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  let alive = false;
  try {
    alive = (await request(new URL('/health', PUBLIC).toString(), { dispatcher: agent, headers: { 'x-forwarded-for': '198.51.100.200' } })).statusCode === 200;
  } catch {
    alive = false;
  }
  await agent.close();
  const summary = {
    requests: TOTAL,
    answered: sent,
    noAnswer: failed,
    distinctProbes: list.length,
    sessionRoutes: session.length,
    passFromDatabase: pass !== undefined,
    seconds: Number(seconds.toFixed(1)),
    perSecond: Math.round(sent / seconds),
    byStatus: Object.fromEntries([...byStatus].sort((a, b) => a[0] - b[0])),
    byCategory: Object.fromEntries(
      [...byCategory].sort().map(([c, m]) => [c, Object.fromEntries([...m].sort((a, b) => a[0] - b[0]))]),
    ),
    serverErrors: fiveHundreds.length,
    adminDataWithoutSession: leaks.length,
    malformedBodiesAccepted: unexpected2xx.length,
    rateLimited: byCategory.get('rate-limit')?.get(429) ?? 0,
    healthAfter: alive,
    examples: { serverErrors: fiveHundreds.slice(0, 10), leaks: leaks.slice(0, 10), accepted: unexpected2xx.slice(0, 10) },
  };
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  const limited = (byCategory.get('rate-limit')?.get(429) ?? 0) >= RATE_PROBES / 2;
  process.exit(fiveHundreds.length > 0 || leaks.length > 0 || unexpected2xx.length > 0 || !limited || !alive ? 1 : 0);
}

await main();
