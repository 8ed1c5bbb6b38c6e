/**
 * Last-Modified / If-Modified-Since for the "get latest pass" endpoint (reference/apple-wallet.md §1.2 (3)). Apple
 * asks for "standard HTTP caching" without naming the header's format, and implementations differ: we send an
 * RFC 9110 HTTP-date and read If-Modified-Since leniently, as an HTTP-date (IMF-fixdate, RFC 850, asctime) or as a
 * number of seconds since the epoch (what vapor-community/PassKit sends; a 13-digit number is taken as milliseconds).
 * A value that is neither is ignored, as RFC 9110 §13.1.3 says, and the pass is sent.
 */

/** Whole seconds since the epoch: the precision of an HTTP-date. */
export const toSeconds = (ms: number): number => Math.floor(ms / 1000);

export const httpDate = (ms: number): string => new Date(toSeconds(ms) * 1000).toUTCString();

/**
 * Last-Modified as sent: the pass's modification time, but never later than the server's clock (RFC 9110 §8.8.2.1:
 * an origin server must not send a Last-Modified later than its Date). Each change gives the pass a later second than
 * the previous one (updates.ts), so quick changes run ahead of the clock; the header then says "now" instead.
 *
 * If-Modified-Since stays right without the clamp's help: a phone sends back the date it was given, which is at
 * most the (distinct, increasing) second of the version it holds, and any newer version has a later second, so it
 * is never answered 304. The cost of the clamp is only an unneeded 200 while the stored second is still ahead.
 */
export const lastModified = (modifiedMs: number, nowMs: number): string => httpDate(Math.min(modifiedMs, nowMs));

const NUMERIC = /^\d{1,16}$/;
/** IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT", RFC 850 "Sunday, 06-Nov-94 08:49:37 GMT", asctime "Sun Nov  6 08:49:37 1994". */
const HTTP_DATE = /^[A-Za-z]{3,9}, ?\d{1,2}[ -][A-Za-z]{3}[ -]\d{2,4} \d{2}:\d{2}:\d{2} GMT$|^[A-Za-z]{3} [A-Za-z]{3} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/;
const MS_THRESHOLD = 100_000_000_000;

/** If-Modified-Since in epoch seconds, or undefined when absent or unreadable. */
export function parseIfModifiedSince(value: string | string[] | undefined): number | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.trim();
  if (v === '' || v.length > 64) return undefined;
  if (NUMERIC.test(v)) {
    const n = Number(v);
    return n >= MS_THRESHOLD ? toSeconds(n) : n;
  }
  if (!HTTP_DATE.test(v)) return undefined;
  // asctime carries no zone: it is GMT by definition.
  const ms = Date.parse(/GMT$/.test(v) ? v : `${v} GMT`);
  return Number.isFinite(ms) ? toSeconds(ms) : undefined;
}

/** 304 when the pass has not changed since the date the phone holds. */
export function notModifiedSince(modifiedMs: number, ifModifiedSince: number | undefined): boolean {
  return ifModifiedSince !== undefined && toSeconds(modifiedMs) <= ifModifiedSince;
}
