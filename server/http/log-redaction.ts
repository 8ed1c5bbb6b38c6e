/**
 * What a request's URL may show in the log. Several URLs are secrets in themselves: `/p/<downloadId>` opens a
 * customer's card, the login link carries a one-time token, Apple's deviceLibraryIdentifier is the only secret of the
 * "list serials" call, and API keys or referral codes will travel the same way. So the rule is the other way round:
 * a path parameter or query value is shown only when it is known to be harmless (below); everything else is
 * `[REDACTED]`, and a route that adds a new parameter name is redacted until someone decides it is harmless.
 */

/**
 * Path parameters that name nothing secret: row ids, Apple's public pass type and serial, job kinds, backup file
 * names (admin only), static asset paths.
 */
export const PLAIN_PARAMS: ReadonlySet<string> = new Set(['id', 'passTypeIdentifier', 'serialNumber', 'kind', 'name', 'file', '*']);

/** Query parameters whose values are shown: paging, language, the web service's update tag. */
export const PLAIN_QUERY: ReadonlySet<string> = new Set(['limit', 'offset', 'locale', 'passesUpdatedSince', 'sort', 'order']);

export const REDACTED = '[REDACTED]';

/** Unmatched paths keep short segments (`/apple/v1/…`) and lose long ones, which may be tokens or ids. */
const LONG_SEGMENT = 16;
const MAX_LOGGED_URL = 300;

export interface LoggedRequest {
  url?: string;
  /** The matched route's pattern (`/p/:downloadId`); undefined for a 404. */
  routeUrl?: string;
  params?: unknown;
}

function redactQuery(query: string): string {
  if (query === '') return '';
  const parts = query.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    const key = eq === -1 ? pair : pair.slice(0, eq);
    if (eq === -1) return key.length > LONG_SEGMENT ? REDACTED : key;
    let name = key;
    try {
      name = decodeURIComponent(key);
    } catch {
      // An undecodable key is shown as sent; its value is redacted anyway.
    }
    return PLAIN_QUERY.has(name) ? pair : `${key}=${REDACTED}`;
  });
  return `?${parts.join('&')}`;
}

function redactUnmatchedPath(path: string): string {
  return path
    .split('/')
    .map((segment) => (segment.length >= LONG_SEGMENT ? REDACTED : segment))
    .join('/');
}

/** The matched route's pattern with plain parameters filled in and the others redacted. */
function fromPattern(pattern: string, params: Record<string, unknown>): string {
  return pattern.replace(/:([A-Za-z0-9_]+)|\*$/g, (whole, name: string | undefined) => {
    const key = name ?? '*';
    const value = params[key];
    if (!PLAIN_PARAMS.has(key)) return REDACTED;
    return typeof value === 'string' ? value : whole;
  });
}

/** The URL as the log shows it. */
export function loggedUrl(req: LoggedRequest): string {
  const url = req.url ?? '';
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  const query = q === -1 ? '' : url.slice(q + 1);
  const params = (req.params && typeof req.params === 'object' ? req.params : {}) as Record<string, unknown>;
  let shownPath: string;
  if (req.routeUrl === undefined) shownPath = redactUnmatchedPath(path);
  else if (Object.keys(params).every((k) => PLAIN_PARAMS.has(k))) shownPath = path;
  else shownPath = fromPattern(req.routeUrl, params);
  const shown = shownPath + redactQuery(query);
  return shown.length > MAX_LOGGED_URL ? `${shown.slice(0, MAX_LOGGED_URL)}…` : shown;
}
