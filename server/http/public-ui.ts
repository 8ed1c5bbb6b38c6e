/**
 * The two public pages of the renderer (enrolment at /join, the staff scanner at /scan) on the public listener, and
 * exactly the files they load: the build's manifest (renderer/vite.config.ts) says which files belong to which page,
 * so the admin app's bundle is never served through the tunnel. A strict CSP: our own scripts only.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Type } from 'typebox';
import type { FastifyReply } from 'fastify';
import type { Server } from './fastify.js';
import { errorResponses } from './schemas.js';

export type PublicPage = 'enrol' | 'scanner';

export const PUBLIC_CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "media-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

interface ManifestEntry {
  file: string;
  css?: string[];
  imports?: string[];
  /** Loaded on demand (the scanner's barcode reader and its WebAssembly, when the camera starts). */
  dynamicImports?: string[];
  assets?: string[];
}

export interface PublicUi {
  /** Files under /assets/ that the public pages load (names without the folder). */
  readonly files: ReadonlySet<string>;
  /** Sends a page's HTML with its security headers; 404 when the UI is not built. */
  sendPage(reply: FastifyReply, page: PublicPage): FastifyReply;
  routes(app: Server): Promise<void>;
}

/** What each public page loads, read from the build's manifest (empty when the UI is not built). */
export function publicAssets(uiDir: string): Set<string> {
  const manifestFile = join(uiDir, '.vite', 'manifest.json');
  const files = new Set<string>();
  if (!existsSync(manifestFile)) return files;
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, ManifestEntry>;
  const visit = (key: string) => {
    const entry = manifest[key];
    if (!entry) return;
    for (const f of [entry.file, ...(entry.css ?? []), ...(entry.assets ?? [])]) {
      const name = f.replace(/^assets\//, '');
      if (files.has(name)) continue;
      files.add(name);
    }
    for (const i of [...(entry.imports ?? []), ...(entry.dynamicImports ?? [])]) visit(i);
  };
  visit('enrol.html');
  visit('scanner.html');
  return files;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

export function createPublicUi(uiDir: string): PublicUi {
  const files = publicAssets(uiDir);
  const pages = new Map<PublicPage, Buffer>();
  for (const page of ['enrol', 'scanner'] as const) {
    const file = join(uiDir, `${page}.html`);
    if (existsSync(file)) pages.set(page, readFileSync(file));
  }
  const assets = new Map<string, Buffer>();
  const assetOf = (name: string): Buffer | undefined => {
    if (!files.has(name)) return undefined;
    let bytes = assets.get(name);
    if (!bytes) {
      bytes = readFileSync(join(uiDir, 'assets', name));
      assets.set(name, bytes);
    }
    return bytes;
  };

  const secure = (reply: FastifyReply) =>
    reply
      .header('content-security-policy', PUBLIC_CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('x-frame-options', 'DENY');

  const notBuilt = { code: 'NOT_FOUND', message: 'This page is not available: the interface is not built (npm run build).' };

  const sendPage = (reply: FastifyReply, page: PublicPage): FastifyReply => {
    const html = pages.get(page);
    if (!html) return reply.status(404).send(notBuilt);
    return secure(reply).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
  };

  return {
    files,
    sendPage,
    async routes(app) {
      app.get(
        '/assets/:file',
        {
          config: { access: 'public' },
          schema: {
            params: Type.Object({ file: Type.String({ pattern: '^[A-Za-z0-9._-]{1,120}$' }) }),
            response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...errorResponses },
          },
        },
        async (request, reply) => {
          const name = request.params.file;
          const bytes = assetOf(name);
          if (!bytes) return reply.status(404).send({ code: 'NOT_FOUND', message: 'Nothing here.' });
          const type = TYPES[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream';
          // Hashed names: a file never changes under its name.
          return secure(reply).header('content-type', type).header('cache-control', 'public, max-age=31536000, immutable').send(bytes);
        },
      );

      // The poster's QR code opens /join; a friend's card opens /r/<referral code>; the back of every card links to
      // /preferences/<token>; staff phones open /scan. The page reads what it needs from its own path.
      const html = Type.Unsafe<string>({ type: 'string', description: 'text/html' });
      for (const [url, page] of [['/join', 'enrol'], ['/scan', 'scanner']] as const) {
        app.get(url, { config: { access: 'public' }, schema: { response: { 200: html, ...errorResponses } } }, async (_request, reply) =>
          sendPage(reply, page),
        );
      }
      for (const url of ['/r/:code', '/preferences/:code'] as const) {
        app.get(
          url,
          {
            config: { access: 'public' },
            schema: { params: Type.Object({ code: Type.String({ maxLength: 100 }) }), response: { 200: html, ...errorResponses } },
          },
          async (_request, reply) => sendPage(reply, 'enrol'),
        );
      }
    },
  };
}
