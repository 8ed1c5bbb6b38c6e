import { Type } from 'typebox';
import { AppError } from '../errors.js';
import type { Server } from '../http/fastify.js';
import { errorResponses } from '../http/schemas.js';
import type { Services } from '../services.js';
import { SESSION_COOKIE, sessionToken } from './guard.js';
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './password.js';
import { SESSION_TTL_MS } from './sessions-repository.js';
import { safeEqual } from './tokens.js';
import { createAttemptLimiter } from './attempt-limiter.js';
import { PasswordChange, SessionState } from './schemas.js';

export function authRoutes(services: Services, version: string) {
  return async function (app: Server): Promise<void> {
    const limiter = createAttemptLimiter({ max: 10, windowMs: 60_000, now: services.now });

    const setSessionCookie = (reply: import('fastify').FastifyReply, token: string) =>
      reply.setCookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'strict',
        path: '/',
        maxAge: Math.floor(SESSION_TTL_MS / 1000),
      });

    // The login link: Electron's per-launch token (reusable for this launch) or a one-time token.
    app.get(
      '/login',
      {
        config: { access: 'public' },
        schema: {
          querystring: Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) }),
          response: { 303: Type.Null(), ...errorResponses },
        },
      },
      async (request, reply) => {
        const { token } = request.query;
        const launch = services.config.launchToken;
        const ok = (launch !== '' && safeEqual(token, launch)) || services.sessions.consumeLoginToken(token);
        if (!ok) return reply.redirect('/#/login?reason=invalid-link', 303);
        setSessionCookie(reply, services.sessions.createSession(request.headers['user-agent']));
        return reply.redirect('/', 303);
      },
    );

    app.get('/api/session', { config: { access: 'public' }, schema: { response: { 200: SessionState, ...errorResponses } } }, async (request) => {
      const token = sessionToken(request);
      return {
        authenticated: token !== undefined && services.sessions.isValidSession(token),
        passwordLogin: services.settings.getSecret('admin.passwordHash') !== undefined,
        mode: services.config.mode,
        version,
      };
    });

    app.post(
      '/api/session',
      {
        config: { access: 'public' },
        schema: {
          body: Type.Object({ password: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false }),
          response: { 200: Type.Object({ authenticated: Type.Literal(true) }), ...errorResponses },
        },
      },
      async (request, reply) => {
        const hash = services.settings.getSecret('admin.passwordHash');
        if (!hash) {
          throw new AppError(
            'PASSWORD_LOGIN_DISABLED',
            'No admin password is set. Use the login link printed by Passerelle, or set one with `passerelle settings admin-password`.',
            400,
          );
        }
        if (!limiter.allow('password')) {
          throw new AppError('RATE_LIMITED', 'Too many attempts. Wait a minute and try again.', 429);
        }
        if (!(await verifyPassword(request.body.password, hash))) {
          throw new AppError('INVALID_PASSWORD', 'This password is not right.', 401);
        }
        setSessionCookie(reply, services.sessions.createSession(request.headers['user-agent']));
        return { authenticated: true as const };
      },
    );

    // The admin password from the UI (the setup wizard, Settings): no terminal needed. Changing one that is set asks
    // for it, so that a session left open cannot lock the owner out.
    app.put(
      '/api/session/password',
      { config: { access: 'session' }, schema: { body: PasswordChange, response: { 204: Type.Null(), ...errorResponses } } },
      async (request, reply) => {
        const { password, currentPassword } = request.body;
        if (password.length < MIN_PASSWORD_LENGTH) {
          throw new AppError('WEAK_PASSWORD', `The admin password needs at least ${MIN_PASSWORD_LENGTH} characters.`, 400);
        }
        const hash = services.settings.getSecret('admin.passwordHash');
        if (hash !== undefined) {
          if (!limiter.allow('password')) throw new AppError('RATE_LIMITED', 'Too many attempts. Wait a minute and try again.', 429);
          if (!currentPassword || !(await verifyPassword(currentPassword, hash))) {
            throw new AppError('WRONG_CURRENT_PASSWORD', 'The current password is not right.', 400);
          }
        }
        services.settings.setSecret('admin.passwordHash', await hashPassword(password));
        return reply.status(204).send(null);
      },
    );

    app.delete('/api/session', { config: { access: 'public' }, schema: { response: { 204: Type.Null(), ...errorResponses } } }, async (request, reply) => {
      const token = sessionToken(request);
      if (token) services.sessions.endSession(token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    });
  };
}
