import { Type, type Static } from 'typebox';

export const JobKind = Type.String({ pattern: '^[a-z]+(\\.[a-z]+)+$', maxLength: 60 });
export type JobKind = Static<typeof JobKind>;

export const JobQueue = Type.Object({
  kind: Type.String(),
  pending: Type.Integer(),
  due: Type.Integer({ description: 'Pending and due now (not waiting for a retry time).' }),
  running: Type.Integer(),
  failed: Type.Integer(),
  lastError: Type.Union([Type.String(), Type.Null()]),
  lastFailedAt: Type.Union([Type.Integer(), Type.Null()]),
  state: Type.Enum(['running', 'paused', 'stopped', 'idle'], {
    description: 'running: this server works on it. paused: waiting (e.g. for a certificate). idle: no handler runs here.',
  }),
});
export type JobQueue = Static<typeof JobQueue>;

export const FailedJob = Type.Object({
  id: Type.Integer(),
  dedupeKey: Type.Union([Type.String(), Type.Null()]),
  attempts: Type.Integer(),
  lastError: Type.Union([Type.String(), Type.Null()]),
  updatedAt: Type.Integer(),
});
export type FailedJob = Static<typeof FailedJob>;
