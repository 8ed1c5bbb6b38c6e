import { Type } from 'typebox';
import type { Server } from '../http/fastify.js';
import { errorResponses } from '../http/schemas.js';
import type { Services } from '../services.js';
import { Overview } from './schemas.js';

const DAY = 86_400_000;

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
  // Google cards have no registrations: one is in a wallet when its latest save/delete callback was a save.
  const googleInWallet = services.db.prepare<[], { n: number }>(
    `SELECT COUNT(*) AS n FROM wallet_events e
     WHERE e.platform = 'google' AND e.kind = 'installed'
       AND e.id = (SELECT MAX(x.id) FROM wallet_events x WHERE x.pass_id = e.pass_id AND x.kind IN ('installed', 'uninstalled'))`,
  );
  const recent = services.db.prepare<[number], { platform: 'apple' | 'google'; kind: string; n: number }>(
    `SELECT platform, kind, COUNT(*) AS n FROM wallet_events WHERE kind IN ('installed', 'uninstalled') AND occurred_at >= ? GROUP BY platform, kind`,
  );
  return async function (app: Server): Promise<void> {
    app.get('/api/overview', { config: { access: 'session' }, schema: { response: { 200: Overview, ...errorResponses } } }, async () => {
      const c = counts.get();
      if (!c) throw new Error('overview query returned nothing');
      const google = googleInWallet.get()?.n ?? 0;
      const wallets = { apple: { installed: c.installed, installs30d: 0, uninstalls30d: 0 }, google: { installed: google, installs30d: 0, uninstalls30d: 0 } };
      for (const r of recent.all(services.now() - 30 * DAY)) wallets[r.platform][r.kind === 'installed' ? 'installs30d' : 'uninstalls30d'] = r.n;
      return {
        customers: c.customers,
        stores: c.stores,
        designs: c.designs,
        passes: c.passes,
        purchases: c.purchases,
        installedPasses: c.installed + google,
        wallets,
        empty: c.customers === 0 && c.stores === 0 && c.designs === 0,
      };
    });
  };
}
