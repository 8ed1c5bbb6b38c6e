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
