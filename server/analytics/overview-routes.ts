import { Type } from 'typebox';
import type { Server } from '../http/fastify.js';
import { errorResponses } from '../http/schemas.js';
import type { Services } from '../services.js';
import { Overview } from './schemas.js';

export function overviewRoutes(services: Services) {
  const counts = services.db.prepare<
    [],
    { customers: number; stores: number; designs: number; passes: number; purchases: number; installed: number }
  >(
    `SELECT (SELECT COUNT(*) FROM customers) AS customers,
            (SELECT COUNT(*) FROM stores) AS stores,
            (SELECT COUNT(*) FROM card_designs) AS designs,
            (SELECT COUNT(*) FROM passes) AS passes,
            (SELECT COUNT(*) FROM purchases) AS purchases,
            (SELECT COUNT(DISTINCT pass_id) FROM registrations) AS installed`,
  );
  return async function (app: Server): Promise<void> {
    app.get('/api/overview', { config: { access: 'session' }, schema: { response: { 200: Overview, ...errorResponses } } }, async () => {
      const c = counts.get();
      if (!c) throw new Error('overview query returned nothing');
      return {
        customers: c.customers,
        stores: c.stores,
        designs: c.designs,
        passes: c.passes,
        purchases: c.purchases,
        installedPasses: c.installed,
        empty: c.customers === 0 && c.stores === 0 && c.designs === 0,
      };
    });
  };
}
