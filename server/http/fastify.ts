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

/**
 * How long a connection may take and how many may be open, so that slow or idle connections (thousands of them,
 * through the tunnel) cannot hold every file descriptor. Numbers in the README.
 */
export interface ConnectionLimits {
  /** Open connections at once; past it Node closes a new connection as soon as it is accepted. */
  maxConnections: number;
  /** Until the request's headers are complete (a "slowloris" sends them a byte at a time). */
  headersTimeoutMs: number;
  /** Until the whole request, body included, has arrived. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection between two requests. */
  keepAliveTimeoutMs: number;
  /** A connection on which nothing moves in either direction (a client that stops reading the answer). */
  idleTimeoutMs: number;
  /** How often Node checks the headers and request timeouts (its default, 30 s, would stretch them by as much). */
  checkIntervalMs: number;
}

/** The public listener, what the tunnel exposes. */
export const PUBLIC_CONNECTION_LIMITS: ConnectionLimits = {
  maxConnections: 512,
  headersTimeoutMs: 10_000,
  // Shorter than idleTimeoutMs, so that a body that stops coming gets a 408 rather than a silent close.
  requestTimeoutMs: 20_000,
  keepAliveTimeoutMs: 5_000,
  idleTimeoutMs: 30_000,
  checkIntervalMs: 1_000,
};

/** The admin listener, on this computer only: a large upload (a backup to restore) may take its time. */
export const ADMIN_CONNECTION_LIMITS: ConnectionLimits = {
  maxConnections: 256,
  headersTimeoutMs: 30_000,
  requestTimeoutMs: 600_000,
  keepAliveTimeoutMs: 5_000,
  idleTimeoutMs: 120_000,
  checkIntervalMs: 5_000,
};

export interface ServerOptions {
  logger: Logger;
  name: 'admin' | 'public';
  bodyLimit?: number;
  connections?: ConnectionLimits;
}

/** Both listeners are built here so that they share limits, logging and the error model. */
export function createServer(opts: ServerOptions): Server {
  const limits = opts.connections ?? (opts.name === 'public' ? PUBLIC_CONNECTION_LIMITS : ADMIN_CONNECTION_LIMITS);
  const app = Fastify({
    loggerInstance: opts.logger.child({ listener: opts.name }) as FastifyBaseLogger,
    bodyLimit: opts.bodyLimit ?? 1024 * 1024,
    connectionTimeout: limits.idleTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    http: { headersTimeout: limits.headersTimeoutMs, connectionsCheckingInterval: limits.checkIntervalMs },
    routerOptions: { maxParamLength: 200 },
    return503OnClosing: true,
    // Coercion for querystrings and params only: http/validation.ts.
    ajv: { customOptions: { removeAdditional: false, allErrors: false } },
    schemaController: { compilersFactory: { buildValidator: strictBodyValidatorFactory() as never } },
    // A tunnel makes every request come from 127.0.0.1: the peer address is never used to trust anyone.
    trustProxy: false,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.server.maxConnections = limits.maxConnections;
  const routes: RouteOptions[] = [];
  app.addHook('onRoute', (route) => {
    routes.push(route);
  });
  routeTables.set(app, routes);
  installErrorHandling(app);
  return app;
}
