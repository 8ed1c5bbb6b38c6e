import { Type } from 'typebox';
import type { Server } from '../../http/fastify.js';
import { RATE_LIMITS } from '../../http/rate-limits.js';
import { errorResponses } from '../../http/schemas.js';
import type { Services } from '../../services.js';
import type { CardFiles } from '../cards/card-files.js';
import { DOWNLOAD_ID } from '../cards/passes-repository.js';
import { downloadUrlOf } from './export-passes.js';
import { attachment, fileName } from './filenames.js';
import { qrPng } from './qr.js';


const Params = Type.Object({ downloadId: Type.String({ maxLength: 200 }) });
const Binary = (description: string) => Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description });

/**
 * Public listener: `/p/<downloadId>` is the link customers get (by QR code, e-mail, SMS); the id is 256 random bits,
 * so the link is the secret. A malformed id and an unknown one get the same 404, after the same kind of lookup.
 */
export function publicPassRoutes(services: Services, deps: { files: CardFiles }) {
  const { files } = deps;
  const gone = { code: 'NOT_FOUND', message: 'There is no card at this address. Ask the shop for a new link.' };
  const find = (downloadId: string) => (DOWNLOAD_ID.test(downloadId) ? files.byDownloadId(downloadId) : undefined);

  return async function (app: Server): Promise<void> {
    app.get(
      '/p/:downloadId',
      {
        config: { access: 'public', rateLimit: RATE_LIMITS.download, failureBudget: 'downloads' },
        schema: { params: Params, response: { 200: Binary(files.mime), ...errorResponses } },
      },
      async (request, reply) => {
        const pass = find(request.params.downloadId);
        if (!pass) return reply.status(404).send(gone);
        const bytes = await files.build(pass);
        const brand = services.settings.brand().name;
        return reply
          .header('content-type', files.mime)
          .header('content-disposition', attachment(fileName([brand], files.extension)))
          .header('cache-control', 'no-store')
          .header('x-robots-tag', 'noindex')
          .send(bytes);
      },
    );

    app.get(
      '/p/:downloadId/qr.png',
      {
        config: { access: 'public', rateLimit: RATE_LIMITS.downloadQr, failureBudget: 'downloads' },
        schema: { params: Params, response: { 200: Binary('image/png'), ...errorResponses } },
      },
      async (request, reply) => {
        const pass = find(request.params.downloadId);
        if (!pass) return reply.status(404).send(gone);
        const png = await qrPng(downloadUrlOf(services.urls.public(), pass.downloadId));
        return reply.header('content-type', 'image/png').header('cache-control', 'private, max-age=3600').header('x-robots-tag', 'noindex').send(png);
      },
    );
  };
}
