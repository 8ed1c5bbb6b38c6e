import { Type } from 'typebox';
import type { Server } from '../http/fastify.js';
import { IdParams, ErrorSchema, errorResponses } from '../http/schemas.js';
import type { Services } from '../services.js';
import { PIN_PATTERN, hashPin, tokenOf, type StaffAuth } from './staff-auth.js';
import type { StaffRepository } from './staff-repository.js';

const StaffMember = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  active: Type.Boolean(),
  failedAttempts: Type.Integer(),
  lockedUntil: Type.Union([Type.Integer(), Type.Null()]),
  lastLoginAt: Type.Union([Type.Integer(), Type.Null()]),
  createdAt: Type.Integer(),
});
const StaffName = Type.String({ minLength: 1, maxLength: 60, pattern: '\\S' });
const Pin = Type.String({ pattern: PIN_PATTERN });

/** Per address, on top of each account's own lock: a phone trying names and PINs is stopped here. */
export const STAFF_LOGIN_LIMIT = 10;

/** Admin: the shop's staff accounts. */
export function staffAdminRoutes(_services: Services, deps: { staff: StaffRepository }) {
  const { staff } = deps;
  return async function (app: Server): Promise<void> {
    const config = { access: 'session' as const };
    app.get('/api/staff', { config, schema: { response: { 200: Type.Object({ items: Type.Array(StaffMember) }), ...errorResponses } } }, async () => ({
      items: staff.list(),
    }));
    app.post(
      '/api/staff',
      {
        config,
        schema: { body: Type.Object({ name: StaffName, pin: Pin }, { additionalProperties: false }), response: { 201: StaffMember, ...errorResponses } },
      },
      async (request, reply) => reply.status(201).send(staff.create(request.body.name, await hashPin(request.body.pin))),
    );
    app.patch(
      '/api/staff/:id',
      {
        config,
        schema: {
          params: IdParams,
          body: Type.Object(
            { active: Type.Optional(Type.Boolean()), unlock: Type.Optional(Type.Literal(true)), pin: Type.Optional(Pin) },
            { additionalProperties: false },
          ),
          response: { 200: StaffMember, ...errorResponses },
        },
      },
      async (request) => {
        const { id } = request.params;
        if (request.body.pin !== undefined) staff.setPin(id, await hashPin(request.body.pin));
        if (request.body.active !== undefined) staff.setActive(id, request.body.active);
        if (request.body.unlock) staff.unlock(id);
        return staff.get(id)!;
      },
    );
    app.delete('/api/staff/:id', { config, schema: { params: IdParams, response: { 204: Type.Null(), ...errorResponses } } }, async (request, reply) => {
      staff.delete(request.params.id);
      return reply.status(204).send(null);
    });
  };
}

/** Public listener: staff sign in and out on their phones. */
export function staffLoginRoutes(_services: Services, deps: { auth: StaffAuth }) {
  return async function (app: Server): Promise<void> {
    app.post(
      '/staff/api/login',
      {
        config: { access: 'public', rateLimit: { max: STAFF_LOGIN_LIMIT, timeWindow: 60_000 } },
        schema: {
          body: Type.Object({ name: StaffName, pin: Type.String({ minLength: 1, maxLength: 20 }) }, { additionalProperties: false }),
          response: { 200: Type.Object({ token: Type.String(), name: Type.String(), expiresAt: Type.Integer() }), 423: ErrorSchema, ...errorResponses },
        },
      },
      async (request) => deps.auth.login(request.body.name, request.body.pin),
    );
    app.post(
      '/staff/api/logout',
      { config: { access: 'staff' }, schema: { response: { 204: Type.Null(), ...errorResponses } } },
      async (request, reply) => {
        const token = tokenOf(request);
        if (token) deps.auth.logout(token);
        return reply.status(204).send(null);
      },
    );
    app.get(
      '/staff/api/me',
      { config: { access: 'staff' }, schema: { response: { 200: Type.Object({ name: Type.String() }), ...errorResponses } } },
      async (request) => ({ name: request.staff!.name }),
    );
  };
}
