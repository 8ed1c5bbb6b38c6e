import pino, { type Logger } from 'pino';
import type { Config } from '../config.js';
import { loggedUrl } from './log-redaction.js';

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
  'downloadId',
  '*.downloadId',
  'authToken',
  '*.authToken',
  'authenticationToken',
  '*.authenticationToken',
  'pushToken',
  '*.pushToken',
  'apiKey',
  '*.apiKey',
  'referralCode',
  '*.referralCode',
];

export function createLogger(config: Pick<Config, 'logLevel'>, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level: config.logLevel,
      redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
      base: { app: 'passerelle' },
      serializers: {
        // Fastify's default request serializer logs the raw URL, and several URLs are secrets (log-redaction.ts).
        req: (req: { method?: string; url?: string; id?: string; params?: unknown; routeOptions?: { url?: string } }) => ({
          id: req.id,
          method: req.method,
          url: loggedUrl({ url: req.url, routeUrl: req.routeOptions?.url, params: req.params }),
        }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
        err: pino.stdSerializers.err,
      },
    },
    destination,
  );
}
