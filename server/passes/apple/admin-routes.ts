/**
 * Admin side of Wallet: a customer's cards in wallets (installed, on how many devices, the timeline), what phones logged to the web service, and install figures for the dashboard.
 */
import { Type } from 'typebox';
import type { Server } from '../../http/fastify.js';
import { IdParams, errorResponses } from '../../http/schemas.js';
import { notFound } from '../../errors.js';
import type { Services } from '../../services.js';
import type { WalletEvents } from '../cards/wallet-events.js';
import type { Registrations } from './registrations.js';
import type { DeviceLogs } from './webservice/device-logs.js';
import { DeviceLog, CustomerWallet, InstallCounts } from './schemas.js';

export interface WalletAdminDeps {
  registrations: Registrations;
  events: WalletEvents;
  logs: DeviceLogs;
}

export function walletAdminRoutes(services: Services, wallet: WalletAdminDeps) {
  const { db } = services;
  const customerCard = db.prepare<[number], { points_balance: number; tier: string }>('SELECT points_balance, tier FROM customers WHERE id = ?');
  const passesOf = db.prepare<[number], { id: number; serial: string; platform: string; version: number; updated_at: number; message: string; devices: number }>(
    `SELECT p.id, p.serial, p.platform, p.version, p.updated_at, p.message,
            (SELECT COUNT(*) FROM registrations r WHERE r.pass_id = p.id) AS devices
     FROM passes p WHERE p.customer_id = ? ORDER BY p.created_at, p.id`,
  );
  const devicesOf = db.prepare<[string], { customer_id: number; devices: number }>(
    `SELECT p.customer_id, COUNT(DISTINCT r.device_id) AS devices FROM passes p JOIN registrations r ON r.pass_id = p.id
     WHERE p.customer_id IN (SELECT value FROM json_each(?)) GROUP BY p.customer_id`,
  );

  return async function (app: Server): Promise<void> {
    app.get(
      '/api/customers/:id/wallet',
      { config: { access: 'session' }, schema: { params: IdParams, response: { 200: CustomerWallet, ...errorResponses } } },
      async (request) => {
        const id = request.params.id;
        const customer = customerCard.get(id);
        if (!customer) throw notFound('Customer');
        const passes = passesOf.all(id);
        const devices = wallet.registrations.devicesOfCustomer(id);
        const google = wallet.events.inWallet(id).google > 0;
        return {
          customerId: id,
          points: customer.points_balance,
          tier: customer.tier,
          installed: devices > 0 || google,
          wallets: { apple: devices > 0, google },
          devices,
          passes: passes.map((p) => ({ serial: p.serial, platform: p.platform, version: p.version, devices: p.devices, updatedAt: p.updated_at })),
          message: passes.find((p) => p.platform === 'apple')?.message ?? '',
          events: wallet.events.forCustomer(id),
          logs: wallet.logs.forCustomer(id),
        };
      },
    );

    app.get(
      '/api/wallet/devices',
      {
        config: { access: 'session' },
        schema: {
          querystring: Type.Object({ customerIds: Type.String({ pattern: '^[0-9]{1,15}(,[0-9]{1,15}){0,199}$' }) }, { additionalProperties: false }),
          response: { 200: Type.Object({ items: Type.Array(Type.Object({ customerId: Type.Integer(), devices: Type.Integer() })) }), ...errorResponses },
        },
      },
      async (request) => {
        const ids = request.query.customerIds.split(',').map(Number);
        const found = new Map(devicesOf.all(JSON.stringify(ids)).map((r) => [r.customer_id, r.devices]));
        return { items: ids.map((customerId) => ({ customerId, devices: found.get(customerId) ?? 0 })) };
      },
    );

    app.get(
      '/api/wallet/logs',
      {
        config: { access: 'session' },
        schema: {
          querystring: Type.Object(
            {
              limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
              offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ total: Type.Integer(), items: Type.Array(DeviceLog) }), ...errorResponses },
        },
      },
      async (request) => wallet.logs.list(request.query.limit, request.query.offset),
    );

    app.get(
      '/api/wallet/stats',
      {
        config: { access: 'session' },
        schema: {
          querystring: Type.Object(
            {
              from: Type.Integer({ minimum: 0, maximum: 8_640_000_000_000_000 }),
              to: Type.Integer({ minimum: 0, maximum: 8_640_000_000_000_000 }),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ apple: InstallCounts, google: InstallCounts }), ...errorResponses },
        },
      },
      async (request) => wallet.events.installStats(request.query.from, request.query.to),
    );
  };
}
