/** Customers → Import and Export on the admin listener: upload, mapping check, run with progress, CSV downloads. */
import type { Readable } from 'node:stream';
import { Type } from 'typebox';
import type { Server } from '../../http/fastify.js';
import { errorResponses, IdParams } from '../../http/schemas.js';
import type { RoutePlugin } from '../../module.js';
import { IMPORT_KINDS, ImportMapping, ImportUpload, ImportView } from '../schemas.js';
import { exportCustomers, exportPurchases, type ExportDeps } from './csv-export.js';
import type { Imports } from './imports.js';

const CSV_TYPES = ['text/csv', 'application/csv', 'text/plain', 'application/octet-stream', 'application/vnd.ms-excel'];

export function csvRoutes(imports: Imports, exportDeps: ExportDeps, now: () => number): RoutePlugin {
  return async function (app: Server): Promise<void> {
    await app.register(async (scope: Server) => {
      // The file is streamed to disk as it arrives (imports.ts caps its size), never parsed in memory.
      scope.addContentTypeParser(CSV_TYPES, (_request, payload, done) => done(null, payload));
      scope.post(
        '/api/csv/imports',
        {
          config: { access: 'session' },
          schema: {
            querystring: Type.Object({ kind: Type.Enum(IMPORT_KINDS), name: Type.String({ minLength: 1, maxLength: 255 }) }, { additionalProperties: false }),
            response: { 201: ImportUpload, ...errorResponses },
          },
        },
        async (request, reply) => reply.status(201).send(await imports.upload(request.query.kind, request.query.name, request.body as Readable)),
      );
    });

    app.get('/api/csv/imports/:id', { config: { access: 'session' }, schema: { params: IdParams, response: { 200: ImportView, ...errorResponses } } }, async (request) =>
      imports.get(request.params.id),
    );
    app.post(
      '/api/csv/imports/:id/check',
      {
        config: { access: 'session' },
        schema: { params: IdParams, body: Type.Object({ mapping: ImportMapping }, { additionalProperties: false }), response: { 200: ImportView, ...errorResponses } },
      },
      async (request) => imports.check(request.params.id, request.body.mapping),
    );
    app.post('/api/csv/imports/:id/run', { config: { access: 'session' }, schema: { params: IdParams, response: { 202: ImportView, ...errorResponses } } }, async (request, reply) =>
      reply.status(202).send(imports.start(request.params.id)),
    );

    const day = () => new Date(now()).toISOString().slice(0, 10);
    for (const [what, make, name] of [
      ['customers', exportCustomers, 'clients'],
      ['purchases', exportPurchases, 'achats'],
    ] as const) {
      app.get(`/api/csv/${what}.csv`, { config: { access: 'session' } }, async (_request, reply) =>
        reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${name}-${day()}.csv"`)
          .header('cache-control', 'no-store')
          .send(make(exportDeps)),
      );
    }
  };
}
