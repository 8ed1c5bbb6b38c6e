/**
 * Apple's Wallet Passes Web Service (reference/apple-wallet.md §1), on the public listener under the passes'
 * webServiceURL (`<public URL>/apple`, see issuing/issuer.ts): register, list updatable serials, get the latest pass,
 * unregister, log.
 *
 * 401 vs 404 for a pass we do not have: Apple's steps are "verify the token, 401 immediately if it does not match",
 * and a token can only match a pass that exists, so an unknown (passTypeIdentifier, serial) gets 401 like a wrong
 * token. Answering 404 would let anyone without a token probe which serial numbers exist. The list endpoint carries
 * no token ("the device identifier is sufficient"): a device or pass type we do not know has no matching passes, 204.
 */
import { Type } from 'typebox';
import type { Server } from '../../../http/fastify.js';
import { RATE_LIMITS } from '../../../http/rate-limits.js';
import { errorResponses } from '../../../http/schemas.js';
import type { Services } from '../../../services.js';
import { parseTag, tagString, TAG_PATTERN } from '../../cards/update-tags.js';
import type { Registrations } from '../registrations.js';
import type { DeviceLogs } from './device-logs.js';
import type { PassBytes } from './pass-bytes.js';
import { lastModified, notModifiedSince, parseIfModifiedSince } from './http-dates.js';
import { authorizedPass } from './pass-auth.js';

const PKPASS = 'application/vnd.apple.pkpass';
const TOO_MANY_DEVICES = { code: 'TOO_MANY_DEVICES', message: 'This pass is registered on as many devices as it may be.' };

/**
 * Phones' routine traffic is not logged request by request: a campaign sends every registered phone here within
 * seconds, and two info lines per request (tens of thousands) would bury the log and cost the fan-out CPU. Warnings
 * and errors are still logged; what phones report goes to the web-service log (Settings).
 */
export const PHONE_TRAFFIC_LOG_LEVEL = 'warn';

/** Per client address and route, instead of the listener's general limit (http/rate-limits.ts has the numbers). */
const LIMITS = RATE_LIMITS.webService;

// Apple documents no format for these; what phones send is 32 hex characters. Room is left for change, not for abuse.
const DeviceLibraryIdentifier = Type.String({ pattern: '^[A-Za-z0-9._-]{8,128}$' });
const PassTypeIdentifier = Type.String({ pattern: '^pass(\\.[A-Za-z0-9-]+)+$', maxLength: 255 });
const SerialNumber = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' });
/** APNs device tokens are hex; 32 bytes today, and Apple warns they may grow. */
const PushToken = Type.String({ pattern: '^([0-9A-Fa-f]{2}){32,100}$' });

const RegistrationParams = Type.Object({
  deviceLibraryIdentifier: DeviceLibraryIdentifier,
  passTypeIdentifier: PassTypeIdentifier,
  serialNumber: SerialNumber,
});
const ListParams = Type.Object({ deviceLibraryIdentifier: DeviceLibraryIdentifier, passTypeIdentifier: PassTypeIdentifier });
const PassParams = Type.Object({ passTypeIdentifier: PassTypeIdentifier, serialNumber: SerialNumber });
/** No body: Apple documents only the status of these answers. */
const Empty = (description: string) => Type.Unsafe<undefined>({ description });

const SerialNumbers = Type.Object({
  serialNumbers: Type.Array(Type.String()),
  lastUpdated: Type.String({ description: 'The latest update tag among them, always a string.' }),
});


export interface WebServiceDeps {
  registrations: Registrations;
  logs: DeviceLogs;
  bytes: PassBytes;
}

