/** Google Wallet's admin API contract (TypeBox; the renderer imports the types through renderer/src/lib/contract.ts). */
import { Type, type Static } from 'typebox';

export const GoogleSettingsView = Type.Object({
  issuerId: Type.String(),
  merchantLocations: Type.Boolean(),
  apiUrl: Type.String(),
  tokenUrl: Type.String(),
  keysUrl: Type.String(),
  senderId: Type.String(),
  serviceAccount: Type.Union([
    Type.Object({ clientEmail: Type.String(), projectId: Type.String(), keyId: Type.String(), fingerprint: Type.String(), savedAt: Type.Integer() }),
    Type.Null(),
  ]),
  configured: Type.Boolean(),
  callbackUrl: Type.String({ description: 'Where Google posts save/delete notices (https only).' }),
  publicUrlIsHttps: Type.Boolean(),
  status: Type.Object({
    lastError: Type.Union([Type.String(), Type.Null()]),
    lastErrorAt: Type.Union([Type.Integer(), Type.Null()]),
    lastOkAt: Type.Union([Type.Integer(), Type.Null()]),
  }),
  cards: Type.Object({ cards: Type.Integer(), synced: Type.Integer(), errors: Type.Integer(), pending: Type.Integer() }),
});
export type GoogleSettingsView = Static<typeof GoogleSettingsView>;

const HttpUrl = Type.String({ pattern: '^https?://[^\\s]{1,2000}$' });
export const GoogleSettingsPatch = Type.Object(
  {
    issuerId: Type.Optional(Type.String({ pattern: '^(|[0-9]{1,19})$' })),
    merchantLocations: Type.Optional(Type.Boolean()),
    apiUrl: Type.Optional(HttpUrl),
    tokenUrl: Type.Optional(HttpUrl),
    keysUrl: Type.Optional(HttpUrl),
    senderId: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9._-]+$' })),
  },
  { additionalProperties: false },
);
export type GoogleSettingsPatch = Static<typeof GoogleSettingsPatch>;

export const GoogleKeyRefused = Type.Object(
  { code: Type.String(), message: Type.String(), field: Type.Enum(['json', 'type', 'client_email', 'private_key']) },
  { description: 'The key was refused; `field` names the part at fault. Nothing was changed.' },
);

export const GoogleTestStep = Type.Enum(['issuerId', 'serviceAccount', 'token', 'issuerAccess', 'publicUrl']);
export const GoogleTestResult = Type.Object({
  ok: Type.Boolean(),
  steps: Type.Array(Type.Object({ step: GoogleTestStep, ok: Type.Boolean(), message: Type.String() })),
});
export type GoogleTestResult = Static<typeof GoogleTestResult>;

export const GoogleSaveLink = Type.Object({ url: Type.String(), objectId: Type.String(), classId: Type.String(), vertical: Type.String() });
export type GoogleSaveLink = Static<typeof GoogleSaveLink>;

const Json = Type.Record(Type.String(), Type.Unknown());
export const GooglePreview = Type.Object({
  vertical: Type.Enum(['loyalty', 'offer', 'giftCard', 'eventTicket', 'generic']),
  class: Json,
  object: Json,
});
export type GooglePreview = Static<typeof GooglePreview>;
