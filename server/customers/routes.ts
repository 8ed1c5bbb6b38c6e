import { Type, type Static } from 'typebox';
import type { Server } from '../http/fastify.js';
import { IdParams, errorResponses } from '../http/schemas.js';
import type { Services } from '../services.js';
import type { CustomersParts } from './customers-module.js';
import { CategoryDefinition, Customer, CustomerInput, CustomerListQuery, CustomerPage, CustomerUpdate, Purchase } from './schemas.js';

export interface CustomerRouteDeps extends CustomersParts {
  /** The lowest tier's id: where a new customer starts. */
  entryTier(): string;
  /** Inside the creating transaction: welcome points, referral (loyalty). */
  created(customerId: number): void;
  /** Inside the deleting transaction, before the row goes: what the wallets must know (cards retired). */
  deleting?(customerId: number): void;
}

export function customerRoutes(services: Services, deps: CustomerRouteDeps) {
  const { customers, purchases } = deps;
  const { db } = services;

  return async function (app: Server): Promise<void> {
    app.get(
      '/api/customers',
      { config: { access: 'session' }, schema: { querystring: CustomerListQuery, response: { 200: CustomerPage, ...errorResponses } } },
      async (request) => customers.list(request.query),
    );

    app.get(
      '/api/customers/:id',
      { config: { access: 'session' }, schema: { params: IdParams, response: { 200: Customer, ...errorResponses } } },
      async (request) => customers.require(request.params.id),
    );

    app.post(
      '/api/customers',
      { config: { access: 'session' }, schema: { body: CustomerInput, response: { 201: Customer, ...errorResponses } } },
      async (request, reply) => {
        const customer = db.transaction(() => {
          const c = customers.create({ ...request.body, source: 'admin', consentSource: 'admin' }, deps.entryTier());
          deps.created(c.id);
          return customers.require(c.id);
        })();
        return reply.status(201).send(customer);
      },
    );

    app.patch(
      '/api/customers/:id',
      { config: { access: 'session' }, schema: { params: IdParams, body: CustomerUpdate, response: { 200: Customer, ...errorResponses } } },
      // Announced in the update's transaction: CRM profiles and other listeners follow the owner's edits too.
      async (request) =>
        services.db.transaction(() => {
          const updated = customers.update(request.params.id, request.body, 'admin');
          services.happenings.happened({ type: 'customer.updated', customerId: updated.id, source: 'admin', at: services.now() });
          return updated;
        })(),
    );

    app.delete(
      '/api/customers/:id',
      { config: { access: 'session' }, schema: { params: IdParams, response: { 204: Type.Null(), ...errorResponses } } },
      async (request, reply) => {
        db.transaction(() => {
          customers.require(request.params.id);
          deps.deleting?.(request.params.id);
          customers.delete(request.params.id);
        })();
        return reply.status(204).send(null);
      },
    );

    // The product categories customers may pick as favourites (enrolment and preferences pages).
    const Categories = Type.Object({ categories: Type.Array(CategoryDefinition, { maxItems: 30 }) }, { additionalProperties: false });
    app.get('/api/settings/categories', { config: { access: 'session' }, schema: { response: { 200: Categories, ...errorResponses } } }, async () => ({
      categories: services.settings.get('customers.categories') as Static<typeof Categories>['categories'],
    }));
    app.put(
      '/api/settings/categories',
      { config: { access: 'session' }, schema: { body: Categories, response: { 200: Categories, ...errorResponses } } },
      async (request) => {
        services.settings.setMany({ 'customers.categories': request.body.categories });
        return { categories: request.body.categories };
      },
    );

    app.get(
      '/api/customers/:id/purchases',
      {
        config: { access: 'session' },
        schema: {
          params: IdParams,
          querystring: Type.Object(
            { limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }), offset: Type.Integer({ minimum: 0, default: 0 }) },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ items: Type.Array(Purchase) }), ...errorResponses },
        },
      },
      async (request) => {
        customers.require(request.params.id);
        return { items: purchases.listOf(request.params.id, request.query.limit, request.query.offset) };
      },
    );
  };
}
