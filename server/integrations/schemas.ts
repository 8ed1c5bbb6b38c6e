/**
 * The integrations feature's admin contract (Settings → API keys, webhooks, CRM connectors; Customers → import and
 * export), imported by the renderer with `import type`. The public REST API's own contract is api-schemas.ts.
 */
import { Type, type Static } from 'typebox';
import { API_SCOPES } from './api-schemas.js';

export * from './api-schemas.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

// ── API keys ──────────────────────────────────────────────────────────────────────────────────────────────────────
export const ApiKeyView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  prefix: Type.String(),
  scopes: Type.Array(Type.Enum(API_SCOPES)),
  createdAt: Type.Integer(),
  lastUsedAt: Nullable(Type.Integer()),
  revokedAt: Nullable(Type.Integer()),
});
export type ApiKeyView = Static<typeof ApiKeyView>;

export const NewApiKey = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 60 }),
    scopes: Type.Array(Type.Enum(API_SCOPES), { minItems: 1, maxItems: API_SCOPES.length, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type NewApiKey = Static<typeof NewApiKey>;
export const CreatedApiKey = Type.Object({ key: Type.String({ description: 'Shown this once.' }), apiKey: ApiKeyView });
export type CreatedApiKey = Static<typeof CreatedApiKey>;

// ── webhooks ──────────────────────────────────────────────────────────────────────────────────────────────────────
export const WEBHOOK_TYPES = ['card.installed', 'card.uninstalled', 'customer.enrolled', 'purchase.recorded', 'tier.changed', 'reward.redeemed'] as const;
const WebhookUrl = Type.String({ minLength: 8, maxLength: 2000, pattern: '^https?://[^\\s]+$' });

export const WebhookEndpointInput = Type.Object(
  {
    url: WebhookUrl,
    description: Type.Optional(Type.String({ maxLength: 200 })),
    /** Empty: every type. */
    eventTypes: Type.Array(Type.Enum(WEBHOOK_TYPES), { maxItems: WEBHOOK_TYPES.length, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type WebhookEndpointInput = Static<typeof WebhookEndpointInput>;
export const WebhookEndpointPatch = Type.Object(
  {
    url: Type.Optional(WebhookUrl),
    description: Type.Optional(Type.String({ maxLength: 200 })),
    eventTypes: Type.Optional(Type.Array(Type.Enum(WEBHOOK_TYPES), { maxItems: WEBHOOK_TYPES.length, uniqueItems: true })),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type WebhookEndpointPatch = Static<typeof WebhookEndpointPatch>;

export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export const WebhookEndpoint = Type.Object({
  id: Type.Integer(),
  url: Type.String(),
  description: Type.String(),
  /** Receivers verify signatures with it (whsec_…). */
  secret: Type.String(),
  /** Until then the previous secret signs too (a rotation). */
  previousSecretUntil: Nullable(Type.Integer()),
  eventTypes: Type.Array(Type.String()),
  enabled: Type.Boolean(),
  disabledReason: Nullable(Type.String()),
  failingSince: Nullable(Type.Integer()),
  deliveries: Type.Object({ pending: Type.Integer(), succeeded: Type.Integer(), failed: Type.Integer() }),
  createdAt: Type.Integer(),
});
export type WebhookEndpoint = Static<typeof WebhookEndpoint>;

export const WebhookAttempt = Type.Object({
  attemptedAt: Type.Integer(),
  status: Nullable(Type.Integer()),
  response: Type.String(),
  error: Nullable(Type.String()),
  durationMs: Type.Integer(),
});
export type WebhookAttempt = Static<typeof WebhookAttempt>;

export const WebhookDelivery = Type.Object({
  id: Type.Integer(),
  msgId: Type.String(),
  type: Type.String(),
  status: Type.Enum(DELIVERY_STATUSES),
  attempts: Type.Integer(),
  lastStatus: Nullable(Type.Integer()),
  lastError: Nullable(Type.String()),
  /** The start of the receiver's last answer. */
  lastResponse: Type.String(),
  lastAttemptAt: Nullable(Type.Integer()),
  nextAttemptAt: Nullable(Type.Integer()),
  createdAt: Type.Integer(),
});
export type WebhookDelivery = Static<typeof WebhookDelivery>;
export const WebhookDeliveryDetail = Type.Intersect([WebhookDelivery, Type.Object({ body: Type.String(), tries: Type.Array(WebhookAttempt) })]);
export type WebhookDeliveryDetail = Static<typeof WebhookDeliveryDetail>;

// ── CRM connectors ────────────────────────────────────────────────────────────────────────────────────────────────
export const CRM_PROVIDERS = ['klaviyo', 'brevo'] as const;
export const CrmProviderParams = Type.Object({ provider: Type.Enum(CRM_PROVIDERS) });
export const CrmConnectionView = Type.Object({
  provider: Type.Enum(CRM_PROVIDERS),
  label: Type.String(),
  connected: Type.Boolean(),
  /** The key's last four characters. */
  apiKeyHint: Nullable(Type.String()),
  baseUrl: Type.String(),
  defaultBaseUrl: Type.String(),
  enabled: Type.Boolean(),
  lastTest: Nullable(Type.Object({ at: Type.Integer(), ok: Type.Boolean(), message: Type.String() })),
  lastSyncAt: Nullable(Type.Integer()),
  synced: Type.Integer(),
  lastError: Nullable(Type.Object({ at: Type.Integer(), message: Type.String() })),
  /** Pushes waiting (profiles and events). */
  queued: Type.Integer(),
  paused: Type.Boolean(),
});
export type CrmConnectionView = Static<typeof CrmConnectionView>;
export const CrmConnectionInput = Type.Object(
  {
    /** Required to connect; left out to keep the stored key. */
    apiKey: Type.Optional(Type.String({ minLength: 8, maxLength: 500, pattern: '^\\S+$' })),
    baseUrl: Type.Optional(Type.String({ maxLength: 500, pattern: '^https?://[^\\s]+$' })),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type CrmConnectionInput = Static<typeof CrmConnectionInput>;

// ── CSV import and export ─────────────────────────────────────────────────────────────────────────────────────────
export const IMPORT_KINDS = ['customers', 'purchases'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export const IMPORT_STATUSES = ['uploaded', 'invalid', 'valid', 'running', 'done', 'failed'] as const;
export const ImportRowProblem = Type.Object({
  /** The spreadsheet's row (the header is row 1). */
  row: Type.Integer(),
  column: Type.String(),
  /** In English. */
  problem: Type.String(),
  /** What it is (EMAIL_INVALID, STORE_UNKNOWN, DAY_FORMAT…) and its values, for the UI's own words. */
  code: Type.String(),
  params: Type.Record(Type.String(), Type.String()),
});
export type ImportRowProblem = Static<typeof ImportRowProblem>;
export const ImportMapping = Type.Record(Type.String({ pattern: '^[a-zA-Z]{1,30}$' }), Nullable(Type.String({ maxLength: 200 })), { maxProperties: 20 });
export type ImportMapping = Static<typeof ImportMapping>;
export const ImportCheck = Type.Object({
  rows: Type.Integer(),
  /** Every problem found; `problems` lists the first 500. */
  problemCount: Type.Integer(),
  problems: Type.Array(ImportRowProblem),
  create: Type.Integer(),
  update: Type.Integer(),
  unchanged: Type.Integer(),
});
export type ImportCheck = Static<typeof ImportCheck>;
export const ImportView = Type.Object({
  id: Type.Integer(),
  kind: Type.Enum(IMPORT_KINDS),
  fileName: Type.String(),
  delimiter: Type.Enum([',', ';', '\t']),
  hasBom: Type.Boolean(),
  encoding: Type.Enum(['utf-8', 'windows-1252']),
  headers: Type.Array(Type.String()),
  status: Type.Enum(IMPORT_STATUSES),
  mapping: Nullable(ImportMapping),
  check: Nullable(ImportCheck),
  totalRows: Nullable(Type.Integer()),
  doneRows: Type.Integer(),
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  error: Nullable(Type.String()),
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
});
export type ImportView = Static<typeof ImportView>;
export const ImportUpload = Type.Object({
  import: ImportView,
  /** The first rows as the file has them, under `import.headers`. */
  preview: Type.Array(Type.Array(Type.String())),
  fields: Type.Array(Type.String()),
  required: Type.Array(Type.String()),
  /** The mapping guessed from the header names. */
  suggested: ImportMapping,
});
export type ImportUpload = Static<typeof ImportUpload>;
