/**
 * The protocol between the main process and the server running in its utility process (`process.parentPort`).
 * Server → main: `ready` once both listeners are up, or `error` when it cannot start. Main → server: `shutdown`.
 * The main process trusts its own server, but checks the shape anyway: a drift in the contract should fail with
 * a clear message at startup rather than open a window on `undefined/login`.
 */

export interface ReadyMessage {
  type: 'ready';
  /** Origin of the admin listener, without a trailing slash: `http://127.0.0.1:4380`. */
  adminUrl: string;
  publicUrl: string;
}

export interface StartErrorMessage {
  type: 'error';
  message: string;
}

export type ServerMessage = ReadyMessage | StartErrorMessage;

export interface ShutdownMessage {
  type: 'shutdown';
}

export const SHUTDOWN_MESSAGE: ShutdownMessage = Object.freeze({ type: 'shutdown' });

/** A dialog shows this text; a server that posts a novel keeps only its beginning. */
const MAX_ERROR_LENGTH = 2000;

function httpUrl(value: unknown): URL | null {
  if (typeof value !== 'string') return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username !== '' || url.password !== '') return null;
  return url;
}

/** The admin URL must be a bare origin: the window appends `/login` to it and compares origins with it. */
function adminOrigin(value: unknown): string | null {
  const url = httpUrl(value);
  if (!url || url.pathname !== '/' || url.search !== '' || url.hash !== '') return null;
  return url.origin;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 200)) : typeof value;
}

/** The message if it is one we know (a malformed `ready` becomes an `error`), otherwise null: the caller ignores it. */
export function parseServerMessage(data: unknown): ServerMessage | null {
  if (!isRecord(data)) return null;
  if (data.type === 'ready') {
    const admin = adminOrigin(data.adminUrl);
    const publicUrl = httpUrl(data.publicUrl);
    // A ready message we cannot use is a startup failure to report now, not a message to ignore until the timeout.
    if (admin === null) return { type: 'error', message: `the server reported an unusable admin URL: ${describe(data.adminUrl)}` };
    if (publicUrl === null) return { type: 'error', message: `the server reported an unusable public URL: ${describe(data.publicUrl)}` };
    return { type: 'ready', adminUrl: admin, publicUrl: data.publicUrl as string };
  }
  if (data.type === 'error') {
    const message = typeof data.message === 'string' && data.message.trim() !== '' ? data.message : 'unknown error';
    return { type: 'error', message: message.slice(0, MAX_ERROR_LENGTH) };
  }
  return null;
}

/** Where the window goes first: the server trades the per-launch token for a session cookie, then redirects to `/`. */
export function loginUrl(adminUrl: string, token: string): string {
  const url = new URL('/login', adminUrl);
  url.searchParams.set('token', token);
  return url.href;
}
