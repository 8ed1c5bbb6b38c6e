import { Type } from 'typebox';
import type { Server } from '../http/fastify.js';
import { errorResponses } from '../http/schemas.js';
import type { Services } from '../services.js';
import { createStoresRepository } from './stores-repository.js';
import { Store } from './schemas.js';

export function storeRoutes(services: Services) {
  const repo = createStoresRepository(services.db);
  return async function (app: Server): Promise<void> {
    app.get(
      '/api/stores',
      { config: { access: 'session' }, schema: { response: { 200: Type.Object({ items: Type.Array(Store) }), ...errorResponses } } },
      async () => ({ items: repo.list() }),
    );
  };
}
