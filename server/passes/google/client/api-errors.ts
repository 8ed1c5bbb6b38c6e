/** What went wrong with a Google call, sorted by what to do about it. */

export type ApiErrorKind =
  /** 404: the object or class does not exist (insert it). */
  | 'not-found'
  /** 409: it exists already (patch it instead). */
  | 'exists'
  /** The notification quota of an object (3 per 24 h): send as TEXT. */
  | 'notify-quota'
  /** 429 or 5xx or no answer: try again later. */
  | 'transient'
  /** The key or the issuer account refuses us (invalid_grant, 401, 403): a person must act. */
  | 'auth'
  /** 400 and the rest: this body will never be accepted. */
  | 'rejected';

export class WalletApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    readonly status: number,
    message: string,
    readonly reason = '',
    /** From Retry-After, when Google gave one. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'WalletApiError';
  }
}

/** Reads Google's `{ error: { code, message, errors: [{ reason }] } }` (and OAuth's `{ error, error_description }`). */
export function describeError(data: unknown): { message: string; reason: string } {
  const d = data as { error?: unknown; error_description?: unknown } | null;
  if (d && typeof d.error === 'object' && d.error !== null) {
    const e = d.error as { message?: unknown; errors?: Array<{ reason?: unknown }>; status?: unknown };
    return { message: typeof e.message === 'string' ? e.message : '', reason: String(e.errors?.[0]?.reason ?? e.status ?? '') };
  }
  if (d && typeof d.error === 'string') return { message: typeof d.error_description === 'string' ? `${d.error}: ${d.error_description}` : d.error, reason: d.error };
  return { message: typeof data === 'string' ? data.slice(0, 300) : '', reason: '' };
}

/** Retry-After as seconds or an HTTP date, in ms from now. */
export function retryAfterMs(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

const QUOTA = /quota ?exceeded/i;

export function classify(status: number, data: unknown, retryAfter?: string | null): WalletApiError {
  const { message, reason } = describeError(data);
  const text = message || `HTTP ${status}`;
  const after = retryAfterMs(retryAfter);
  if (QUOTA.test(message) || QUOTA.test(reason)) {
    // A notification quota is a QuotaExceededException; a 429 about requests per second is a rate limit.
    if (!/rate ?limit/i.test(reason)) return new WalletApiError('notify-quota', status, text, reason, after);
  }
  if (status === 404) return new WalletApiError('not-found', status, text, reason);
  if (status === 409) return new WalletApiError('exists', status, text, reason);
  if (status === 429 || status >= 500 || status === 0) return new WalletApiError('transient', status, text, reason, after);
  if (status === 401 || status === 403) return new WalletApiError('auth', status, text, reason);
  return new WalletApiError('rejected', status, text, reason);
}
