import type {
  BrandStep,
  CsrView,
  HealthReport,
  PublicAddressUpdate,
  PublicAddressView,
  SelfTestReport,
  SetupStepId,
  SetupView,
  BackupFile,
  BackupsView,
  ApnsView,
  AppleIdentity,
  AppleImport,
  Brand,
  CustomerPage,
  CustomerPassInfo,
  DemoResult,
  DesignSummary,
  DesignUpdate,
  DesignWithIssues,
  DesignContent,
  DesignIssue,
  DownloadedWwdr,
  ImageMime,
  ImageRoleSize,
  ItemList,
  JobQueue,
  NewDesign,
  PlaceholderInfo,
  Overview,
  PassExportStatus,
  SessionInfo,
  Settings,
  GeocodeResult,
  ImportReport,
  MapConfig,
  Store,
  StoreInput,
  StoreList,
  UploadedImage,
  CustomerWallet,
  DeviceLogPage,
  PointsReason,
  PointsResult,
  WalletDeviceCount,
  GooglePreview,
  GoogleSaveLink,
  GoogleSettingsView,
  GoogleTestResult,
} from './contract';
import type {
  BonusEventInput,
  CategoryDefinition,
  Customer,
  CustomerInput,
  CustomerLoyalty,
  CustomerSort,
  CustomerUpdate,
  Programme,
  ProgrammeView,
  Purchase,
  PurchaseInput,
  PurchaseOutcome,
  RewardInput,
  SmtpInput,
  SmtpView,
  StaffMember,
  Timeline,
} from './admin-types';
import type { ProgrammeTier } from './contract';
import type {
  ApiKeyView,
  ApiScope,
  CreatedApiKey,
  CrmConnectionInput,
  CrmConnectionView,
  CrmProvider,
  ImportKind,
  ImportMapping,
  ImportUpload,
  ImportView,
  WebhookDelivery,
  WebhookDeliveryDetail,
  WebhookEndpoint,
  WebhookEndpointInput,
  WebhookEndpointPatch,
  WebhookType,
} from './contract';
import type { Scan, TillApi } from '../till/till-api';

/** Every failed call: the HTTP status and the server's `{ code, message }` (or a network/format code). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** The whole error body, for errors that carry more than a message (e.g. `DESIGN_INVALID` and its `issues`). */
  readonly body: unknown;

  constructor(status: number, code: string, message: string, body?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.body = body;
  }

  /** The values the server's message was written with (`{ code, message, params }`), to say it in the UI's language. */
  get params(): Record<string, string | number> {
    const p = (this.body as { params?: unknown } | undefined)?.params;
    return p && typeof p === 'object' ? (p as Record<string, string | number>) : {};
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

function readErrorBody(body: unknown): { code?: string; message?: string } {
  if (typeof body !== 'object' || body === null) return {};
  const { code, message } = body as Record<string, unknown>;
  return {
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof message === 'string' ? { message } : {}),
  };
}

/** A body sent as it is (an uploaded file) rather than as JSON. */
interface RawBody {
  raw: Blob;
  type: string;
}

function isRaw(body: unknown): body is RawBody {
  return typeof body === 'object' && body !== null && (body as RawBody).raw instanceof Blob;
}

export async function request<T>(method: Method, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = isRaw(body) ? body.type : 'application/json';
  const init: RequestInit = {
    method,
    credentials: 'same-origin',
    headers,
    ...(body === undefined ? {} : { body: isRaw(body) ? body.raw : JSON.stringify(body) }),
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
    throw new ApiError(response.status, code ?? `HTTP_${response.status}`, message ?? response.statusText, parsed);
  }
  return parsed as T;
}

export interface CustomerQuery {
  q: string;
  limit: number;
  offset: number;
  sort?: CustomerSort;
}

