/**
 * Google's save/delete callbacks on the public listener (POST /google/callback). The `googleCallback` access verifies
 * the ECv2SigningOnly signature before anything is believed (root keys fetched from the keys URL, downloaded again
 * once when no cached key accepts the signature); the handler refuses a replayed nonce and records the card as
 * installed ('save') or uninstalled ('del') through the wallet-events writer, in one transaction.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AccessVerifier } from '../../../http/access.js';
import type { Server } from '../../../http/fastify.js';
import { RATE_LIMITS } from '../../../http/rate-limits.js';
import { ErrorSchema, errorResponses } from '../../../http/schemas.js';
import type { Services } from '../../../services.js';
import type { GoogleParts } from '../google-parts.js';
import { CALLBACK_PATH } from '../public-paths.js';
import { createCallbacksRepository } from './callbacks-repository.js';
import { verifyCallback, type CallbackMessage, type Refusal } from './ecv2.js';

const verified = new WeakMap<FastifyRequest, CallbackMessage>();

const REFUSALS: Record<Refusal, { status: number; code: string; message: string }> = {
  malformed: { status: 400, code: 'CALLBACK_MALFORMED', message: 'This is not an ECv2SigningOnly message.' },
  'bad-root-signature': { status: 401, code: 'CALLBACK_SIGNATURE', message: 'The intermediate key is not signed by Google.' },
  'bad-signature': { status: 401, code: 'CALLBACK_SIGNATURE', message: 'The message is not signed by its intermediate key.' },
  'expired-key': { status: 401, code: 'CALLBACK_EXPIRED', message: 'The intermediate signing key has expired.' },
  'expired-message': { status: 400, code: 'CALLBACK_EXPIRED', message: 'The message has expired.' },
  'no-root-keys': { status: 401, code: 'CALLBACK_SIGNATURE', message: 'Google publishes no usable root key.' },
};

/** The `googleCallback` access: a message signed by Google for our issuer id. */
export function googleCallbackAccess(services: Services, google: Pick<GoogleParts, 'settings' | 'rootKeys'>): AccessVerifier {
  return {
    stage: 'preHandler',
    async verify(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
      const { issuerId, senderId } = google.settings();
      if (!issuerId) {
        reply.status(404).send({ code: 'NOT_FOUND', message: 'Google Wallet is not set up here.' });
        return false;
      }
      const check = async () =>
        verifyCallback(request.body, { rootKeys: await google.rootKeys.get(), recipientId: issuerId, senderId, now: services.now() });
      try {
        let result = await check();
        // Google rotated its keys: one fresh download, at most once a minute (root-keys.ts).
        if (!result.ok && (result.reason === 'bad-root-signature' || result.reason === 'no-root-keys') && (await google.rootKeys.refresh())) {
          result = await check();
        }
        if (!result.ok) {
          const refusal = REFUSALS[result.reason];
          request.log.warn({ reason: result.reason }, 'Google callback refused');
          reply.status(refusal.status).send({ code: refusal.code, message: refusal.message });
          return false;
        }
        verified.set(request, result.message);
        return true;
      } catch (err) {
        request.log.warn({ err }, 'Google callback keys unavailable');
        // Not the sender's fault: Google retries a callback that was not acknowledged.
        reply.status(503).send({ code: 'GOOGLE_KEYS_UNAVAILABLE', message: 'The keys to check this message could not be fetched; try again.' });
        return false;
      }
    },
  };
}

const Envelope = Type.Object(
  {
    protocolVersion: Type.String({ maxLength: 40 }),
    signature: Type.String({ maxLength: 1_000 }),
    signedMessage: Type.String({ maxLength: 4_000 }),
    intermediateSigningKey: Type.Object(
      { signedKey: Type.String({ maxLength: 2_000 }), signatures: Type.Array(Type.String({ maxLength: 1_000 }), { maxItems: 8 }) },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export interface CallbackEvents {
  record(passId: number, kind: 'installed' | 'uninstalled', detail: Record<string, unknown>, at: number): void;
}

export function googleCallbackRoutes(services: Services, google: Pick<GoogleParts, 'settings' | 'sync'>, events: CallbackEvents) {
  const nonces = createCallbacksRepository(services.db);

  return async function (app: Server): Promise<void> {
    app.post(
      CALLBACK_PATH,
      {
        config: { access: 'googleCallback', rateLimit: RATE_LIMITS.googleCallback },
        bodyLimit: 16 * 1024,
        schema: {
          body: Envelope,
          response: { 200: Type.Object({ recorded: Type.Boolean() }), ...errorResponses, 503: ErrorSchema },
        },
      },
      async (request, reply) => {
        const message = verified.get(request)!;
        const { issuerId } = google.settings();
        const namespace = google.sync.account.namespace();
        const prefix = `${issuerId}.${namespace}_`;
        const at = services.now();
        const result = services.db.transaction((): 'replay' | boolean => {
          if (!nonces.claimNonce(message.nonce, at)) return 'replay';
          const card = message.objectId.startsWith(prefix) ? google.sync.cards.bySerial(message.objectId.slice(prefix.length)) : undefined;
          const kind = message.eventType === 'save' ? 'installed' : message.eventType === 'del' ? 'uninstalled' : undefined;
          if (!card || !kind) return false;
          events.record(card.passId, kind, { via: 'google-callback', objectId: message.objectId, classId: message.classId }, at);
          return true;
        })();
        if (result === 'replay') return reply.status(409).send({ code: 'CALLBACK_REPLAYED', message: 'This message was already received.' });
        return { recorded: result };
      },
    );
  };
}
