/**
 * The OpenAPI document of the REST API: @fastify/swagger reads the routes' TypeBox schemas; every schema with an
 * `$id` becomes a named component (`#/components/schemas/Customer`, never `def-0`). The admin listener serves the
 * same document (and Swagger UI) by building the API's routes once in a listener that never listens.
 */
import type { SwaggerOptions } from '@fastify/swagger';
import { createLogger } from '../../http/logger.js';
import { createServer } from '../../http/fastify.js';
import type { RoutePlugin } from '../../module.js';

export interface OpenApiInfo {
  version: string;
  /** The public URL the API is reached at (the tunnel's), read when the document is served. */
  serverUrl(): string;
}

export function openApiOptions(info: OpenApiInfo): SwaggerOptions {
  return {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Passerelle API',
        version: info.version,
        description:
          'Customers, purchases and events of this shop’s loyalty programme. Every request carries an API key from ' +
          'Settings → API keys as `Authorization: Bearer pk_…`; each key has scopes and a budget of requests per minute.',
      },
      components: {
        securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An API key: pk_<id>_<secret>.' } },
      },
      security: [{ apiKey: [] }],
      tags: [
        { name: 'customers', description: 'Profiles with consents, preferences, points, tier and wallet status' },
        { name: 'purchases', description: 'Purchases from the website or the till software, credited once' },
        { name: 'events', description: 'What the website knows: abandoned carts, back-in-stock interest, custom events' },
      ],
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`),
    },
  };
}

/** The document of routes built by `plugin`, from a listener that is made, read and closed (never bound). */
export async function buildOpenApiDocument(plugin: (sink: (doc: () => Record<string, unknown>) => void) => RoutePlugin): Promise<Record<string, unknown>> {
  const app = createServer({ logger: createLogger({ logLevel: 'silent' }), name: 'public' });
  let read: (() => Record<string, unknown>) | undefined;
  try {
    await app.register(plugin((doc) => (read = doc)));
    await app.ready();
    if (!read) throw new Error('the API routes did not hand over their document');
    return read();
  } finally {
    await app.close();
  }
}