export const api = {
  getSession: (signal?: AbortSignal) => request<SessionInfo>('GET', '/api/session', undefined, signal),
  login: (password: string) => request<{ authenticated: true }>('POST', '/api/session', { password }),
  logout: () => request<void>('DELETE', '/api/session'),
  getOverview: (signal?: AbortSignal) => request<Overview>('GET', '/api/overview', undefined, signal),
  getCustomers: ({ q, limit, offset, sort = 'recent' }: CustomerQuery, signal?: AbortSignal) => {
    const params = new URLSearchParams({ q, limit: String(limit), offset: String(offset), sort });
    return request<CustomerPage>('GET', `/api/customers?${params}`, undefined, signal);
  },
  getStores: (signal?: AbortSignal) => request<StoreList>('GET', '/api/stores', undefined, signal),
  getMapConfig: (signal?: AbortSignal) => request<MapConfig>('GET', '/api/stores/map', undefined, signal),
  createStore: (store: StoreInput) => request<Store>('POST', '/api/stores', store),
  saveStore: (id: number, store: StoreInput) => request<Store>('PUT', `/api/stores/${id}`, store),
  deleteStore: (id: number) => request<void>('DELETE', `/api/stores/${id}`),
  importStores: (csv: string) => request<ImportReport>('POST', '/api/stores/import', { csv }),
  geocode: (q: string, signal?: AbortSignal) =>
    request<ItemList<GeocodeResult>>('GET', `/api/stores/geocode?${new URLSearchParams({ q })}`, undefined, signal),
  getDesigns: (signal?: AbortSignal) => request<ItemList<DesignSummary>>('GET', '/api/designs', undefined, signal),
  getDesign: (id: number, signal?: AbortSignal) => request<DesignWithIssues>('GET', `/api/designs/${id}`, undefined, signal),
  createDesign: (design: NewDesign) => request<DesignWithIssues>('POST', '/api/designs', design),
  saveDesign: (id: number, update: DesignUpdate) => request<DesignWithIssues>('PUT', `/api/designs/${id}`, update),
  deleteDesign: (id: number) => request<void>('DELETE', `/api/designs/${id}`),
  validateDesign: (id: number, content: DesignContent, signal?: AbortSignal) =>
    request<{ issues: DesignIssue[] }>('POST', `/api/designs/${id}/validate`, { content }, signal),
  getPlaceholders: (signal?: AbortSignal) =>
    request<ItemList<PlaceholderInfo>>('GET', '/api/designs/placeholders', undefined, signal),
  getImageRoles: (signal?: AbortSignal) => request<ItemList<ImageRoleSize>>('GET', '/api/images/roles', undefined, signal),
  uploadImage: (file: Blob, type: ImageMime) => request<UploadedImage>('POST', '/api/images', { raw: file, type }),
  getSettings: (signal?: AbortSignal) => request<Settings>('GET', '/api/settings', undefined, signal),
  saveBrand: (brand: Brand) => request<Settings>('PUT', '/api/settings/brand', brand),
  loadDemo: () => request<DemoResult>('POST', '/api/demo'),
  getAppleIdentity: (signal?: AbortSignal) => request<AppleIdentity>('GET', '/api/settings/apple', undefined, signal),
  importAppleIdentity: (body: AppleImport) => request<AppleIdentity>('POST', '/api/settings/apple', body),
  resetAppleIdentity: () => request<AppleIdentity>('DELETE', '/api/settings/apple'),
  downloadWwdr: () => request<DownloadedWwdr>('POST', '/api/settings/apple/wwdr/download', {}),
  startPassExport: () => request<{ id: number }>('POST', '/api/exports/passes', { scope: 'all' }),
  getCustomerPass: (id: number, signal?: AbortSignal) =>
    request<CustomerPassInfo>('GET', `/api/customers/${id}/pass`, undefined, signal),
  getPassExport: (id: number, signal?: AbortSignal) => request<PassExportStatus>('GET', `/api/exports/${id}`, undefined, signal),
  getCustomerWallet: (id: number, signal?: AbortSignal) =>
    request<CustomerWallet>('GET', `/api/customers/${id}/wallet`, undefined, signal),
  getWalletDevices: (customerIds: readonly number[], signal?: AbortSignal) =>
    request<ItemList<WalletDeviceCount>>('GET', `/api/wallet/devices?customerIds=${customerIds.join(',')}`, undefined, signal),
  addPoints: (id: number, body: { delta: number; reason?: Extract<PointsReason, 'adjustment' | 'reward'>; note?: string }) =>
    request<PointsResult>('POST', `/api/customers/${id}/points`, body),
  getCustomer: (id: number, signal?: AbortSignal) => request<Customer>('GET', `/api/customers/${id}`, undefined, signal),
  createCustomer: (body: CustomerInput) => request<Customer>('POST', '/api/customers', body),
  updateCustomer: (id: number, body: CustomerUpdate) => request<Customer>('PATCH', `/api/customers/${id}`, body),
  deleteCustomer: (id: number) => request<void>('DELETE', `/api/customers/${id}`),
  getCustomerPurchases: (id: number, signal?: AbortSignal) =>
    request<{ items: Purchase[] }>('GET', `/api/customers/${id}/purchases?limit=20`, undefined, signal),
  getCustomerLoyalty: (id: number, signal?: AbortSignal) => request<CustomerLoyalty>('GET', `/api/customers/${id}/loyalty`, undefined, signal),
  getTimeline: (id: number, signal?: AbortSignal) => request<Timeline>('GET', `/api/customers/${id}/timeline`, undefined, signal),
  redeemReward: (id: number, rewardId: number, requestId: string) =>
    request<unknown>('POST', `/api/customers/${id}/rewards/${rewardId}/redeem`, { requestId }),
  addPurchase: (id: number, body: PurchaseInput) => request<PurchaseOutcome>('POST', `/api/customers/${id}/purchases`, body),
  getProgramme: (signal?: AbortSignal) => request<ProgrammeView & { tiers: ProgrammeTier[] }>('GET', '/api/loyalty/programme', undefined, signal),
  saveProgramme: (body: Programme) => request<ProgrammeView>('PUT', '/api/loyalty/programme', body),
  saveTiers: (tiers: ProgrammeTier[]) => request<{ view: ProgrammeView; retiered: number }>('PUT', '/api/loyalty/tiers', { tiers }),
  addBonusEvent: (body: BonusEventInput) => request<ProgrammeView>('POST', '/api/loyalty/bonus-events', body),
  deleteBonusEvent: (id: number) => request<ProgrammeView>('DELETE', `/api/loyalty/bonus-events/${id}`),
  addReward: (body: RewardInput) => request<ProgrammeView>('POST', '/api/loyalty/rewards', body),
  updateReward: (id: number, body: RewardInput) => request<ProgrammeView>('PUT', `/api/loyalty/rewards/${id}`, body),
  deleteReward: (id: number) => request<ProgrammeView>('DELETE', `/api/loyalty/rewards/${id}`),
  getCategories: (signal?: AbortSignal) => request<{ categories: CategoryDefinition[] }>('GET', '/api/settings/categories', undefined, signal),
  saveCategories: (categories: CategoryDefinition[]) => request<{ categories: CategoryDefinition[] }>('PUT', '/api/settings/categories', { categories }),
  getStaff: (signal?: AbortSignal) => request<{ items: StaffMember[] }>('GET', '/api/staff', undefined, signal),
  addStaff: (body: { name: string; pin: string }) => request<StaffMember>('POST', '/api/staff', body),
  updateStaff: (id: number, body: { active?: boolean; unlock?: true; pin?: string }) => request<StaffMember>('PATCH', `/api/staff/${id}`, body),
  deleteStaff: (id: number) => request<void>('DELETE', `/api/staff/${id}`),
  getSmtp: (signal?: AbortSignal) => request<SmtpView>('GET', '/api/settings/smtp', undefined, signal),
  saveSmtp: (body: SmtpInput) => request<SmtpView>('PUT', '/api/settings/smtp', body),
  clearSmtp: () => request<SmtpView>('DELETE', '/api/settings/smtp'),
  testSmtp: (to: string) => request<{ sent: boolean }>('POST', '/api/settings/smtp/test', { to }),
  getWalletLogs: ({ limit, offset }: { limit: number; offset: number }, signal?: AbortSignal) =>
    request<DeviceLogPage>('GET', `/api/wallet/logs?limit=${limit}&offset=${offset}`, undefined, signal),
  getApnsStatus: (signal?: AbortSignal) => request<ApnsView>('GET', '/api/wallet/apns', undefined, signal),
  getGoogleSettings: (signal?: AbortSignal) => request<GoogleSettingsView>('GET', '/api/settings/google', undefined, signal),
  saveGoogleSettings: (patch: { issuerId?: string; merchantLocations?: boolean }) =>
    request<GoogleSettingsView>('PUT', '/api/settings/google', patch),
  importGoogleKey: (json: string) => request<GoogleSettingsView>('POST', '/api/settings/google/service-account', { json }),
  removeGoogleKey: () => request<GoogleSettingsView>('DELETE', '/api/settings/google/service-account'),
  testGoogle: () => request<GoogleTestResult>('POST', '/api/settings/google/test', {}),
  getCustomerGoogleLink: (id: number, signal?: AbortSignal) =>
    request<GoogleSaveLink>('GET', `/api/customers/${id}/google`, undefined, signal),
  previewGoogle: (content: DesignContent, tier: string | undefined, signal?: AbortSignal) =>
    request<GooglePreview>('POST', '/api/google/preview', tier ? { content, tier } : { content }, signal),
  getBackups: (signal?: AbortSignal) => request<BackupsView>('GET', '/api/backups', undefined, signal),
  createBackup: () => request<BackupFile>('POST', '/api/backups'),
  setBackupsKept: (keep: number) => request<BackupsView>('PUT', '/api/backups/settings', { keep }),
  uploadBackup: (file: Blob) => request<BackupFile>('POST', '/api/backups/upload', { raw: file, type: 'application/octet-stream' }),
  /** The server answers, then restarts on the restored database: poll getBackups for `lastRestore`. */
  restoreBackup: (name: string) =>
    request<{ restarting: true }>('POST', `/api/backups/${encodeURIComponent(name)}/restore`, { confirm: name }),
  getJobQueues: (signal?: AbortSignal) => request<ItemList<JobQueue>>('GET', '/api/jobs', undefined, signal),
  retryJobs: (kind: string) => request<{ retried: number }>('POST', `/api/jobs/${encodeURIComponent(kind)}/retry`),

  getApiKeys: (signal?: AbortSignal) => request<ItemList<ApiKeyView>>('GET', '/api/integrations/api-keys', undefined, signal),
  createApiKey: (body: { name: string; scopes: ApiScope[] }) => request<CreatedApiKey>('POST', '/api/integrations/api-keys', body),
  revokeApiKey: (id: number) => request<ApiKeyView>('DELETE', `/api/integrations/api-keys/${id}`),
  getWebhooks: (signal?: AbortSignal) => request<{ items: WebhookEndpoint[]; eventTypes: WebhookType[] }>('GET', '/api/integrations/webhooks', undefined, signal),
  createWebhook: (body: WebhookEndpointInput) => request<WebhookEndpoint>('POST', '/api/integrations/webhooks', body),
  updateWebhook: (id: number, body: WebhookEndpointPatch) => request<WebhookEndpoint>('PATCH', `/api/integrations/webhooks/${id}`, body),
  deleteWebhook: (id: number) => request<void>('DELETE', `/api/integrations/webhooks/${id}`),
  rotateWebhookSecret: (id: number) => request<WebhookEndpoint>('POST', `/api/integrations/webhooks/${id}/rotate`),
  testWebhook: (id: number) => request<WebhookDelivery>('POST', `/api/integrations/webhooks/${id}/test`),
  redeliverFailed: (id: number) => request<{ armed: number }>('POST', `/api/integrations/webhooks/${id}/redeliver-failed`),
  getWebhookDeliveries: (id: number, signal?: AbortSignal) =>
    request<ItemList<WebhookDelivery>>('GET', `/api/integrations/webhooks/${id}/deliveries?limit=20`, undefined, signal),
  getWebhookDelivery: (id: number, signal?: AbortSignal) => request<WebhookDeliveryDetail>('GET', `/api/integrations/webhook-deliveries/${id}`, undefined, signal),
  redeliver: (id: number) => request<WebhookDelivery>('POST', `/api/integrations/webhook-deliveries/${id}/redeliver`),
  getCrm: (signal?: AbortSignal) => request<ItemList<CrmConnectionView>>('GET', '/api/integrations/crm', undefined, signal),
  saveCrm: (provider: CrmProvider, body: CrmConnectionInput) => request<CrmConnectionView>('PUT', `/api/integrations/crm/${provider}`, body),
  disconnectCrm: (provider: CrmProvider) => request<CrmConnectionView>('DELETE', `/api/integrations/crm/${provider}`),
  testCrm: (provider: CrmProvider) => request<CrmConnectionView>('POST', `/api/integrations/crm/${provider}/test`),
  syncAllCrm: (provider: CrmProvider) => request<{ queued: number }>('POST', `/api/integrations/crm/${provider}/sync-all`),
  uploadImport: (kind: ImportKind, file: File) =>
    request<ImportUpload>('POST', `/api/csv/imports?${new URLSearchParams({ kind, name: file.name })}`, { raw: file, type: 'text/csv' }),
  checkImport: (id: number, mapping: ImportMapping) => request<ImportView>('POST', `/api/csv/imports/${id}/check`, { mapping }),
  runImport: (id: number) => request<ImportView>('POST', `/api/csv/imports/${id}/run`),
  getImport: (id: number, signal?: AbortSignal) => request<ImportView>('GET', `/api/csv/imports/${id}`, undefined, signal),
  getSetup: (signal?: AbortSignal) => request<SetupView>('GET', '/api/setup', undefined, signal),
  setSetupStep: (step: SetupStepId, status: 'todo' | 'done' | 'skipped') => request<SetupView>('PUT', `/api/setup/steps/${step}`, { status }),
  finishSetup: () => request<SetupView>('POST', '/api/setup/finish', {}),
  reopenSetup: () => request<SetupView>('POST', '/api/setup/reopen', {}),
  saveSetupBrand: (body: BrandStep) => request<SetupView>('PUT', '/api/setup/brand', body),
  createTestCard: (body: { firstName: string; lastName?: string; email?: string }) => request<SetupView>('POST', '/api/setup/test-card', body),
  setAdminPassword: (password: string, currentPassword?: string) =>
    request<void>('PUT', '/api/session/password', { password, ...(currentPassword ? { currentPassword } : {}) }),
  getPublicAddress: (signal?: AbortSignal) => request<PublicAddressView>('GET', '/api/public-address', undefined, signal),
  savePublicAddress: (body: PublicAddressUpdate) => request<PublicAddressView>('PUT', '/api/public-address', body),
  restartTunnel: () => request<PublicAddressView>('POST', '/api/public-address/tunnel', {}),
  testPublicAddress: () => request<SelfTestReport>('POST', '/api/public-address/test', {}),
  getAppleRequest: (signal?: AbortSignal) => request<{ pending: CsrView | null }>('GET', '/api/settings/apple/csr', undefined, signal),
  createAppleRequest: (body: { commonName?: string; email?: string }) => request<CsrView>('POST', '/api/settings/apple/csr', body),
  importAppleCer: (body: { cerBase64: string; wwdrBase64?: string }) => request<AppleIdentity>('POST', '/api/settings/apple/cer', body),
  getHealth: (signal?: AbortSignal) => request<HealthReport>('GET', '/api/health/checks', undefined, signal),
};

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** Where the preview and the editor show an uploaded image, resized by the server for that role and kind. */
export function imageUrl(id: string, role: string, kind: string, scale: 1 | 2 | 3 = 2): string {
  const params = new URLSearchParams({ role, kind, scale: String(scale) });
  return `/api/images/${encodeURIComponent(id)}?${params}`;
}

