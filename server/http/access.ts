/**
 * Who may call a route is a property of the route, declared in its options (`config: { access }`) and enforced from
 * the route the router matched, never from the raw URL: the router decodes `%61pi` into `api`, a string test on
 * `request.url` does not, and that difference once let `/%61pi/customers` through without a session.
 *
 * Each listener accepts a fixed set of access kinds, each with its verifier. A route that declares no access, or an
 * access its listener has no verifier for (a `session` route on the public listener), makes `assertAccessDeclared`
 * throw, so the app refuses to start rather than serve it unguarded.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { listRoutes, type RouteInfo, type Server } from './fastify.js';

export const ACCESS_KINDS = ['public', 'session', 'applePass', 'staff', 'apiKey', 'googleCallback'] as const;
/**
 * - public: anyone (health, the UI shell, a download whose long random id is the secret, enrolment)
 * - session: the admin's session cookie (admin listener only)
 * - applePass: `Authorization: ApplePass <token>` of the pass named in the URL (Apple's web service)
 * - staff: a staff member's session from the scanner's PIN login
 * - apiKey: an API key of the shop's other systems
 * - googleCallback: a message signed by Google (ECv2SigningOnly)
 */
export type Access = (typeof ACCESS_KINDS)[number];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
}

export interface AccessVerifier {
  /**
   * When it runs: `onRequest` (before the body is read: cookies and headers are enough) or `preHandler` (after the
   * params and body were validated, when the check needs them: the pass named in the URL, a signed body).
   */
  stage: 'onRequest' | 'preHandler';
  /** Sends the refusal itself (a 401 `{ code, message }`) and returns false, or returns true to let the request in. */
  verify(request: FastifyRequest, reply: FastifyReply): boolean | Promise<boolean>;
}

export type AccessVerifiers = Partial<Record<Exclude<Access, 'public'>, AccessVerifier>>;

const declared = new WeakMap<object, { listener: string; kinds: Set<Access> }>();

export function accessOf(request: FastifyRequest): Access | undefined {
  return request.routeOptions.config.access;
}

/**
 * Installs the enforcement on a listener: one hook per stage reads the matched route's access and runs its verifier.
 * Requests that matched no route (the 404 handler) go through untouched and get their 404.
 */
export function installAccessControl(app: Server, listener: 'admin' | 'public', verifiers: AccessVerifiers): void {
  declared.set(app, { listener, kinds: new Set<Access>(['public', ...(Object.keys(verifiers) as Access[])]) });
  for (const stage of ['onRequest', 'preHandler'] as const) {
    app.addHook(stage, async (request, reply) => {
      const access = accessOf(request);
      if (access === undefined || access === 'public') return;
      const verifier = verifiers[access];
      // assertAccessDeclared refuses to start with such a route; this is the belt to those braces.
      if (!verifier) return reply.status(404).send({ code: 'NOT_FOUND', message: 'Nothing here.' });
      if (verifier.stage !== stage) return;
      if (!(await verifier.verify(request, reply))) {
        if (!reply.sent) reply.status(401).send({ code: 'UNAUTHENTICATED', message: 'Not allowed.' });
        return reply;
      }
    });
  }
}

/** Marks every route that a plugin registers inside `scope` with `access` (for plugins such as @fastify/static). */
export function declareAccessForScope(scope: Server, access: Access): void {
  scope.addHook('onRoute', (route) => {
    route.config = { ...(route.config ?? {}), access: route.config?.access ?? access };
  });
}

/** Throws, naming the routes, when one declares no access or one its listener cannot verify. */
export function assertAccessDeclared(app: Server): void {
  const entry = declared.get(app);
  if (!entry) throw new Error('access control is not installed on this listener');
  const wrong = listRoutes(app).filter((r: RouteInfo) => r.access === undefined || !entry.kinds.has(r.access as Access));
  if (wrong.length > 0) {
    const list = wrong.map((r) => `${r.method} ${r.url} (${r.access ?? 'no access declared'})`).join(', ');
    throw new Error(`The ${entry.listener} listener cannot guard these routes: ${list}`);
  }
}
