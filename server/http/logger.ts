import pino, { type Logger } from 'pino';
import type { Config } from '../config.js';

/** Paths pino blanks out wherever they appear in a log line. Tokens travel in cookies, headers and query strings. */
export const REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'password',
  'token',
  'launchToken',
  '*.password',
  '*.token',
  '*.launchToken',
  '*.privateKey',
  '*.secret',
];

/** Removes the value of secret-bearing query parameters (the login link's token) from a URL before it is logged. */
export function redactUrl(url: string): string {
  return url.replace(/([?&](?:token|password|key|secret)=)[^&#]*/gi, '$1[REDACTED]');
}

export function createLogger(config: Pick<Config, 'logLevel'>, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level: config.logLevel,
      redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
      base: { app: 'passerelle' },
      serializers: {
        // Fastify's default request serializer logs the raw URL; login links carry a token in it.
        req: (req: { method?: string; url?: string; id?: string }) => ({
          id: req.id,
          method: req.method,
          url: redactUrl(req.url ?? ''),
        }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
        err: pino.stdSerializers.err,
      },
    },
    destination,
  );
}
