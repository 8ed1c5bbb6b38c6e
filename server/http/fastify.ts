import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Logger } from 'pino';
import { installErrorHandling } from './error-handler.js';

export type Server = FastifyInstance<HttpServer, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;

export interface RouteInfo {
  method: string;
  url: string;
}
const routeTables = new WeakMap<object, RouteInfo[]>();

/** Every route registered on a listener (tests walk it to prove what each listener exposes). */
export function listRoutes(app: Server): RouteInfo[] {
  return [...(routeTables.get(app) ?? [])];
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
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
    // A tunnel makes every request come from 127.0.0.1: the peer address is never used to trust anyone.
    trustProxy: false,
  }).withTypeProvider<TypeBoxTypeProvider>();
  const routes: RouteInfo[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
  });
  routeTables.set(app, routes);
  installErrorHandling(app);
  return app;
}
