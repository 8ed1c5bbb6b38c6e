/**
 * The REST API on the public listener (`/v1`): the website, the till software and the CRM call it through the
 * tunnel with an API key (`apiKey` access, a scope per route) and a request budget per key. Its OpenAPI document is
 * generated from the same route schemas by @fastify/swagger (api-openapi.ts) and served to key holders.
 */
import swagger from '@fastify/swagger';
import { Type } from 'typebox';
import { RATE_LIMITS } from '../../http/rate-limits.js';
import { ErrorSchema } from '../../http/schemas.js';
import type { Server } from '../../http/fastify.js';
import type { RoutePlugin } from '../../module.js';
import {
  API_COMPONENTS,
  ApiCustomerListQuery,
  type ApiCustomer,
  type ApiCustomerPage,
  type ApiCustomerUpsert,
  type ApiEventInput,
  type ApiEventResult,
  type ApiPurchaseInput,
  type ApiPurchaseResult,
  type ApiScope,
} from '../api-schemas.js';
import { openApiOptions, type OpenApiInfo } from './api-openapi.js';
import type { ApiService } from './api-service.js';


const ref = <T>(id: string) => Type.Unsafe<T>(Type.Ref(id));
const Err = ref<{ code: string; message: string; params?: Record<string, string | number> }>('Error');
const errors = { 400: Err, 401: Err, 403: Err, 404: Err, 409: Err, 429: Err, 500: Err } as const;
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) });

export interface ApiRouteDeps {
  api: ApiService;
  info: OpenApiInfo;
  /** Given the document's getter once the routes are in (the admin listener serves the same document). */
  documented?(document: () => Record<string, unknown>): void;
}

export function apiRoutes(deps: ApiRouteDeps): RoutePlugin {
  const { api } = deps;
  const config = (apiScope?: ApiScope) => ({
    access: 'apiKey' as const,
    ...(apiScope ? { apiScope } : {}),
    // Wrong keys count against the caller's address (and close the API to a guesser); requests against the key.
    failureBudget: 'apiAuth' as const,
    rateLimit: { ...RATE_LIMITS.api, keyGenerator: (request: { apiKey?: { id: number }; ip: string }) => `apikey:${request.apiKey?.id ?? request.ip}` },
  });

  return async function (app: Server): Promise<void> {
    // A scope of its own: its shared schemas and its OpenAPI document hold the API's routes and nothing else.
    await app.register(async (scope: Server) => {
      scope.addSchema(ErrorSchema);
      for (const schema of API_COMPONENTS) scope.addSchema(schema);
      await scope.register(swagger, openApiOptions(deps.info));

      scope.get(
        '/v1/customers',
        {
          config: config('customers:read'),
          schema: {
            operationId: 'listCustomers',
            tags: ['customers'],
            summary: 'Customers in id order, a page at a time (cursor), or the one with an email or externalId',
            querystring: ApiCustomerListQuery,
            response: { 200: ref<ApiCustomerPage>('CustomerPage'), ...errors },
          },
        },
        async (request) => api.list(request.query),
      );

      scope.get(
        '/v1/customers/:id',
        {
          config: config('customers:read'),
          schema: {
            operationId: 'getCustomer',
            tags: ['customers'],
            summary: 'A customer with points, tier, consents, preferences and wallet status',
            params: IdParams,
            response: { 200: ref<ApiCustomer>('Customer'), ...errors },
          },
        },
        async (request) => api.get(request.params.id),
      );

      scope.post(
        '/v1/customers',
        {
          config: config('customers:write'),
          schema: {
            operationId: 'upsertCustomer',
            tags: ['customers'],
            summary: 'Create or update a customer, found by externalId, else by email',
            body: ref<ApiCustomerUpsert>('CustomerUpsert'),
            response: { 200: ref<ApiCustomer>('Customer'), 201: ref<ApiCustomer>('Customer'), ...errors },
          },
        },
        async (request, reply) => {
          const { customer, created } = api.upsert(request.body);
          return reply.status(created ? 201 : 200).send(customer);
        },
      );

      scope.post(
        '/v1/purchases',
        {
          config: config('purchases:write'),
          schema: {
            operationId: 'recordPurchase',
            tags: ['purchases'],
            summary: 'Record a purchase and credit its points, once per externalId (a replay answers 200 and credits nothing)',
            body: ref<ApiPurchaseInput>('PurchaseInput'),
            response: { 200: ref<ApiPurchaseResult>('PurchaseResult'), 201: ref<ApiPurchaseResult>('PurchaseResult'), ...errors },
          },
        },
        async (request, reply) => {
          const result = api.recordPurchase(request.body, request.apiKey!);
          return reply.status(result.created ? 201 : 200).send(result);
        },
      );

      scope.post(
        '/v1/events',
        {
          config: config('events:write'),
          schema: {
            operationId: 'postEvent',
            tags: ['events'],
            summary: 'Tell about a customer: cart_abandoned (items, value), back_in_stock_interest, or a custom event',
            body: ref<ApiEventInput>('EventInput'),
            response: { 202: ref<ApiEventResult>('EventResult'), ...errors },
          },
        },
        async (request, reply) => reply.status(202).send(api.postEvent(request.body, request.apiKey!)),
      );

      const document = () => scope.swagger() as unknown as Record<string, unknown>;
      scope.get(
        '/v1/openapi.json',
        { config: config(), schema: { hide: true } },
        async (_request, reply) => reply.type('application/json; charset=utf-8').send(JSON.stringify({ ...document(), servers: [{ url: deps.info.serverUrl() }] })),
      );
      deps.documented?.(document);
    });
  };
}
