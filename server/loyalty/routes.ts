import { Type } from 'typebox';
import type { Server } from '../http/fastify.js';
import { IdParams, errorResponses } from '../http/schemas.js';
import type { Services } from '../services.js';
import type { CardChanges } from '../passes/cards/cards-changed.js';
import type { TierVariant } from '../passes/design/schema.js';
import { createPoints, POINTS_REASONS } from './points.js';
import { PointsResult } from './schemas.js';

export function loyaltyRoutes(services: Services, deps: { tiers(): readonly TierVariant[]; changes: CardChanges }) {
  const points = createPoints({ db: services.db, now: services.now, tiers: deps.tiers, changes: deps.changes });

  return async function (app: Server): Promise<void> {
    app.post(
      '/api/customers/:id/points',
      {
        config: { access: 'session' },
        schema: {
          params: IdParams,
          body: Type.Object(
            {
              delta: Type.Union([Type.Integer({ minimum: -1_000_000, maximum: -1 }), Type.Integer({ minimum: 1, maximum: 1_000_000 })], {
                description: 'Points to add (negative: to take); never 0.',
              }),
              reason: Type.Union(POINTS_REASONS.map((r) => Type.Literal(r))),
              note: Type.Optional(Type.String({ maxLength: 200 })),
            },
            { additionalProperties: false },
          ),
          response: { 200: PointsResult, ...errorResponses },
        },
      },
      async (request) => {
        const { delta, reason, note } = request.body;
        return points.add(request.params.id, delta, reason, note?.trim() || undefined);
      },
    );
  };
}
