/** Settings → Webhooks on the admin listener. */
import { Type } from 'typebox';
import type { Server } from '../../http/fastify.js';
import { errorResponses, IdParams } from '../../http/schemas.js';
import type { RoutePlugin } from '../../module.js';
import { WEBHOOK_TYPES, WebhookDelivery, WebhookDeliveryDetail, WebhookEndpoint, WebhookEndpointInput, WebhookEndpointPatch } from '../schemas.js';
import type { Webhooks } from './webhooks.js';

const Access = { access: 'session' as const };

export function webhookRoutes(webhooks: Webhooks): RoutePlugin {
  return async function (app: Server): Promise<void> {
    app.get(
      '/api/integrations/webhooks',
      {
        config: Access,
        schema: { response: { 200: Type.Object({ items: Type.Array(WebhookEndpoint), eventTypes: Type.Array(Type.Enum(WEBHOOK_TYPES)) }), ...errorResponses } },
      },
      async () => ({ items: webhooks.list(), eventTypes: [...WEBHOOK_TYPES] }),
    );
    app.post(
      '/api/integrations/webhooks',
      { config: Access, schema: { body: WebhookEndpointInput, response: { 201: WebhookEndpoint, ...errorResponses } } },
      async (request, reply) => reply.status(201).send(webhooks.create(request.body)),
    );
    app.patch(
      '/api/integrations/webhooks/:id',
      { config: Access, schema: { params: IdParams, body: WebhookEndpointPatch, response: { 200: WebhookEndpoint, ...errorResponses } } },
      async (request) => webhooks.update(request.params.id, request.body),
    );
    app.delete(
      '/api/integrations/webhooks/:id',
      { config: Access, schema: { params: IdParams, response: { 204: Type.Null(), ...errorResponses } } },
      async (request, reply) => {
        webhooks.remove(request.params.id);
        return reply.status(204).send(null);
      },
    );
    app.post(
      '/api/integrations/webhooks/:id/rotate',
      { config: Access, schema: { params: IdParams, response: { 200: WebhookEndpoint, ...errorResponses } } },
      async (request) => webhooks.rotate(request.params.id),
    );
    app.post(
      '/api/integrations/webhooks/:id/test',
      { config: Access, schema: { params: IdParams, response: { 202: WebhookDelivery, ...errorResponses } } },
      async (request, reply) => reply.status(202).send(webhooks.sendTest(request.params.id)),
    );
    app.post(
      '/api/integrations/webhooks/:id/redeliver-failed',
      { config: Access, schema: { params: IdParams, response: { 202: Type.Object({ armed: Type.Integer() }), ...errorResponses } } },
      async (request, reply) => reply.status(202).send({ armed: webhooks.redeliverFailed(request.params.id) }),
    );
    app.get(
      '/api/integrations/webhooks/:id/deliveries',
      {
        config: Access,
        schema: {
          params: IdParams,
          querystring: Type.Object(
            { before: Type.Optional(Type.Integer({ minimum: 1 })), limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }) },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ items: Type.Array(WebhookDelivery) }), ...errorResponses },
        },
      },
      async (request) => ({ items: webhooks.deliveries(request.params.id, request.query.before, request.query.limit) }),
    );
    app.get(
      '/api/integrations/webhook-deliveries/:id',
      { config: Access, schema: { params: IdParams, response: { 200: WebhookDeliveryDetail, ...errorResponses } } },
      async (request) => webhooks.delivery(request.params.id),
    );
    app.post(
      '/api/integrations/webhook-deliveries/:id/redeliver',
      { config: Access, schema: { params: IdParams, response: { 202: WebhookDelivery, ...errorResponses } } },
      async (request, reply) => reply.status(202).send(webhooks.redeliver(request.params.id)),
    );
  };
}
