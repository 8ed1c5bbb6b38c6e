/** The HTTP plumbing the CRM fakes share: a JSON server on 127.0.0.1:0 that records every request and can throttle. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
  raw: string;
  /** Real time the request arrived (ms). */
  at: number;
  status: number;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface FakeServer {
  url: string;
  requests: FakeRequest[];
  /** Answers at most this many requests in any second, 429 beyond (0: no limit). */
  maxPerSecond: number;
  /** The next n requests are answered with this instead of being handled. */
  failNext(n: number, reply: Reply): void;
  close(): Promise<void>;
}

export async function startFakeServer(
  handle: (req: Omit<FakeRequest, 'at' | 'status'>) => Reply,
  throttled: (retryAfterSeconds: number) => Reply,
): Promise<FakeServer> {
  const failures: Reply[] = [];
  const fake: FakeServer = {
    url: '',
    requests: [],
    maxPerSecond: 0,
    failNext: (n, reply) => failures.push(...Array.from({ length: n }, () => reply)),
    close: async () => {},
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = undefined;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = Symbol.for('invalid-json');
      }
      const at = Date.now();
      const inLastSecond = fake.requests.filter((r) => r.at > at - 1000 && r.status !== 429).length;
      let reply: Reply;
      if (fake.maxPerSecond > 0 && inLastSecond >= fake.maxPerSecond) reply = throttled(1);
      else reply = failures.shift() ?? handle({ method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body, raw });
      fake.requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body, raw, at, status: reply.status });
      const text = reply.body === undefined ? '' : JSON.stringify(reply.body);
      res.writeHead(reply.status, { ...(text ? { 'content-type': 'application/json' } : {}), ...(reply.headers ?? {}) });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
