/** fetch for the public pages: JSON in and out, failures as `{ status, code, message, params }`. */
export class PublicError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(message);
  }
}

export async function call<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      credentials: 'same-origin',
    });
  } catch {
    throw new PublicError(0, 'NETWORK_ERROR', 'network');
  }
  if (response.status === 204) return undefined as T;
  const parsed = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    throw new PublicError(
      response.status,
      typeof parsed.code === 'string' ? parsed.code : `HTTP_${response.status}`,
      typeof parsed.message === 'string' ? parsed.message : '',
      (parsed.params as Record<string, string | number> | undefined) ?? {},
    );
  }
  return parsed as T;
}
