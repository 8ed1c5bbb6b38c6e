import { Type } from 'typebox';
import type { Server } from '../../../http/fastify.js';
import { ErrorSchema, errorResponses } from '../../../http/schemas.js';
import type { Services } from '../../../services.js';
import type { PassIssuer } from '../issuer.js';
import type { IdentityStore } from './identity-store.js';
import { ImportError } from './certificates.js';
import { checkAppleImport, type AppleImport } from './import.js';
import { APPLE_WWDR_G4_URL, downloadWwdr } from './wwdr-download.js';
import type { WwdrBundle } from './wwdr-bundle.js';
import { AppleIdentityView, P12Import, PemImport, ImportRefused } from './schemas.js';

// Uploads travel as base64 inside JSON: a .p12 is a few KB, a WWDR .cer about 1 KB.
export interface AppleRoutesOptions {
  /** Tests point this at a local server; production always asks Apple. */
  wwdrUrl?: string;
  wwdrTimeoutMs?: number;
}

export function appleSettingsRoutes(
  services: Services,
  deps: { identity: IdentityStore; issuer: PassIssuer; wwdrBundle?: () => WwdrBundle },
  options: AppleRoutesOptions = {},
) {
  const { identity, issuer } = deps;
  const wwdrUrl = options.wwdrUrl ?? APPLE_WWDR_G4_URL;

  return async function (app: Server): Promise<void> {
    app.get('/api/settings/apple', { config: { access: 'session' }, schema: { response: { 200: AppleIdentityView, ...errorResponses } } }, async () => identity.view());

    app.post(
      '/api/settings/apple',
      {
        config: { access: 'session' },
        bodyLimit: 2 * 1024 * 1024,
        schema: {
          body: Type.Union([P12Import, PemImport]),
          response: { 200: AppleIdentityView, ...errorResponses, 400: ImportRefused },
        },
      },
      async (request, reply) => {
        const body = request.body;
        const wwdr = body.wwdrPem ?? (body.wwdrBase64 === undefined ? undefined : Buffer.from(body.wwdrBase64, 'base64'));
        const input: AppleImport =
          'p12Base64' in body
            ? { kind: 'p12', p12: Buffer.from(body.p12Base64, 'base64'), password: body.password, wwdr }
            : { kind: 'pem', certPem: body.certPem, keyPem: body.keyPem, keyPassphrase: body.keyPassphrase, wwdr };
        try {
          const view = identity.saveImported(checkAppleImport(input, new Date(services.now()), deps.wwdrBundle?.()));
          issuer.cache.clear();
          services.log.info({ passTypeIdentifier: view.passTypeIdentifier, teamIdentifier: view.teamIdentifier }, 'Apple signing identity imported');
          return view;
        } catch (err) {
          if (err instanceof ImportError) return reply.status(400).send({ code: err.code, message: err.message, field: err.field });
          throw err;
        }
      },
    );

    app.delete('/api/settings/apple', { config: { access: 'session' }, schema: { response: { 200: AppleIdentityView, ...errorResponses } } }, async () => {
      const view = identity.removeImported();
      issuer.cache.clear();
      return view;
    });

    app.post(
      '/api/settings/apple/wwdr/download',
      {
        config: { access: 'session' },
        schema: {
          body: Type.Object({}, { additionalProperties: false }),
          response: {
            200: Type.Object({ wwdrPem: Type.String(), subject: Type.String(), expiresAt: Type.Integer() }),
            ...errorResponses,
            502: ErrorSchema,
          },
        },
      },
      async () => downloadWwdr(wwdrUrl, options.wwdrTimeoutMs),
    );
  };
}
