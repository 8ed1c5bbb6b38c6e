/**
 * Rate limits of the public listener, all counted per client address (http/client-address.ts), with the numbers in
 * one place (the README's table repeats them).
 *
 * Two kinds: request budgets (@fastify/rate-limit: every request of a route counts) and failure budgets (only the
 * answers that mean "wrong guess" count: a 401 on the Apple web service, a 404 for a download id). A guesser
 * exhausts a failure budget long before a request budget, while phones, which do not guess, never meet it. Once a
 * failure budget is spent, every route that shares it answers that address 429 until its window ends, the right
 * token included: otherwise guessing would simply continue through the successes.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { clientAddress } from './client-address.js';
import type { Server } from './fastify.js';

const MINUTE = 60_000;

export const RATE_LIMITS = {
  /** Any request to the public listener, unknown paths (404) included, unless its route has its own budget. */
  general: { max: 300, timeWindow: MINUTE },
  /** Apple web service, per route: phones call each a few times per update. */
  webService: {
    register: { max: 120, timeWindow: MINUTE },
    list: { max: 120, timeWindow: MINUTE },
    pass: { max: 120, timeWindow: MINUTE },
    log: { max: 60, timeWindow: MINUTE },
  },
  /** /p/<downloadId>: a customer opens their card link a few times. */
  download: { max: 30, timeWindow: MINUTE },
  /** /p/<downloadId>/qr.png: fetched by mail clients and image proxies, many people behind one address. */
  downloadQr: { max: 120, timeWindow: MINUTE },
  /** The enrolment form (coming): a family signing up on one phone fits; a script filling the table does not. */
  enrolment: { max: 20, timeWindow: 10 * MINUTE },
  /** Google's save/delete callbacks: few sending addresses (Google's), every customer's saves behind them. */
  googleCallback: { max: 600, timeWindow: MINUTE },
  /** Card images Google fetches (and caches): a design's logo and hero, again after each class update. */
  googleImages: { max: 240, timeWindow: MINUTE },
  /** The REST API (coming), per API key: a shop's e-commerce sync in bulk. */
  api: { max: 600, timeWindow: MINUTE },
} as const;

export const FAILURE_BUDGETS = {
  /** Wrong or missing `ApplePass` tokens (401) on the web service. */
  webServiceAuth: { max: 20, windowMs: 10 * MINUTE, status: 401 },
  /** Download ids that open nothing (404). */
  downloads: { max: 20, windowMs: 10 * MINUTE, status: 404 },
  /** Wrong API keys (401), for the REST API to come. */
  apiAuth: { max: 20, windowMs: 10 * MINUTE, status: 401 },
} as const;

export type FailureBudgetName = keyof typeof FAILURE_BUDGETS;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The failure budget this route's wrong guesses count against (and that, once spent, closes it). */
    failureBudget?: FailureBudgetName;
  }
}

/** Addresses remembered per budget: past this, the oldest window is forgotten (memory stays bounded). */
const MAX_TRACKED = 10_000;

/** A fixed window per address. */
export function createFailureCounter(opts: { max: number; windowMs: number; now: () => number; maxTracked?: number }) {
  const windows = new Map<string, { start: number; count: number }>();
  const cap = opts.maxTracked ?? MAX_TRACKED;
  const current = (key: string) => {
    const w = windows.get(key);
    if (w && opts.now() - w.start >= opts.windowMs) {
      windows.delete(key);
      return undefined;
    }
    return w;
  };
  return {
    /** Milliseconds until the address may try again, or 0 while it still has budget. */
    blockedFor(key: string): number {
      const w = current(key);
      return w && w.count >= opts.max ? w.start + opts.windowMs - opts.now() : 0;
    },
    record(key: string): void {
      const w = current(key);
      if (w) {
        w.count += 1;
        return;
      }
      if (windows.size >= cap) windows.delete(windows.keys().next().value!);
      windows.set(key, { start: opts.now(), count: 1 });
    },
  };
}

const tooMany = (ms: number) => ({
  statusCode: 429,
  code: 'RATE_LIMITED',
  message: `Too many requests. Try again in ${Math.max(1, Math.ceil(ms / 1000))} s.`,
});

export interface PublicLimitOptions {
  trustedProxyHops: number;
  now: () => number;
}

/** The key every public limit counts under. */
export function keyOf(request: FastifyRequest, hops: number): string {
  return clientAddress(request.socket?.remoteAddress ?? request.ip, request.headers['x-forwarded-for'], hops);
}

/**
 * Request budgets (the general one for every route without its own, and for unknown paths, which no route's hook
 * counts: the plugin only hooks routes) and failure budgets. Register before the routes.
 */
export async function installPublicRateLimits(app: Server, opts: PublicLimitOptions): Promise<void> {
  await app.register(rateLimit, {
    ...RATE_LIMITS.general,
    keyGenerator: (request) => keyOf(request, opts.trustedProxyHops),
    errorResponseBuilder: (_request, context) => tooMany(context.ttl),
  });
  const counters = Object.fromEntries(
    Object.entries(FAILURE_BUDGETS).map(([name, b]) => [name, createFailureCounter({ max: b.max, windowMs: b.windowMs, now: opts.now })]),
  ) as Record<FailureBudgetName, ReturnType<typeof createFailureCounter>>;

  const general = app.createRateLimit();
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.is404) {
      const limit = await general(request);
      if (!limit.isAllowed && limit.isExceeded) {
        const { statusCode, ...body } = tooMany(limit.ttl);
        return reply.status(statusCode).header('retry-after', String(limit.ttlInSeconds)).send(body);
      }
      return;
    }
    const name = request.routeOptions.config.failureBudget;
    if (!name) return;
    const wait = counters[name].blockedFor(keyOf(request, opts.trustedProxyHops));
    if (wait > 0) {
      const { statusCode, ...body } = tooMany(wait);
      return reply.status(statusCode).header('retry-after', String(Math.ceil(wait / 1000))).send(body);
    }
  });
  app.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    const name = request.routeOptions.config.failureBudget;
    if (name && reply.statusCode === FAILURE_BUDGETS[name].status) counters[name].record(keyOf(request, opts.trustedProxyHops));
  });
}
