import type { Server } from '../http/fastify.js';
import { errorResponses } from '../http/schemas.js';
import type { Services } from '../services.js';
import { runChecks } from './doctor.js';
import { HealthReport } from './schemas.js';
import type { HealthCheck } from './types.js';

/** Admin: the doctor's checks, run now (a few seconds: the self-test and the APNs probe go over the network). */
export function healthCheckRoutes(services: Services, checks: () => readonly HealthCheck[]) {
  return async function (app: Server): Promise<void> {
    app.get('/api/health/checks', { config: { access: 'session' }, schema: { response: { 200: HealthReport, ...errorResponses } } }, async () => {
      const lines = await runChecks(checks(), { serverRunning: true, now: services.now() });
      return { ok: !lines.some((l) => l.status === 'fail'), checks: lines, at: services.now() };
    });
  };
}
