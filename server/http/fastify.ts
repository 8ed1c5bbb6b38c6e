import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RouteOptions } from 'fastify';
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Logger } from 'pino';
import { installErrorHandling } from './error-handler.js';
import { strictBodyValidatorFactory } from './validation.js';

export type Server = FastifyInstance<HttpServer, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;

export interface RouteInfo {
  method: string;
  url: string;
  /** What the route declared in `config.access` (http/access.ts). */
  access: string | undefined;
}
// The route objects themselves: a plugin's own onRoute hook may still set their access after ours ran.
const routeTables = new WeakMap<object, RouteOptions[]>();

/** Every route registered on a listener, with its access (tests walk it to prove what each listener exposes). */
export function listRoutes(app: Server): RouteInfo[] {
  return (routeTables.get(app) ?? []).flatMap((r) =>
    [r.method].flat().map((method) => ({ method, url: r.url, access: r.config?.access as string | undefined })),
  );
}

export interface ServerOptions {
  logger: Logger;
  name: 'admin' | 'public';
  bodyLimit?: number;
}

/** Both listeners are built here so that they share limits, logging and the error model. */
export function createServer(opts: ServerOptions): Server {
  const app = Fastify({
    loggerInstance: opts.logger.child({ listener: opts.name }) as FastifyBaseLogger,
    bodyLimit: opts.bodyLimit ?? 1024 * 1024,
    connectionTimeout: 30_000,
    requestTimeout: 60_000,
    keepAliveTimeout: 5_000,
    routerOptions: { maxParamLength: 200 },
    return503OnClosing: true,
    // Coercion for querystrings and params only: http/validation.ts.
    ajv: { customOptions: { removeAdditional: false, allErrors: false } },
    schemaController: { compilersFactory: { buildValidator: strictBodyValidatorFactory() as never } },
    // A tunnel makes every request come from 127.0.0.1: the peer address is never used to trust anyone.
    trustProxy: false,
  }).withTypeProvider<TypeBoxTypeProvider>();
  const routes: RouteOptions[] = [];
  app.addHook('onRoute', (route) => {
    routes.push(route);
  });
  routeTables.set(app, routes);
  installErrorHandling(app);
  return app;
}
