/**
 * Admin side of Google Wallet: Settings (issuer id, service-account key, merchant locations, stand-in URLs, the
 * connection test, the sync's state), a customer's "Add to Google Wallet" link, and the designer's Google preview.
 */
import { Type } from 'typebox';
import type { Server } from '../../http/fastify.js';
import { IdParams, errorResponses } from '../../http/schemas.js';
import type { Services } from '../../services.js';
import { sampleCustomer } from '../design/placeholders.js';
import { DesignContent } from '../design/schema.js';
import { createJobsRepository } from '../../jobs/jobs-repository.js';
import { testConnection } from './connection-test.js';
import type { GoogleParts } from './google-parts.js';
import { googleButtonRoute, googleImagePng } from './public-routes.js';
import { GOOGLE_OBJECT_KIND } from './object-job.js';
import { parseServiceAccount, ServiceAccountError } from './service-account.js';
import { GoogleKeyRefused, GooglePreview, GoogleSaveLink, GoogleSettingsPatch, GoogleSettingsView, GoogleTestResult } from './schemas.js';
import { VERTICAL, classTierFor, toGoogleClass, toGoogleObject } from './to-google.js';

const SETTING_KEYS = {
  issuerId: 'google.issuerId',
  merchantLocations: 'google.merchantLocations',
  apiUrl: 'google.apiUrl',
  tokenUrl: 'google.tokenUrl',
  keysUrl: 'google.keysUrl',
  senderId: 'google.callbackSenderId',
} as const;

export function googleAdminRoutes(services: Services, google: GoogleParts) {
  const { sync } = google;
  const jobs = createJobsRepository(services.db);

  function view() {
    const s = google.settings();
    const key = sync.account.key();
    const publicUrl = services.urls.public().replace(/\/+$/, '');
    return {
      issuerId: s.issuerId,
      merchantLocations: s.merchantLocations,
      apiUrl: s.apiUrl,
      tokenUrl: s.tokenUrl,
      keysUrl: s.keysUrl,
      senderId: s.senderId,
      serviceAccount: key ? { clientEmail: key.clientEmail, projectId: key.projectId, keyId: key.privateKeyId, fingerprint: key.fingerprint.slice(0, 16), savedAt: key.savedAt } : null,
      configured: google.links.enabled(),
      callbackUrl: `${publicUrl}/google/callback`,
      publicUrlIsHttps: publicUrl.startsWith('https://'),
      status: sync.account.status(),
      cards: { ...sync.cards.counts(), pending: jobs.pendingCount(GOOGLE_OBJECT_KIND) },
    };
  }

  return async function (app: Server): Promise<void> {
    app.get('/api/settings/google', { config: { access: 'session' }, schema: { response: { 200: GoogleSettingsView, ...errorResponses } } }, async () => view());

    app.put(
      '/api/settings/google',
      { config: { access: 'session' }, schema: { body: GoogleSettingsPatch, response: { 200: GoogleSettingsView, ...errorResponses } } },
      async (request) => {
        const values: Record<string, unknown> = {};
        for (const [field, key] of Object.entries(SETTING_KEYS)) {
          const v = request.body[field as keyof typeof SETTING_KEYS];
          if (v !== undefined) values[key] = v;
        }
        services.settings.setMany(values);
        return view();
      },
    );

    app.post(
      '/api/settings/google/service-account',
      {
        config: { access: 'session' },
        bodyLimit: 64 * 1024,
        schema: {
          body: Type.Object({ json: Type.String({ minLength: 1, maxLength: 20_000 }) }, { additionalProperties: false }),
          response: { 200: GoogleSettingsView, ...errorResponses, 400: GoogleKeyRefused },
        },
      },
      async (request, reply) => {
        try {
          const key = parseServiceAccount(request.body.json);
          sync.account.saveKey(key, services.now());
          services.log.info({ clientEmail: key.clientEmail, projectId: key.projectId }, 'Google service-account key imported');
          return view();
        } catch (err) {
          if (err instanceof ServiceAccountError) return reply.status(400).send({ code: err.code, message: err.message, field: err.field });
          throw err;
        }
      },
    );

    app.delete('/api/settings/google/service-account', { config: { access: 'session' }, schema: { response: { 200: GoogleSettingsView, ...errorResponses } } }, async () => {
      sync.account.removeKey();
      return view();
    });

    app.post(
      '/api/settings/google/test',
      { config: { access: 'session' }, schema: { body: Type.Optional(Type.Object({}, { additionalProperties: false })), response: { 200: GoogleTestResult, ...errorResponses } } },
      async () => testConnection(sync),
    );

    app.get(
      '/api/customers/:id/google',
      { config: { access: 'session' }, schema: { params: IdParams, response: { 200: GoogleSaveLink, ...errorResponses, 502: errorResponses[500] } } },
      async (request) => {
        const link = await google.links.forCustomer(request.params.id);
        return { url: link.url, objectId: link.objectId, classId: link.classId, vertical: link.vertical };
      },
    );

    app.post(
      '/api/google/preview',
      {
        config: { access: 'session' },
        bodyLimit: 256 * 1024,
        schema: {
          body: Type.Object({ content: DesignContent, tier: Type.Optional(Type.String({ maxLength: 30 })) }, { additionalProperties: false }),
          response: { 200: GooglePreview, ...errorResponses },
        },
      },
      async (request) => {
        const { content, tier } = request.body;
        const brand = services.settings.brand();
        const variant = content.tiers.find((t) => t.id === tier);
        // The same sample as the designer's Apple preview (renderer/src/lib/placeholders.ts): the tier's points + 240.
        // The tier's name is the programme's (loyalty owns it); the design only holds each tier's look.
        const tierName = tier ? sync.cards.tierName(tier) : undefined;
        const customer = {
          ...sampleCustomer({ name: brand.name, website: brand.website }),
          ...(tier ? { tier, tierLabel: tierName } : {}),
          ...(variant ? { points: 240 } : {}),
        };
        const input = {
          issuerId: google.settings().issuerId || '3388000000000000000',
          namespace: sync.account.namespace(),
          designId: 0,
          tier: tier ?? customer.tier,
          defaultLocale: brand.defaultLocale,
          imageUrl: (id: string, slot: string) => `/api/google/images/${id}/${slot}.png`,
        };
        return {
          vertical: VERTICAL[content.kind],
          class: toGoogleClass(content, { ...input, tier: classTierFor(content, input.tier), tierName }),
          object: toGoogleObject(content, { ...input, customer, serial: 'preview', issuedAt: services.now() }),
        };
      },
    );

    googleButtonRoute(app, '/api/google/button/:file', 'session');

    app.get(
      '/api/google/images/:id/:file',
      {
        config: { access: 'session' },
        schema: {
          params: Type.Object({ id: Type.String({ pattern: '^[0-9a-f]{64}$' }), file: Type.Enum(['google-logo.png', 'google-hero.png']) }),
          response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...errorResponses },
        },
      },
      async (request, reply) => {
        const png = await googleImagePng(google.images, request.params.id, request.params.file);
        return reply.header('content-type', 'image/png').header('cache-control', 'private, max-age=31536000, immutable').send(png);
      },
    );
  };
}
