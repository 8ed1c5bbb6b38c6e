import type { FastifyError } from 'fastify';
import type { Server } from './fastify.js';
import { AppError } from '../errors.js';

const STATUS_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  408: 'REQUEST_TIMEOUT',
  409: 'CONFLICT',
  411: 'LENGTH_REQUIRED',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  431: 'HEADERS_TOO_LARGE',
};

const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'BAD_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BAD_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
};

const INTERNAL_MESSAGE = 'Something went wrong on our side. The details are in the Passerelle log.';

/**
 * One error handler for both listeners: AppError as is, validation and client errors as `{ code, message }` 4xx,
 * everything else logged whole and answered as a bare 500 without internals.
 */
export function installErrorHandling(app: Server): void {
  app.setErrorHandler((err: FastifyError | AppError | Error, request, reply) => {
    if (err instanceof AppError) {
      if (err.statusCode >= 500) request.log.error({ err }, 'application error');
      const message = err.statusCode >= 500 && err.code === 'INTERNAL_ERROR' ? INTERNAL_MESSAGE : err.message;
      return reply.status(err.statusCode).send({ code: err.code, message, ...(err.params ? { params: err.params } : {}) });
    }
    const fe = err as FastifyError;
    if (fe.validation) {
      const where = fe.validationContext ? `${fe.validationContext}` : 'request';
      const message = fe.message.startsWith(where) ? fe.message : `${where}: ${fe.message}`;
      return reply.status(400).send({ code: 'VALIDATION_ERROR', message });
    }
    const status = typeof fe.statusCode === 'number' ? fe.statusCode : 500;
    if (status >= 400 && status < 500) {
      const code = FASTIFY_CODES[fe.code] ?? STATUS_CODES[status] ?? 'BAD_REQUEST';
      const message = err instanceof SyntaxError ? 'The request body is not valid JSON.' : fe.message;
      return reply.status(status).send({ code, message });
    }
    request.log.error({ err }, 'unhandled error');
    return reply.status(500).send({ code: 'INTERNAL_ERROR', message: INTERNAL_MESSAGE });
  });

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({ code: 'NOT_FOUND', message: `Nothing here: ${request.method} ${(request.url.split('?')[0] ?? '').slice(0, 200)}` });
  });
}
