import { Type } from 'typebox';
import type { Server } from '../http/fastify.js';
import { errorResponses } from '../http/schemas.js';
import type { Services } from '../services.js';
import { WEEKDAYS, createStoresRepository } from './stores-repository.js';

const TimeRange = Type.Array(Type.String(), { minItems: 2, maxItems: 2 });
const OpeningHours = Type.Object(Object.fromEntries(WEEKDAYS.map((d) => [d, Type.Array(TimeRange)])));

const Store = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  address: Type.String(),
  postcode: Type.String(),
  city: Type.String(),
  country: Type.String(),
  latitude: Type.Number(),
  longitude: Type.Number(),
  radiusM: Type.Integer(),
  openingHours: OpeningHours,
});

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
