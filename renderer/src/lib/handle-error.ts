import { isApiError } from './api';
import { i18n } from './i18n/i18n.svelte';
import { session } from './state/session.svelte';
import { toasts } from './state/toasts.svelte';

export interface HandleErrorOptions {
  /** Show a toast (actions). Page loads pass false and show the message inline with a retry button. */
  toast?: boolean;
}

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/**
 * A sentence for people, in the UI's language: our own wording for transport and server failures and for every
 * error code we know (filled with the values the server sent in `params`); the server's English sentence only in the
 * English UI, and a sentence naming the code in any other language.
 */
export function errorMessage(error: unknown): string {
  if (isApiError(error)) {
    if (error.status === 0) return i18n.t('errors.network');
    if (error.status >= 500) return i18n.t('errors.server');
    const key = `errors.code.${error.code}`;
    if (i18n.has(key)) return i18n.t(key, error.params);
    if (i18n.locale === 'en' && error.message) return error.message;
    return i18n.t('errors.withCode', { code: error.code });
  }
  return i18n.t('errors.generic');
}

/**
 * The one place errors end up. A 401 means the session is gone: go to the login page instead of showing an error.
 * Returns the message to show inline, or null when there is nothing to show (aborted request, signed out).
 */
export function handleError(error: unknown, { toast = true }: HandleErrorOptions = {}): string | null {
  if (isAbort(error)) return null;
  if (isApiError(error) && error.status === 401) {
    session.expired();
    return null;
  }
  if (!isApiError(error)) console.error(error);
  const message = errorMessage(error);
  if (toast) toasts.show('error', message);
  return message;
}
