import { Type } from 'typebox';
import { AppError } from '../errors.js';
import type { Server } from '../http/fastify.js';
import { IdParams, errorResponses } from '../http/schemas.js';
import type { Services } from '../services.js';
import type { Segments } from './segments-module.js';
import { Segment, SegmentCount, SegmentDefinition, SegmentInput, SegmentMember, SegmentOptions } from './schemas.js';

const DefinitionBody = Type.Object({ definition: SegmentDefinition }, { additionalProperties: false });
const SampleBody = Type.Object(
  { definition: SegmentDefinition, limit: Type.Integer({ minimum: 1, maximum: 50, default: 10 }) },
  { additionalProperties: false },
);

export function segmentRoutes(services: Services, deps: { segments: Segments }) {
  const { segments } = deps;
  const { db } = services;

  return async function (app: Server): Promise<void> {
    app.get(
      '/api/segments',
      { config: { access: 'session' }, schema: { response: { 200: Type.Object({ items: Type.Array(Segment) }), ...errorResponses } } },
      async () => ({ items: segments.repository.list() }),
    );

    app.get(
      '/api/segments/options',
      { config: { access: 'session' }, schema: { response: { 200: SegmentOptions, ...errorResponses } } },
      async () => segments.repository.options(),
    );

    app.post(
      '/api/segments/count',
      { config: { access: 'session' }, schema: { body: DefinitionBody, response: { 200: SegmentCount, ...errorResponses } } },
      async (request) => segments.count(request.body.definition),
    );

    app.post(
      '/api/segments/sample',
      {
        config: { access: 'session' },
        schema: { body: SampleBody, response: { 200: Type.Object({ items: Type.Array(SegmentMember) }), ...errorResponses } },
      },
      async (request) => ({ items: segments.sample(request.body.definition, request.body.limit) }),
    );

    app.post(
      '/api/segments',
      { config: { access: 'session' }, schema: { body: SegmentInput, response: { 201: Segment, ...errorResponses } } },
      async (request, reply) => reply.status(201).send(segments.repository.create(request.body.name, request.body.definition)),
    );

    app.get(
      '/api/segments/:id',
      { config: { access: 'session' }, schema: { params: IdParams, response: { 200: Segment, ...errorResponses } } },
      async (request) => segments.repository.require(request.params.id),
    );

    app.put(
      '/api/segments/:id',
      { config: { access: 'session' }, schema: { params: IdParams, body: SegmentInput, response: { 200: Segment, ...errorResponses } } },
      async (request) => segments.repository.update(request.params.id, request.body.name, request.body.definition),
    );

    app.delete(
      '/api/segments/:id',
      { config: { access: 'session' }, schema: { params: IdParams, response: { 204: Type.Null(), ...errorResponses } } },
      async (request, reply) => {
        db.transaction(() => segments.repository.delete(request.params.id))();
        return reply.status(204).send(null);
      },
    );
  };
}

export const tooManyConditions = (max: number): AppError =>
  new AppError('SEGMENT_TOO_LARGE', `A segment holds at most ${max} conditions.`, 400, { max });
