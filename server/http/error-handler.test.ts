import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Type } from 'typebox';
import pino from 'pino';
import { Writable } from 'node:stream';
import { AppError } from '../errors.js';
import { createServer, type Server } from './fastify.js';
import { errorResponses } from './schemas.js';

describe('error model', () => {
  const lines: string[] = [];
  let app: Server;
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    app = createServer({ logger: pino({ level: 'error' }, sink), name: 'admin', bodyLimit: 1024 });
    app.get('/app-error', { schema: { response: errorResponses } }, async () => {
      throw new AppError('OUT_OF_STOCK', 'No more coffee', 409);
    });
    app.get('/crash', async () => {
      throw new Error('secret connection string postgres://u:p@h/db');
    });
    app.post(
      '/typed',
      { schema: { body: Type.Object({ n: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }) } },
      async (request) => ({ n: request.body.n }),
    );
    await app.ready();
  });
  afterAll(() => app.close());

  it('answers an AppError with its code, status and message', async () => {
    const res = await app.inject({ method: 'GET', url: '/app-error' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toEqual({ code: 'OUT_OF_STOCK', message: 'No more coffee' });
  });

  it('hides internals of unexpected errors but logs them', async () => {
    const res = await app.inject({ method: 'GET', url: '/crash' });
    expect(res.statusCode).toBe(500);
    const body = res.json();
    expect(body.code).toBe('INTERNAL_ERROR');
    expect(res.body).not.toContain('postgres');
    expect(res.body).not.toContain('at ');
    expect(lines.join('')).toContain('secret connection string');
  });

  it.each([
    ['invalid JSON', { payload: '{"n":', headers: { 'content-type': 'application/json' } }, 400, 'BAD_JSON'],
    ['empty JSON body', { payload: '', headers: { 'content-type': 'application/json' } }, 400, 'BAD_JSON'],
    ['wrong type', { payload: { n: 'x' } }, 400, 'VALIDATION_ERROR'],
    ['out of range', { payload: { n: 0 } }, 400, 'VALIDATION_ERROR'],
    ['unknown property', { payload: { n: 1, admin: true } }, 400, 'VALIDATION_ERROR'],
    ['body too large', { payload: { n: 1, pad: 'x'.repeat(5000) } }, 413, 'PAYLOAD_TOO_LARGE'],
    ['unsupported media type', { payload: 'n=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
  ] as const)('%s → %i %s', async (_name, opts, status, code) => {
    const res = await app.inject({ method: 'POST', url: '/typed', ...opts });
    expect(res.statusCode).toBe(status);
    expect(res.json()).toEqual({ code, message: expect.any(String) });
    expect(res.json().message.length).toBeGreaterThan(5);
  });

  it('unknown routes get a JSON 404', async () => {
    const res = await app.inject({ method: 'GET', url: '/nope?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ code: 'NOT_FOUND', message: 'Nothing here: GET /nope' });
  });
});
