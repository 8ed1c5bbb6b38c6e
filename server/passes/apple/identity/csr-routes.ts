/**
 * Apple certificate without OpenSSL: Passerelle makes the key and the request (POST …/csr), the owner uploads the
 * request in Apple's developer portal and brings back the `.cer` (POST …/cer), which is paired with its key.
 */
import type { Server } from '../../../http/fastify.js';
import { errorResponses } from '../../../http/schemas.js';
import type { Services } from '../../../services.js';
import type { PassIssuer } from '../issuer.js';
import { ImportError } from './certificates.js';
import { createKeyAndRequest } from './csr.js';
import type { IdentityStore } from './identity-store.js';
import { pairCertificate } from './pairing.js';
import type { PendingKey, PendingKeysRepository } from './pending-keys-repository.js';
import { AppleIdentityView, CerImport, CsrRequest, CsrView, ImportRefused, PendingCsr } from './schemas.js';
import type { WwdrBundle } from './wwdr-bundle.js';

export interface CsrRoutesDeps {
  identity: IdentityStore;
  issuer: PassIssuer;
  pendingKeys: PendingKeysRepository;
  wwdrBundle: () => WwdrBundle;
}

const view = (key: PendingKey): CsrView => ({
  csrPem: key.csrPem,
  commonName: key.commonName,
  createdAt: key.createdAt,
  fileName: `${key.commonName.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'Passerelle'}.certSigningRequest`,
});

export function appleCsrRoutes(services: Services, deps: CsrRoutesDeps) {
  const { identity, issuer, pendingKeys } = deps;
  return async function (app: Server): Promise<void> {
    app.get('/api/settings/apple/csr', { config: { access: 'session' }, schema: { response: { 200: PendingCsr, ...errorResponses } } }, async () => {
      const latest = pendingKeys.latest();
      return { pending: latest ? view(latest) : null };
    });

    app.post(
      '/api/settings/apple/csr',
      { config: { access: 'session' }, schema: { body: CsrRequest, response: { 200: CsrView, ...errorResponses } } },
      async (request) => {
        const commonName = request.body.commonName?.trim() || services.settings.brand().name;
        const made = createKeyAndRequest({ commonName, email: request.body.email?.trim() || undefined });
        const saved = pendingKeys.save({ ...made, commonName, createdAt: services.now() });
        services.log.info({ commonName }, 'certificate signing request made for Apple');
        return view(saved);
      },
    );

    app.post(
      '/api/settings/apple/cer',
      {
        config: { access: 'session' },
        bodyLimit: 256 * 1024,
        schema: { body: CerImport, response: { 200: AppleIdentityView, ...errorResponses, 400: ImportRefused } },
      },
      async (request, reply) => {
        const { cerBase64, wwdrBase64, wwdrPem } = request.body;
        const wwdr = wwdrPem ?? (wwdrBase64 === undefined ? undefined : Buffer.from(wwdrBase64, 'base64'));
        try {
          const { checked, pending } = pairCertificate(Buffer.from(cerBase64, 'base64'), pendingKeys, {
            now: new Date(services.now()),
            bundle: deps.wwdrBundle(),
            wwdr,
          });
          const saved = identity.saveImported(checked);
          pendingKeys.remove(pending.id);
          issuer.cache.clear();
          services.log.info({ passTypeIdentifier: saved.passTypeIdentifier, teamIdentifier: saved.teamIdentifier }, 'Apple certificate paired with its request');
          return saved;
        } catch (err) {
          if (err instanceof ImportError) return reply.status(400).send({ code: err.code, message: err.message, field: err.field });
          throw err;
        }
      },
    );
  };
}
