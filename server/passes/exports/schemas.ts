import { Type, type Static } from 'typebox';

export const CustomerPassInfo = Type.Object({
  serial: Type.String(),
  designId: Type.Integer(),
  version: Type.Integer(),
  passTypeIdentifier: Type.String(),
  downloadUrl: Type.String({ description: 'public URL of the .pkpass (what the QR code opens)' }),
  qrUrl: Type.String({ description: 'public URL of the QR code PNG, for e-mails' }),
});
export type CustomerPassInfo = Static<typeof CustomerPassInfo>;

export const PassExportStatus = Type.Object({
  id: Type.Integer(),
  status: Type.Enum(['running', 'done', 'failed']),
  done: Type.Integer(),
  total: Type.Integer(),
  error: Type.Optional(Type.String()),
});
export type PassExportStatus = Static<typeof PassExportStatus>;
