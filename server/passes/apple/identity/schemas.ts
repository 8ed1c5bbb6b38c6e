/** Apple signing identity settings: the API's contract (routes, and the renderer with `import type`). */
import { Type, type Static } from 'typebox';

export const AppleIdentityView = Type.Object({
  source: Type.Enum(['development', 'imported']),
  passTypeIdentifier: Type.String(),
  teamIdentifier: Type.String(),
  subject: Type.String(),
  expiresAt: Type.Integer({ description: 'epoch ms' }),
  expiresSoon: Type.Boolean({ description: 'within 30 days of expiry, or expired' }),
  expired: Type.Boolean(),
  wwdrSubject: Type.String(),
  wwdrExpiresAt: Type.Integer({ description: 'epoch ms' }),
});
export type AppleIdentityView = Static<typeof AppleIdentityView>;

export const Base64 = Type.String({ minLength: 1, maxLength: 1_400_000, pattern: '^[A-Za-z0-9+/]+={0,2}$' });
export type Base64 = Static<typeof Base64>;

export const Pem = Type.String({ minLength: 1, maxLength: 100_000 });
export type Pem = Static<typeof Pem>;

export const Secret = Type.String({ maxLength: 1_000 });
export type Secret = Static<typeof Secret>;

const Wwdr = { wwdrBase64: Type.Optional(Base64), wwdrPem: Type.Optional(Pem) };

export const P12Import = Type.Object({ p12Base64: Base64, password: Secret, ...Wwdr }, { additionalProperties: false });
export type P12Import = Static<typeof P12Import>;

export const PemImport = Type.Object(
  { certPem: Pem, keyPem: Pem, keyPassphrase: Type.Optional(Secret), ...Wwdr },
  { additionalProperties: false },
);
export type PemImport = Static<typeof PemImport>;

export const ImportRefused = Type.Object(
  { code: Type.String(), message: Type.String(), field: Type.Optional(Type.Enum(['p12', 'password', 'cert', 'key', 'keyPassphrase', 'wwdr'])) },
  { description: 'The upload was refused; `field` names the input at fault. Nothing was changed.' },
);
export type ImportRefused = Static<typeof ImportRefused>;

export const CsrRequest = Type.Object(
  {
    /** Shown in Apple's portal next to the certificate: the brand name by default. */
    commonName: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    email: Type.Optional(Type.String({ maxLength: 200, pattern: '^(|[^\\s@]+@[^\\s@]+)$' })),
  },
  { additionalProperties: false },
);
export type CsrRequest = Static<typeof CsrRequest>;

export const CsrView = Type.Object({
  csrPem: Type.String(),
  commonName: Type.String(),
  createdAt: Type.Integer({ description: 'epoch ms' }),
  /** What to save it as: Apple's portal asks for a .certSigningRequest file. */
  fileName: Type.String(),
});
export type CsrView = Static<typeof CsrView>;

export const PendingCsr = Type.Object({ pending: Type.Union([CsrView, Type.Null()]) });
export type PendingCsr = Static<typeof PendingCsr>;

export const CerImport = Type.Object({ cerBase64: Base64, ...Wwdr }, { additionalProperties: false });
export type CerImport = Static<typeof CerImport>;
