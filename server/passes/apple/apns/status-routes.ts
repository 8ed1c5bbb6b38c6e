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
import { ApnsStatusView, ApnsView } from './schemas.js';

export function apnsStatusRoutes(services: Services, deps: { pushes: Pick<ServerPushes, 'state'> }) {
  return async function (app: Server): Promise<void> {
    app.get('/api/wallet/apns', { config: { access: 'session' }, schema: { response: { 200: ApnsView, ...errorResponses } } }, async () => ({
      pushes: deps.pushes.state(),
      status: readApnsStatus(services.db) ?? null,
    }));
  };
}
