import { Type, type Static } from 'typebox';

export const ApnsStatusView = Type.Object({
  ok: Type.Boolean(),
  code: Type.Optional(Type.String({ description: 'APNs’ reason (BadCertificate, …) or ours (UntrustedServer, InvalidIdentity, …).' })),
  message: Type.Optional(Type.String()),
  at: Type.Integer({ description: 'epoch ms' }),
});
export type ApnsStatusView = Static<typeof ApnsStatusView>;

export const ApnsView = Type.Object({
  pushes: Type.Enum(['running', 'waiting-certificate', 'restart-needed'], {
    description:
      'running: this server sends pushes. waiting-certificate: the development identity cannot push to Apple; import a Pass Type ID certificate. ' +
      'restart-needed: pushes could run but do not yet run with the active certificate: briefly, while the server switches to a ' +
      'certificate or APNs setting changed from the command line (it looks every 30 s); lastingly only if starting them failed (see the log).',
  }),
  status: Type.Union([ApnsStatusView, Type.Null()], { description: 'What APNs last said; null before the first push.' }),
});
export type ApnsView = Static<typeof ApnsView>;
