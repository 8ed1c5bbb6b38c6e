import { Type, type Static } from 'typebox';

export const BackupFileSchema = Type.Object({
  name: Type.String(),
  kind: Type.Enum(['daily', 'manual', 'before-restore', 'uploaded', 'other']),
  bytes: Type.Integer(),
  createdAt: Type.Integer({ description: 'epoch ms' }),
});

export const RestoreReportSchema = Type.Object({
  at: Type.Integer(),
  ok: Type.Boolean(),
  message: Type.String(),
  restoredFrom: Type.Optional(Type.String()),
  keptAs: Type.Optional(Type.String()),
});

export const BackupsViewSchema = Type.Object({
  folder: Type.String({ description: 'where the backups are, on this computer' }),
  keep: Type.Integer({ description: 'automatic daily backups kept' }),
  backups: Type.Array(BackupFileSchema),
  daily: Type.Object({
    nextAt: Type.Union([Type.Integer(), Type.Null()], { description: 'when the next automatic backup is due (epoch ms)' }),
    lastError: Type.Union([Type.Object({ message: Type.String(), at: Type.Integer() }), Type.Null()]),
  }),
  /** False when no server process runs the app: restore with `passerelle restore` instead. */
  canRestore: Type.Boolean(),
  lastRestore: Type.Union([RestoreReportSchema, Type.Null()]),
});

export type BackupFileView = Static<typeof BackupFileSchema>;
export type RestoreReportView = Static<typeof RestoreReportSchema>;
export type BackupsView = Static<typeof BackupsViewSchema>;
