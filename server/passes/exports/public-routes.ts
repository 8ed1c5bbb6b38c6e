import { Type } from 'typebox';
import type { Server } from '../../http/fastify.js';
import { RATE_LIMITS } from '../../http/rate-limits.js';
import { errorResponses } from '../../http/schemas.js';
import type { Services } from '../../services.js';
import type { CardFiles } from '../cards/card-files.js';
import { DOWNLOAD_ID } from '../cards/passes-repository.js';
import type { Locale } from '../design/schema.js';
import { cardPageHtml } from './card-page.js';
import { downloadUrlOf } from './export-passes.js';
import { attachment, fileName } from './filenames.js';
import { qrPng } from './qr.js';
import { walletFor } from './wallet-for.js';

/** What the Google Wallet module offers the card link (handed over by the composition root: exports does not know Google). */
export interface GoogleCardLinks {
  /** Issuer id and key present. */
  enabled(): boolean;
  /** The "Add to Google Wallet" URL of the customer's card of this design (inserting its object first). */
  saveUrl(customerId: number, designId: number): Promise<string>;
  /** Where the public listener serves the button artwork. */
  buttonUrl(locale: Locale): string;
}

const pageLocale = (acceptLanguage: string | undefined, fallback: Locale): Locale => {
  const first = /^\s*([a-z]{2})/i.exec(acceptLanguage ?? '')?.[1]?.toLowerCase();
  return first === 'fr' || first === 'en' ? first : fallback;
};


const Params = Type.Object({ downloadId: Type.String({ maxLength: 200 }) });
// Other parameters (a mail client's tracking tags) are ignored.
const Query = Type.Object({ wallet: Type.Optional(Type.Enum(['apple', 'google'])) });
const Html = Type.String({ description: 'text/html: the page with both wallets’ buttons' });
const Binary = (description: string) => Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description });

/**
 * Public listener: `/p/<downloadId>` is the link customers get (by QR code, e-mail, SMS); the id is 256 random bits,
 * so the link is the secret. A malformed id and an unknown one get the same 404, after the same kind of lookup.
 * An Android phone is sent on to Google Wallet, an iPhone gets the card file, a computer a page with both buttons
 * (`?wallet=apple|google` picks one).
 */
export function publicPassRoutes(services: Services, deps: { files: CardFiles; google?: GoogleCardLinks }) {
  const { files, google } = deps;
  const gone = { code: 'NOT_FOUND', message: 'There is no card at this address. Ask the shop for a new link.' };
  const find = (downloadId: string) => (DOWNLOAD_ID.test(downloadId) ? files.byDownloadId(downloadId) : undefined);

  return async function (app: Server): Promise<void> {
    app.get(
      '/p/:downloadId',
      {
        config: { access: 'public', rateLimit: RATE_LIMITS.download, failureBudget: 'downloads' },
        schema: { params: Params, querystring: Query, response: { 200: Type.Union([Binary(files.mime), Html]), 302: Type.Null(), ...errorResponses, 502: Html } },
      },
      async (request, reply) => {
        const pass = find(request.params.downloadId);
        if (!pass) return reply.status(404).send(gone);
        const choice = request.query.wallet ?? walletFor(request.headers['user-agent']);
        const page = (status: 200 | 502 = 200) => {
          const brand = services.settings.brand();
          const locale = pageLocale(request.headers['accept-language'], brand.defaultLocale);
          const html = cardPageHtml({ locale, brandName: brand.name, downloadId: pass.downloadId, googleButtonUrl: google?.enabled() ? google.buttonUrl(locale) : undefined });
          return reply
            .status(status)
            .header('content-type', 'text/html; charset=utf-8')
            .header('content-security-policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'")
            .header('cache-control', 'no-store')
            .header('x-robots-tag', 'noindex')
            .send(html);
        };
        if (choice === 'choose') return page();
        if (choice === 'google') {
          if (!google?.enabled()) return page();
          try {
            const url = await google.saveUrl(pass.customerId, pass.designId);
            return reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex').redirect(url, 302);
          } catch (err) {
            request.log.warn({ err }, 'no Google Wallet link for this card');
            return page(502);
          }
        }
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
