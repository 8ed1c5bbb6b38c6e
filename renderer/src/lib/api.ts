import type {
  Brand,
  CustomerPage,
  DemoResult,
  Design,
  ItemList,
  Overview,
  SessionInfo,
  Settings,
  Store,
} from './api-types';

/** Every failed call: the HTTP status and the server's `{ code, message }` (or a network/format code). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

function readErrorBody(body: unknown): { code?: string; message?: string } {
  if (typeof body !== 'object' || body === null) return {};
  const { code, message } = body as Record<string, unknown>;
  return {
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof message === 'string' ? { message } : {}),
  };
}

async function request<T>(method: Method, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const init: RequestInit = {
    method,
    credentials: 'same-origin',
    headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    ...(signal ? { signal } : {}),
  };
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'NETWORK_ERROR', 'The Passerelle server cannot be reached.');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new ApiError(response.status, 'BAD_RESPONSE', `Unexpected answer from the server (${response.status}).`);
    }
  }
  if (!response.ok) {
    const { code, message } = readErrorBody(parsed);
    throw new ApiError(response.status, code ?? `HTTP_${response.status}`, message ?? response.statusText);
  }
  return parsed as T;
}

export interface CustomerQuery {
  q: string;
  limit: number;
  offset: number;
}

export const api = {
  getSession: (signal?: AbortSignal) => request<SessionInfo>('GET', '/api/session', undefined, signal),
  login: (password: string) => request<{ authenticated: true }>('POST', '/api/session', { password }),
  logout: () => request<void>('DELETE', '/api/session'),
  getOverview: (signal?: AbortSignal) => request<Overview>('GET', '/api/overview', undefined, signal),
  getCustomers: ({ q, limit, offset }: CustomerQuery, signal?: AbortSignal) => {
    const params = new URLSearchParams({ q, limit: String(limit), offset: String(offset) });
    return request<CustomerPage>('GET', `/api/customers?${params}`, undefined, signal);
  },
  getStores: (signal?: AbortSignal) => request<ItemList<Store>>('GET', '/api/stores', undefined, signal),
  getDesigns: (signal?: AbortSignal) => request<ItemList<Design>>('GET', '/api/designs', undefined, signal),
  getSettings: (signal?: AbortSignal) => request<Settings>('GET', '/api/settings', undefined, signal),
  saveBrand: (brand: Brand) => request<Settings>('PUT', '/api/settings/brand', brand),
  loadDemo: () => request<DemoResult>('POST', '/api/demo'),
};

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}
