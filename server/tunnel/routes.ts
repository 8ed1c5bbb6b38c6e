import { Type } from 'typebox';
import { AppError } from '../errors.js';
import type { Server } from '../http/fastify.js';
import { publicUrlIssue } from '../http/public-url.js';
import { errorResponses } from '../http/schemas.js';
import type { Services } from '../services.js';
import type { NoncesRepository } from './nonces-repository.js';
import { PublicAddressUpdate, PublicAddressView, SelfTestReport } from './schemas.js';
import { SELF_TEST_PATH, runSelfTest } from './self-test.js';
import type { Tunnel } from './tunnel.js';

export interface PublicAddressDeps {
  tunnel: Tunnel;
  nonces: NoncesRepository;
  /** Extra CA the self-test trusts (tests' stand-in for a public authority). */
  selfTestCa?: string | undefined;
}

/** An absolute http(s) URL without query or fragment, without its trailing slash; '' clears it. */
function normalise(raw: string): string {
  const value = raw.trim();
  if (value === '') return '';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AppError('VALIDATION_ERROR', `“${value}” is not an address: write it whole, like https://cartes.example.fr`, 400);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new AppError('VALIDATION_ERROR', 'The address must start with https://', 400);
  if (url.search || url.hash || url.username || url.password) {
    throw new AppError('VALIDATION_ERROR', 'The address must not carry a query, a fragment or credentials', 400);
  }
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

/** Admin: the public address (own domain or ngrok tunnel), applied at once, and the self-test from outside. */
export function publicAddressRoutes(services: Services, deps: PublicAddressDeps) {
  const { tunnel, nonces } = deps;
  const view = (): PublicAddressView => {
    const url = services.urls.public();
    const issue = publicUrlIssue(url);
    return {
      url,
      source: services.urls.publicSource(),
      ...(issue ? { issue } : {}),
      provider: services.settings.get('tunnel.provider') as 'none' | 'ngrok',
      ngrok: {
        domain: services.settings.get('tunnel.ngrokDomain') as string,
        authtokenSet: services.settings.getSecret('tunnel.ngrokAuthtoken') !== undefined,
      },
      tunnel: tunnel.state(),
      listenerUrl: `http://127.0.0.1:${services.urls.boundPorts().public}`,
    };
  };

  return async function (app: Server): Promise<void> {
    app.get('/api/public-address', { config: { access: 'session' }, schema: { response: { 200: PublicAddressView, ...errorResponses } } }, async () => view());

    app.put(
      '/api/public-address',
      { config: { access: 'session' }, schema: { body: PublicAddressUpdate, response: { 200: PublicAddressView, ...errorResponses } } },
      async (request) => {
        if (services.urls.publicSource() === 'environment') {
          throw new AppError(
            'PUBLIC_URL_FROM_ENVIRONMENT',
            'PASSERELLE_PUBLIC_URL is set where Passerelle was started and decides the address: remove it to choose here.',
            409,
          );
        }
        const body = request.body;
        if (body.provider === 'none') {
          services.settings.setMany({ 'tunnel.provider': 'none', 'server.publicUrl': normalise(body.url) });
        } else {
          const domain = body.domain.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/\/.*$/, '');
          if (!body.authtoken && services.settings.getSecret('tunnel.ngrokAuthtoken') === undefined) {
            throw new AppError('VALIDATION_ERROR', 'Paste the ngrok authtoken (dashboard.ngrok.com → Your Authtoken).', 400);
          }
          // Validated first (the domain's shape), so that a refused domain leaves the token as it was.
          services.settings.setMany({ 'tunnel.provider': 'ngrok', 'tunnel.ngrokDomain': domain, 'server.publicUrl': `https://${domain}` });
          if (body.authtoken) services.settings.setSecret('tunnel.ngrokAuthtoken', body.authtoken);
        }
        await tunnel.apply();
        services.log.info({ provider: body.provider, url: services.urls.public() }, 'public address changed');
        return view();
      },
    );

    app.post(
      '/api/public-address/tunnel',
      { config: { access: 'session' }, schema: { body: Type.Object({}, { additionalProperties: false }), response: { 200: PublicAddressView, ...errorResponses } } },
      async () => {
        await tunnel.apply();
        return view();
      },
    );

    app.post(
      '/api/public-address/test',
      { config: { access: 'session' }, schema: { body: Type.Object({}, { additionalProperties: false }), response: { 200: SelfTestReport, ...errorResponses } } },
      async () => runSelfTest(services.urls.public(), { nonces, now: services.now, ca: deps.selfTestCa }),
    );
  };
}

/** Public: answers a self-test's one-time value, once; nothing else is learnt from it. */
export function selfTestPublicRoutes(deps: { nonces: NoncesRepository }) {
  return async function (app: Server): Promise<void> {
    app.get(
      `${SELF_TEST_PATH}/:nonce`,
      {
        config: { access: 'public', rateLimit: { max: 30, timeWindow: 60_000 } },
        schema: {
          params: Type.Object({ nonce: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }) }),
          response: { 200: Type.Object({ nonce: Type.String() }), ...errorResponses },
        },
      },
      async (request, reply) => {
        if (!deps.nonces.consume(request.params.nonce)) return reply.status(404).send({ code: 'NOT_FOUND', message: 'Unknown or used value.' });
        return reply.header('cache-control', 'no-store').send({ nonce: request.params.nonce });
      },
    );
  };
}
