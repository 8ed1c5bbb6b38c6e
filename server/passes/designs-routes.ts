import { Type } from 'typebox';
import type { Server } from '../http/fastify.js';
import { errorResponses } from '../http/schemas.js';
import type { Services } from '../services.js';
import { DESIGN_KINDS, createDesignsRepository } from './designs-repository.js';

const DesignSummary = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  kind: Type.Enum(DESIGN_KINDS),
  version: Type.Integer(),
  isDefault: Type.Boolean(),
  updatedAt: Type.Integer(),
});

export function designRoutes(services: Services) {
  const repo = createDesignsRepository(services.db);
  return async function (app: Server): Promise<void> {
    app.get(
      '/api/designs',
      { schema: { response: { 200: Type.Object({ items: Type.Array(DesignSummary) }), ...errorResponses } } },
      async () => ({ items: repo.list() }),
    );
  };
}
