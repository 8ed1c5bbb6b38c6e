import { Type } from 'typebox';
import type { Server } from '../http/fastify.js';
import { IdParams, errorResponses } from '../http/schemas.js';
import type { AutomationsService } from './automations.js';
import { AutomationKeySchema, AutomationUpdate, AutomationView, AutomationsView, CalendarEntry, CalendarInput } from './schemas.js';

export function automationRoutes(deps: { automations: AutomationsService }) {
  const { automations } = deps;

  return async function (app: Server): Promise<void> {
    app.get(
      '/api/automations',
      { config: { access: 'session' }, schema: { response: { 200: AutomationsView, ...errorResponses } } },
      async () => automations.list(),
    );

    app.put(
      '/api/automations/:key',
      {
        config: { access: 'session' },
        schema: { params: Type.Object({ key: AutomationKeySchema }), body: AutomationUpdate, response: { 200: AutomationView, ...errorResponses } },
      },
      async (request) => automations.update(request.params.key, request.body),
    );

    app.post(
      '/api/automations/calendar',
      { config: { access: 'session' }, schema: { body: CalendarInput, response: { 201: CalendarEntry, ...errorResponses } } },
      async (request, reply) => reply.status(201).send(automations.addEntry(request.body)),
    );

    app.put(
      '/api/automations/calendar/:id',
      { config: { access: 'session' }, schema: { params: IdParams, body: CalendarInput, response: { 200: CalendarEntry, ...errorResponses } } },
      async (request) => automations.updateEntry(request.params.id, request.body),
    );

    app.delete(
      '/api/automations/calendar/:id',
      { config: { access: 'session' }, schema: { params: IdParams, response: { 204: Type.Null(), ...errorResponses } } },
      async (request, reply) => {
        automations.deleteEntry(request.params.id);
        return reply.status(204).send(null);
      },
    );
  };
}
