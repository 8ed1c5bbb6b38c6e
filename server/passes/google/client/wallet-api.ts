/**
 * The Google Wallet REST API through google-auth-library's JWT client (service-account key, scope
 * wallet_object.issuer). Base URLs are configurable so that tests and stand-ins reach a local fake: the API root is
 * used as given, and the token endpoint (a constant inside google-auth-library) is rewritten by an interceptor on the
 * client's own transporter (google-wallet.md §7.2). Every call waits for its slot in the shared pacer; 429, 5xx and
 * network failures are tried again with exponential backoff (or after Google's Retry-After).
 */
import { JWT, gaxios } from 'google-auth-library';
import { encodeBatch, decodeBatch, type BatchAnswer, type BatchCall } from './batch.js';
import { WalletApiError, classify, describeError } from './api-errors.js';
import { sleep, type Pacer } from './pacer.js';

export const WALLET_SCOPE = 'https://www.googleapis.com/auth/wallet_object.issuer';
export const GOOGLE_API_URL = 'https://walletobjects.googleapis.com';
export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';

export interface RetryPolicy {
  /** Tries in all (default 4). */
  attempts: number;
  baseMs: number;
  maxMs: number;
}

export interface WalletApiOptions {
  clientEmail: string;
  privateKeyPem: string;
  apiUrl?: string;
  tokenUrl?: string;
  pacer: Pacer;
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
}

export type Resource = Record<string, unknown>;

export interface WalletApi {
  insert(collection: string, body: Resource, signal?: AbortSignal): Promise<Resource>;
  get(collection: string, id: string, signal?: AbortSignal): Promise<Resource>;
  patch(collection: string, id: string, body: Resource, signal?: AbortSignal): Promise<Resource>;
  update(collection: string, id: string, body: Resource, signal?: AbortSignal): Promise<Resource>;
  addMessage(collection: string, id: string, message: Resource, signal?: AbortSignal): Promise<Resource>;
  list(collection: string, query: Record<string, string>, signal?: AbortSignal): Promise<Resource>;
  /** One HTTP request, each call taking its own pacing slot; answers in call order. */
  batch(calls: readonly BatchCall[], signal?: AbortSignal): Promise<BatchAnswer[]>;
  /** Gets an access token: proves the key is accepted. */
  authenticate(): Promise<void>;
}

const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseMs: 500, maxMs: 8_000 };

function header(headers: unknown, name: string): string | null {
  if (!headers) return null;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name);
  const v = (headers as Record<string, unknown>)[name];
  return typeof v === 'string' ? v : null;
}

/** A thrown gaxios/auth error as a WalletApiError (token refusals are 'auth', whatever their status). */
function fromThrown(err: unknown, tokenUrl: string): WalletApiError {
  if (err instanceof WalletApiError) return err;
  const e = err as { status?: number; response?: { status?: number; data?: unknown; headers?: unknown }; config?: { url?: unknown }; message?: string; name?: string };
  const status = e.response?.status ?? e.status ?? 0;
  const url = String(e.config?.url ?? '');
  if (url === tokenUrl || url === GOOGLE_TOKEN_URL) {
    const { message } = describeError(e.response?.data);
    return new WalletApiError(status >= 500 || status === 0 ? 'transient' : 'auth', status, `The token endpoint refused the key: ${message || e.message || status}`);
  }
  if (status === 0) return new WalletApiError('transient', 0, e.message ?? 'no answer from Google');
  return classify(status, e.response?.data, header(e.response?.headers, 'retry-after'));
}

export function createWalletApi(opts: WalletApiOptions): WalletApi {
  const apiUrl = (opts.apiUrl ?? GOOGLE_API_URL).replace(/\/+$/, '');
  const tokenUrl = new URL(opts.tokenUrl ?? GOOGLE_TOKEN_URL).href;
  const retry = { ...DEFAULT_RETRY, ...opts.retry };
  const timeout = opts.timeoutMs ?? 30_000;
  const transporter = new gaxios.Gaxios();
  if (tokenUrl !== GOOGLE_TOKEN_URL) {
    transporter.interceptors.request.add({
      resolved: async (config) => {
        if (String(config.url) === GOOGLE_TOKEN_URL) config.url = new URL(tokenUrl);
        return config;
      },
    });
  }
  const client = new JWT({ email: opts.clientEmail, key: opts.privateKeyPem, scopes: [WALLET_SCOPE], transporter });

  /** Runs `attempt` with pacing and retries; `units` pacing slots per try. */
  async function withRetries<T>(units: number, signal: AbortSignal | undefined, attempt: () => Promise<T>): Promise<T> {
    for (let n = 1; ; n++) {
      await opts.pacer.acquire(units, signal);
      try {
        return await attempt();
      } catch (thrown) {
        if (signal?.aborted) throw signal.reason;
        const err = fromThrown(thrown, tokenUrl);
        if (err.kind !== 'transient' || n >= retry.attempts) throw err;
        const backoff = Math.min(retry.maxMs, retry.baseMs * 2 ** (n - 1));
        await sleep(Math.max(err.retryAfterMs ?? 0, backoff / 2 + Math.random() * (backoff / 2)), signal);
      }
    }
  }

  async function call(method: 'GET' | 'POST' | 'PATCH' | 'PUT', path: string, body?: Resource, signal?: AbortSignal, query?: Record<string, string>): Promise<Resource> {
    const qs = query && Object.keys(query).length > 0 ? `?${new URLSearchParams(query).toString()}` : '';
    return withRetries(1, signal, async () => {
      const res = await client.request<Resource>({ url: `${apiUrl}/walletobjects/v1/${path}${qs}`, method, data: body, timeout, signal, retry: false, responseType: 'json' });
      return res.data;
    });
  }

  const enc = encodeURIComponent;
  return {
    insert: (collection, body, signal) => call('POST', collection, body, signal),
    get: (collection, id, signal) => call('GET', `${collection}/${enc(id)}`, undefined, signal),
    patch: (collection, id, body, signal) => call('PATCH', `${collection}/${enc(id)}`, body, signal),
    update: (collection, id, body, signal) => call('PUT', `${collection}/${enc(id)}`, body, signal),
    addMessage: (collection, id, message, signal) => call('POST', `${collection}/${enc(id)}/addMessage`, { message }, signal),
    list: (collection, query, signal) => call('GET', collection, undefined, signal, query),
    async batch(calls, signal) {
      const { contentType, body } = encodeBatch(calls);
      return withRetries(calls.length, signal, async () => {
        const res = await client.request<string>({
          url: `${apiUrl}/batch`,
          method: 'POST',
          data: body,
          headers: { 'Content-Type': contentType },
          responseType: 'text',
          timeout,
          signal,
          retry: false,
        });
        const answers = decodeBatch(header(res.headers, 'content-type') ?? '', res.data);
        if (answers.length !== calls.length) throw new WalletApiError('transient', res.status, `the batch answered ${answers.length} of ${calls.length} calls`);
        return answers;
      });
    },
    async authenticate() {
      try {
        await client.authorize();
      } catch (err) {
        throw fromThrown(err, tokenUrl);
      }
    },
  };
}
