import { createReadStream, existsSync } from 'node:fs';
import { Type } from 'typebox';
import { AppError, notFound } from '../../errors.js';
import type { Server } from '../../http/fastify.js';
import { IdParams, errorResponses } from '../../http/schemas.js';
import type { Services } from '../../services.js';
import type { CardFiles } from '../cards/card-files.js';
import { createCustomerFacts } from '../cards/customer-facts.js';
import { downloadUrlOf, qrUrlOf } from './export-passes.js';
import type { ExportJobs } from './export-jobs.js';
import { attachment, fileName } from './filenames.js';
import { posterPng } from './poster.js';
import { qrPng, qrSvg } from './qr.js';
import { CustomerPassInfo, PassExportStatus } from './schemas.js';

const Binary = <T = Buffer>(description: string) => Type.Unsafe<T>({ type: 'string', format: 'binary', description });

export interface ExportRoutesDeps {
  files: CardFiles;
  exports: ExportJobs;
}

/** Admin: a customer's pass as a file or a QR code, bulk exports, the in-store poster. */
export function passExportRoutes(services: Services, deps: ExportRoutesDeps) {
  const { files, exports: runner } = deps;
  const customers = createCustomerFacts(services.db);
  const customerPass = (id: number) => files.issue(id);

  return async function (app: Server): Promise<void> {
    app.get(
      '/api/customers/:id/pass',
      { config: { access: 'session' }, schema: { params: IdParams, response: { 200: CustomerPassInfo, ...errorResponses } } },
      async (request) => {
        const pass = customerPass(request.params.id);
        const publicUrl = services.urls.public();
        return {
          serial: pass.serial,
          designId: pass.designId,
          version: pass.version,
          passTypeIdentifier: files.walletIdentifier(),
          downloadUrl: downloadUrlOf(publicUrl, pass.downloadId),
          qrUrl: qrUrlOf(publicUrl, pass.downloadId),
        };
      },
    );

    app.get(
      '/api/customers/:id/pass.pkpass',
      { config: { access: 'session' }, schema: { params: IdParams, response: { 200: Binary(files.mime), ...errorResponses } } },
      async (request, reply) => {
        const pass = customerPass(request.params.id);
        const bytes = await files.build(pass);
        const customer = customers.get(pass.customerId)!;
        const name = fileName([services.settings.brand().name, customer.first_name, customer.last_name], files.extension);
        return reply
          .header('content-type', files.mime)
          .header('content-disposition', attachment(name))
          .header('cache-control', 'no-store')
          .send(bytes);
      },
    );

    for (const format of ['png', 'svg'] as const) {
      app.get(
        `/api/customers/:id/pass-qr.${format}`,
        { config: { access: 'session' }, schema: { params: IdParams, response: { 200: Binary<Buffer | string>(`image/${format}`), ...errorResponses } } },
        async (request, reply) => {
          const pass = customerPass(request.params.id);
          const url = downloadUrlOf(services.urls.public(), pass.downloadId);
          const customer = customers.get(pass.customerId)!;
          const name = fileName([services.settings.brand().name, customer.first_name, customer.last_name, 'qr'], format);
          // inline: the image shows in an <img> or a tab; the name is for saving it.
          reply.header('cache-control', 'no-store').header('content-disposition', `inline; filename="${name}"`);
          if (format === 'png') return reply.header('content-type', 'image/png').send(await qrPng(url));
          return reply.header('content-type', 'image/svg+xml; charset=utf-8').send(await qrSvg(url));
        },
      );
    }

    app.post(
      '/api/exports/passes',
      {
        config: { access: 'session' },
        schema: {
          body: Type.Union([
            Type.Object({ scope: Type.Literal('all') }, { additionalProperties: false }),
            Type.Object(
              { customerIds: Type.Array(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }), { minItems: 1, maxItems: 10_000 }) },
              { additionalProperties: false },
            ),
          ]),
          response: { 202: Type.Object({ id: Type.Integer() }), ...errorResponses },
        },
      },
      async (request, reply) => reply.status(202).send({ id: runner.start(request.body) }),
    );

    app.get('/api/exports/:id', { config: { access: 'session' }, schema: { params: IdParams, response: { 200: PassExportStatus, ...errorResponses } } }, async (request) => {
      const row = runner.get(request.params.id);
      if (!row) throw notFound('Export');
      return { id: row.id, status: row.status, done: row.done, total: row.total, ...(row.error ? { error: row.error } : {}) };
    });

    app.get(
      '/api/exports/:id/download',
      { config: { access: 'session' }, schema: { params: IdParams, response: { 200: Binary<NodeJS.ReadableStream>('application/zip'), ...errorResponses } } },
      async (request, reply) => {
        const row = runner.get(request.params.id);
        if (!row) throw notFound('Export');
        if (row.status !== 'done') throw new AppError('EXPORT_NOT_READY', `This export is ${row.status}, not ready to download.`, 409);
        const path = runner.pathOf(row);
        if (!path || !existsSync(path)) throw new AppError('EXPORT_GONE', 'This export’s file was deleted; start a new export.', 404);
        const day = new Date(row.createdAt).toISOString().slice(0, 10);
        return reply
          .header('content-type', 'application/zip')
          .header('content-disposition', attachment(fileName([services.settings.brand().name, 'passes', day], 'zip')))
          .header('cache-control', 'no-store')
          .send(createReadStream(path));
      },
    );

    app.get(
      '/api/poster.png',
      {
        config: { access: 'session' },
        schema: {
          querystring: Type.Object({ locale: Type.Optional(Type.Enum(['fr', 'en'])) }, { additionalProperties: false }),
          response: { 200: Binary('image/png, A4 at 150 dpi'), ...errorResponses },
        },
      },
      async (request, reply) => {
        const brand = services.settings.brand();
        const locale = request.query.locale ?? brand.defaultLocale;
        // Enrolment (the page behind /join) is served by the public listener from a later feature.
        const png = await posterPng({ brandName: brand.name, colour: brand.primaryColor, locale, joinUrl: `${services.urls.public()}/join` });
        return reply
          .header('content-type', 'image/png')
          .header('content-disposition', attachment(fileName([brand.name, 'poster', locale], 'png')))
          .header('cache-control', 'no-store')
          .send(png);
      },
    );
  };
}