export function appleWebServiceRoutes(services: Services, wallet: WebServiceDeps) {

  return async function (app: Server): Promise<void> {

    app.post(
      '/apple/v1/devices/:deviceLibraryIdentifier/registrations/:passTypeIdentifier/:serialNumber',
      {
        bodyLimit: 1024,
        logLevel: PHONE_TRAFFIC_LOG_LEVEL,
        config: { access: 'applePass', rateLimit: LIMITS.register, failureBudget: 'webServiceAuth' },
        schema: {
          params: RegistrationParams,
          body: Type.Object({ pushToken: PushToken }),
          response: { 200: Empty('Already registered (push token updated).'), 201: Empty('Registered.'), ...errorResponses },
        },
      },
      async (request, reply) => {
        const pass = authorizedPass(request);
        const { deviceLibraryIdentifier } = request.params;
        const result = wallet.registrations.register(deviceLibraryIdentifier, request.body.pushToken, pass.id);
        // Apple's answers to a registration are 201, 200 and 401: a pass on as many devices as it may be is "not
        // authorized" on one more (registrations.ts says why nothing is evicted to make room).
        if (result === 'full') return reply.status(401).send(TOO_MANY_DEVICES);
        return reply.status(result === 'created' ? 201 : 200).send(undefined);
      },
    );

    app.delete(
      '/apple/v1/devices/:deviceLibraryIdentifier/registrations/:passTypeIdentifier/:serialNumber',
      {
        logLevel: PHONE_TRAFFIC_LOG_LEVEL,
        config: { access: 'applePass', rateLimit: LIMITS.register, failureBudget: 'webServiceAuth' },
        schema: { params: RegistrationParams, response: { 200: Empty('Unregistered.'), ...errorResponses } },
      },
      async (request, reply) => {
        const pass = authorizedPass(request);
        const { deviceLibraryIdentifier } = request.params;
        wallet.registrations.unregister(deviceLibraryIdentifier, pass.id);
        return reply.status(200).send(undefined);
      },
    );

    app.get(
      '/apple/v1/devices/:deviceLibraryIdentifier/registrations/:passTypeIdentifier',
      {
        logLevel: PHONE_TRAFFIC_LOG_LEVEL,
        config: { access: 'public', rateLimit: LIMITS.list },
        schema: {
          params: ListParams,
          querystring: Type.Object({ passesUpdatedSince: Type.Optional(Type.Union([Type.Literal(''), Type.String({ pattern: TAG_PATTERN })])) }),
          response: { 200: SerialNumbers, 204: Empty('No pass of this type on this device changed since that tag.'), ...errorResponses },
        },
      },
      async (request, reply) => {
        const { deviceLibraryIdentifier, passTypeIdentifier } = request.params;
        const since = parseTag(request.query.passesUpdatedSince);
        const found = wallet.registrations.updatedSince(deviceLibraryIdentifier, passTypeIdentifier, since);
        if (found.serials.length === 0) return reply.status(204).send(undefined);
        return { serialNumbers: found.serials, lastUpdated: tagString(found.lastTag) };
      },
    );

    app.get(
      '/apple/v1/passes/:passTypeIdentifier/:serialNumber',
      {
        logLevel: PHONE_TRAFFIC_LOG_LEVEL,
        config: { access: 'applePass', rateLimit: LIMITS.pass, failureBudget: 'webServiceAuth' },
        schema: {
          params: PassParams,
          response: {
            200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: PKPASS }),
            304: Empty('Not modified since If-Modified-Since.'),
            ...errorResponses,
          },
        },
      },
      async (request, reply) => {
        const pass = authorizedPass(request);
        reply.header('last-modified', lastModified(pass.updatedAt, services.now())).header('cache-control', 'private, no-cache');
        if (notModifiedSince(pass.updatedAt, parseIfModifiedSince(request.headers['if-modified-since']))) {
          return reply.status(304).send(undefined);
        }
        // Wallet sometimes asks with HEAD (Fastify's automatic HEAD route runs this handler and drops the body), so
        // HEAD gets the same headers as GET, Content-Length included.
        return reply.header('content-type', PKPASS).send(await wallet.bytes.get(pass));
      },
    );

    app.post(
      '/apple/v1/log',
      {
        bodyLimit: 64 * 1024,
        logLevel: PHONE_TRAFFIC_LOG_LEVEL,
        config: { access: 'public', rateLimit: LIMITS.log },
        schema: {
          body: Type.Object({ logs: Type.Array(Type.String(), { maxItems: 100 }) }),
          response: { 200: Empty('Kept.'), ...errorResponses },
        },
      },
      async (request, reply) => {
        wallet.logs.add(request.body.logs);
        return reply.status(200).send(undefined);
      },
    );
  };
}
