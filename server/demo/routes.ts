import type { Server } from '../http/fastify.js';
import { errorResponses } from '../http/schemas.js';
import type { Services } from '../services.js';
import { loadDemoBrand } from './load.js';
import { DemoResult } from './schemas.js';

export const DEMO_UI_CUSTOMERS = 1000;

export function demoRoutes(services: Services) {
  return async function (app: Server): Promise<void> {
    app.post(
      '/api/demo',
      {
        config: { access: 'session' },
        schema: {
          response: {
            201: DemoResult,
            ...errorResponses,
          },
        },
      },
      async (_request, reply) => {
        const s = await loadDemoBrand(services.db, { customers: DEMO_UI_CUSTOMERS, now: services.now() });
        services.log.info({ demo: s }, 'demo brand loaded');
        return reply.status(201).send({ stores: s.stores, customers: s.customers, purchases: s.purchases, designs: s.designs });
      },
    );
  };
}
