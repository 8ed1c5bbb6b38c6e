import { Type } from 'typebox';
import type { Server } from '../http/fastify.js';
import { IdParams, errorResponses } from '../http/schemas.js';
import type { Services } from '../services.js';
import type { Campaigns } from './campaigns.js';
import { Campaign, CampaignInput, CampaignPreview, CampaignReport, PreviewInput } from './schemas.js';

export function campaignRoutes(_services: Services, deps: { campaigns: Campaigns }) {
  const { campaigns } = deps;

  return async function (app: Server): Promise<void> {
    app.get(
      '/api/campaigns',
      { config: { access: 'session' }, schema: { response: { 200: Type.Object({ items: Type.Array(Campaign) }), ...errorResponses } } },
      async () => ({ items: campaigns.list() }),
    );

    app.post(
      '/api/campaigns/preview',
      { config: { access: 'session' }, schema: { body: PreviewInput, response: { 200: CampaignPreview, ...errorResponses } } },
      async (request) => campaigns.preview(request.body),
    );

    app.post(
      '/api/campaigns',
      { config: { access: 'session' }, schema: { body: CampaignInput, response: { 201: Campaign, ...errorResponses } } },
      async (request, reply) => reply.status(201).send(campaigns.create(request.body)),
    );

    app.get(
      '/api/campaigns/:id',
      { config: { access: 'session' }, schema: { params: IdParams, response: { 200: CampaignReport, ...errorResponses } } },
      async (request) => campaigns.report(request.params.id),
    );

    app.post(
      '/api/campaigns/:id/stop',
      { config: { access: 'session' }, schema: { params: IdParams, response: { 200: Campaign, ...errorResponses } } },
      async (request) => campaigns.stop(request.params.id),
    );

    app.delete(
      '/api/campaigns/:id',
      { config: { access: 'session' }, schema: { params: IdParams, response: { 204: Type.Null(), ...errorResponses } } },
      async (request, reply) => {
        campaigns.remove(request.params.id);
        return reply.status(204).send(null);
      },
    );
  };
}
