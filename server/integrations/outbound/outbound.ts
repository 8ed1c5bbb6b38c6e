/**
 * Outgoing HTTP to addresses the shop configures (webhook endpoints, CRM base URLs): node's fetch with a timeout, a
 * cap on what is read of the answer, and redirects followed only to the same origin (307/308, method and body kept,
 * at most 3); a redirect elsewhere is never followed silently: it comes back as the answer, saying where it pointed.
 */
export interface OutboundRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** Bytes of the answer kept; the rest is not read. */
  maxBytes: number;
  signal?: AbortSignal;
}

export interface OutboundResponse {
  status: number;
  headers: Headers;
  body: string;
  truncated: boolean;
  /** A redirect that was not followed (another origin, or too many): where it pointed. */
  redirectedTo?: string;
}

/** The request never got an answer (refused, timed out, name unknown): a sentence for the delivery log. */
export class OutboundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutboundError';
  }
}

const MAX_HOPS = 3;

async function readCapped(response: Response, maxBytes: number): Promise<{ body: string; truncated: boolean }> {
  if (!response.body) return { body: '', truncated: false };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (size + value.byteLength > maxBytes) {
      chunks.push(value.subarray(0, maxBytes - size));
      size = maxBytes;
      truncated = true;
      await reader.cancel().catch(() => {});
      break;
    }
    chunks.push(value);
    size += value.byteLength;
  }
  return { body: Buffer.concat(chunks).toString('utf8'), truncated };
}

function describe(err: unknown, url: URL, timeoutMs: number): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError') return `no answer within ${Math.round(timeoutMs / 1000)} s`;
  if (e.name === 'AbortError') return 'stopped (the server is shutting down)';
  const code = e.cause?.code;
  if (code === 'ECONNREFUSED') return `connection refused by ${url.host}`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `unknown host ${url.hostname}`;
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return `connection closed by ${url.host}`;
  if (code && /CERT|SSL|TLS/.test(code)) return `TLS problem with ${url.host} (${code})`;
  return e.cause?.message ?? e.message ?? String(err);
}

export async function outbound(target: string, req: OutboundRequest): Promise<OutboundResponse> {
  let url = new URL(target);
  const timeout = AbortSignal.timeout(req.timeoutMs);
  const signal = req.signal ? AbortSignal.any([timeout, req.signal]) : timeout;
  for (let hop = 0; ; hop++) {
    let response: Response;
    try {
      response = await fetch(url, {
        method: req.method,
        ...(req.headers ? { headers: req.headers } : {}),
        ...(req.body !== undefined ? { body: req.body } : {}),
        redirect: 'manual',
        signal,
      });
    } catch (err) {
      throw new OutboundError(describe(err, url, req.timeoutMs));
    }
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      const next = new URL(location, url);
      if ((response.status === 307 || response.status === 308) && next.origin === url.origin && hop < MAX_HOPS) {
        await response.body?.cancel().catch(() => {});
        url = next;
        continue;
      }
      const { body, truncated } = await readCapped(response, req.maxBytes).catch(() => ({ body: '', truncated: false }));
      return { status: response.status, headers: response.headers, body, truncated, redirectedTo: next.href };
    }
    try {
      const { body, truncated } = await readCapped(response, req.maxBytes);
      return { status: response.status, headers: response.headers, body, truncated };
    } catch (err) {
      throw new OutboundError(describe(err, url, req.timeoutMs));
    }
  }
}

/** Seconds or an HTTP date in Retry-After, as epoch ms; undefined when absent or unreadable. */
export function retryAfter(headers: Headers, now: number): number | undefined {
  const v = headers.get('retry-after');
  if (!v) return undefined;
  if (/^\d{1,7}$/.test(v.trim())) return now + Number(v.trim()) * 1000;
  const at = Date.parse(v);
  return Number.isFinite(at) ? Math.max(now, at) : undefined;
}
