/**
 * The two public pages of the renderer (enrolment at /join, the staff scanner at /scan) on the public listener, and
 * exactly the files they load: the build's manifest (renderer/vite.config.ts) says which files belong to which page,
 * so the admin app's bundle is never served through the tunnel. A strict CSP: our own scripts only.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { Type } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
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
  sendPage(request: FastifyRequest, reply: FastifyReply, page: PublicPage): FastifyReply;
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

const extensionOf = (name: string) => name.slice(name.lastIndexOf('.'));

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** Types worth compressing (images and fonts already are). */
const COMPRESSIBLE = new Set(['.js', '.css', '.wasm', '.svg', '.html']);

/**
 * A file in the three encodings a phone may accept, made once: the public pages reach customers through a tunnel
 * and often a mobile network, where the enrolment page's ~80 KiB of script is ~26 KiB compressed.
 */
interface Encoded {
  identity: Buffer;
  br?: Buffer;
  gzip?: Buffer;
}

function encode(bytes: Buffer, extension: string): Encoded {
  if (!COMPRESSIBLE.has(extension) || bytes.length < 512) return { identity: bytes };
  return {
    identity: bytes,
    br: brotliCompressSync(bytes, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: bytes.length } }),
    gzip: gzipSync(bytes, { level: 9 }),
  };
}

/** Sends the smallest encoding the client accepts (q=0 refuses one), with `vary` so caches keep them apart. */
function sendEncoded(request: FastifyRequest, reply: FastifyReply, file: Encoded): FastifyReply {
  if (!file.br) return reply.send(file.identity);
  const accepted = new Map<string, number>();
  for (const part of String(request.headers['accept-encoding'] ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    if (name) accepted.set(name, q === undefined ? 1 : Number(q) || 0);
  }
  reply.header('vary', 'accept-encoding');
  for (const encoding of ['br', 'gzip'] as const) {
    if ((accepted.get(encoding) ?? 0) > 0) return reply.header('content-encoding', encoding).send(file[encoding]);
  }
  return reply.send(file.identity);
}

export function createPublicUi(uiDir: string): PublicUi {
  const files = publicAssets(uiDir);
  const pages = new Map<PublicPage, Encoded>();
  for (const page of ['enrol', 'scanner'] as const) {
    const file = join(uiDir, `${page}.html`);
    if (existsSync(file)) pages.set(page, encode(readFileSync(file), '.html'));
  }
  const assets = new Map<string, Encoded>();
  const assetOf = (name: string): Encoded | undefined => {
    if (!files.has(name)) return undefined;
    let file = assets.get(name);
    if (!file) {
      file = encode(readFileSync(join(uiDir, 'assets', name)), extensionOf(name));
      assets.set(name, file);
    }
    return file;
  };

  const secure = (reply: FastifyReply) =>
    reply
      .header('content-security-policy', PUBLIC_CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('x-frame-options', 'DENY');

  const notBuilt = { code: 'NOT_FOUND', message: 'This page is not available: the interface is not built (npm run build).' };

  const sendPage = (request: FastifyRequest, reply: FastifyReply, page: PublicPage): FastifyReply => {
    const html = pages.get(page);
    if (!html) return reply.status(404).send(notBuilt);
    return sendEncoded(request, secure(reply).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-cache'), html);
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
          const file = assetOf(name);
          if (!file) return reply.status(404).send({ code: 'NOT_FOUND', message: 'Nothing here.' });
          const type = TYPES[extensionOf(name)] ?? 'application/octet-stream';
          // Hashed names: a file never changes under its name.
          return sendEncoded(request, secure(reply).header('content-type', type).header('cache-control', 'public, max-age=31536000, immutable'), file);
        },
      );

      // The poster's QR code opens /join; a friend's card opens /r/<referral code>; the back of every card links to
      // /preferences/<token>; staff phones open /scan. The page reads what it needs from its own path.
      const html = Type.Unsafe<string>({ type: 'string', description: 'text/html' });
      for (const [url, page] of [['/join', 'enrol'], ['/scan', 'scanner']] as const) {
        app.get(url, { config: { access: 'public' }, schema: { response: { 200: html, ...errorResponses } } }, async (request, reply) =>
          sendPage(request, reply, page),
        );
      }
      for (const url of ['/r/:code', '/preferences/:code'] as const) {
        app.get(
          url,
          {
            config: { access: 'public' },
            schema: { params: Type.Object({ code: Type.String({ maxLength: 100 }) }), response: { 200: html, ...errorResponses } },
          },
          async (request, reply) => sendPage(request, reply, 'enrol'),
        );
      }
    },
  };
}
