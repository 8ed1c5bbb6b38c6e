import { Type } from 'typebox';
import type { Server } from '../http/fastify.js';
import { errorResponses } from '../http/schemas.js';
import type { Services } from '../services.js';
import { createCustomersRepository } from './customers-repository.js';
import { CustomerListItem } from './schemas.js';

export function customerRoutes(services: Services) {
  const repo = createCustomersRepository(services.db);
  return async function (app: Server): Promise<void> {
    app.get(
      '/api/customers',
      {
        config: { access: 'session' },
        schema: {
          querystring: Type.Object(
            {
              q: Type.Optional(Type.String({ maxLength: 200 })),
              limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
              offset: Type.Integer({ minimum: 0, maximum: 100_000_000, default: 0 }),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ total: Type.Integer(), items: Type.Array(CustomerListItem) }), ...errorResponses },
        },
      },
      async (request) => repo.list(request.query),
    );
  };
}