/** Files the admin API serves for download (fetched by `downloadFile`, or linked directly). */
export const fileUrls = {
  customerPass: (id: number) => `/api/customers/${id}/pass.pkpass`,
  customerQr: (id: number, format: 'png' | 'svg') => `/api/customers/${id}/pass-qr.${format}`,
  passExport: (id: number) => `/api/exports/${id}/download`,
  poster: (locale?: 'fr' | 'en') => `/api/poster.png${locale ? `?locale=${locale}` : ''}`,
  customersCsv: '/api/csv/customers.csv',
  purchasesCsv: '/api/csv/purchases.csv',
  openApi: '/api/integrations/openapi.json',
  apiDocs: '/api-docs/',
  backup: (name: string) => `/api/backups/${encodeURIComponent(name)}/download`,
};

/** The till on the shop computer: the admin's own scanner API (session cookie). */
export const adminTill: TillApi = {
  lookup: (code) => request<Scan>('GET', `/api/scanner/lookup?code=${encodeURIComponent(code)}`),
  stores: () => request('GET', '/api/scanner/stores'),
  recordPurchase: (id, body) => request('POST', `/api/scanner/customers/${id}/purchases`, body),
  redeemReward: (id, rewardId, requestId) => request('POST', `/api/scanner/customers/${id}/rewards/${rewardId}/redeem`, { requestId }),
  redeemCoupon: (code) => request('POST', '/api/scanner/coupons/redeem', { code }),
};
