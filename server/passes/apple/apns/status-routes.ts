/**
 * GET /api/wallet/apns: whether card updates reach iPhones, for the Settings page. The push worker records what
 * APNs last said (apns-status.ts); whether this server sends at all, and with which certificate, is server-pushes.ts's
 * decision, which follows imports without a restart.
 */
import { Type } from 'typebox';
import type { Server } from '../../../http/fastify.js';
import { errorResponses } from '../../../http/schemas.js';
import type { Services } from '../../../services.js';
import { readApnsStatus } from './apns-status.js';
import type { ServerPushes } from './server-pushes.js';

const ApnsStatusView = Type.Object({
  ok: Type.Boolean(),
  code: Type.Optional(Type.String({ description: 'APNs’ reason (BadCertificate, …) or ours (UntrustedServer, InvalidIdentity, …).' })),
  message: Type.Optional(Type.String()),
  at: Type.Integer({ description: 'epoch ms' }),
});

const ApnsView = Type.Object({
  pushes: Type.Enum(['running', 'waiting-certificate', 'restart-needed'], {
    description:
      'running: this server sends pushes. waiting-certificate: the development identity cannot push to Apple; import a Pass Type ID certificate. ' +
      'restart-needed: pushes could run but do not yet run with the active certificate: briefly, while the server switches to a ' +
      'certificate or APNs setting changed from the command line (it looks every 30 s); lastingly only if starting them failed (see the log).',
  }),
  status: Type.Union([ApnsStatusView, Type.Null()], { description: 'What APNs last said; null before the first push.' }),
});

export function apnsStatusRoutes(services: Services, deps: { pushes: Pick<ServerPushes, 'state'> }) {
  return async function (app: Server): Promise<void> {
    app.get('/api/wallet/apns', { config: { access: 'session' }, schema: { response: { 200: ApnsView, ...errorResponses } } }, async () => ({
      pushes: deps.pushes.state(),
      status: readApnsStatus(services.db) ?? null,
    }));
  };
}
