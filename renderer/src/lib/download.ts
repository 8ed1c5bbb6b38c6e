import { ApiError } from './api';

/** The name the server gave (`attachment; filename="…"`), or `fallback`. */
export function filenameFrom(disposition: string | null, fallback: string): string {
  return /filename="([^"]+)"/.exec(disposition ?? '')?.[1] ?? fallback;
}

/**
 * Fetches a file of the admin API and hands it to the browser as a download. Fetching first (rather than a plain
 * link) means that a refusal (no card design yet, an expired certificate) shows as a message, not as a saved file
 * holding an error. Returns the file name.
 */
export async function downloadFile(url: string, fallbackName: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', 'The Passerelle server cannot be reached.');
  }
  if (!response.ok) {
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
    const { code, message } = (typeof body === 'object' && body !== null ? body : {}) as { code?: unknown; message?: unknown };
    throw new ApiError(
      response.status,
      typeof code === 'string' ? code : `HTTP_${response.status}`,
      typeof message === 'string' ? message : response.statusText,
      body,
    );
  }
  const name = filenameFrom(response.headers.get('content-disposition'), fallbackName);
  const href = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = href;
  link.download = name;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has started the download by now; the object URL only has to outlive that.
  setTimeout(() => URL.revokeObjectURL(href), 30_000);
  return name;
}
