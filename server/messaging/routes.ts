import { Type } from 'typebox';
import type { Server } from '../http/fastify.js';
import { IdParams, errorResponses } from '../http/schemas.js';
import type { Services } from '../services.js';
import type { DirectMessages } from './direct-messages.js';
import type { Guard } from './guard.js';
import { DirectMessageInput, DirectMessageResult, GuardSettings, MessageSend, MixView } from './schemas.js';
import type { SendsRepository } from './sends-repository.js';

export interface MessagingRouteDeps {
  guard: Guard;
  sends: SendsRepository;
  direct: DirectMessages;
}

export const MessagingSettingsView = Type.Object({ settings: GuardSettings, mix: MixView });

export function messagingRoutes(services: Services, deps: MessagingRouteDeps) {
  const { guard, sends, direct } = deps;
  const view = () => ({ settings: guard.settings(), mix: guard.mix() });

  return async function (app: Server): Promise<void> {
    app.post(
      '/api/customers/:id/message',
      {
        config: { access: 'session' },
        schema: { params: IdParams, body: DirectMessageInput, response: { 200: DirectMessageResult, ...errorResponses } },
      },
      async (request) => direct.send(request.params.id, request.body.text.trim(), request.body.category ?? 'relational'),
    );

    app.get(
      '/api/customers/:id/messages',
      {
        config: { access: 'session' },
        schema: { params: IdParams, response: { 200: Type.Object({ items: Type.Array(MessageSend) }), ...errorResponses } },
      },
      async (request) => ({ items: sends.forCustomer(request.params.id) }),
    );

    app.get(
      '/api/messaging/settings',
      { config: { access: 'session' }, schema: { response: { 200: MessagingSettingsView, ...errorResponses } } },
      async () => view(),
    );

    app.put(
      '/api/messaging/settings',
      { config: { access: 'session' }, schema: { body: GuardSettings, response: { 200: MessagingSettingsView, ...errorResponses } } },
      async (request) => {
        guard.saveSettings(request.body);
        return view();
      },
    );
  };
}
