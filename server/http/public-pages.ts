/**
 * The public listener's pages: the enrolment page (/join, /r/<code>, /preferences/<token>) and the staff scanner
 * (/scanner), with only their own files: what Vite's manifest lists for those two entries (scripts, styles, the
 * scanner's WASM), never the admin app's. A strict CSP: no other origin, no inline script.
 */
import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { Server } from './fastify.js';

export const PUBLIC_ENTRIES = { enrol: 'enrol.html', scanner: 'scanner.html' } as const;

// 'wasm-unsafe-eval': the scanner compiles zxing's WebAssembly (served by us); nothing else is evaluated.
export const PUBLIC_CSP = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

interface ManifestChunk {
  file: string;
  css?: string[];
  assets?: string[];
  imports?: string[];
  dynamicImports?: string[];
}

/** Every file an entry needs, following its imports through the manifest. */
export function filesOfEntries(manifest: Record<string, ManifestChunk>, entries: readonly string[]): Set<string> {
  const files = new Set<string>();
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) return;
    files.add(chunk.file);
    for (const f of [...(chunk.css ?? []), ...(chunk.assets ?? [])]) files.add(f);
    for (const k of [...(chunk.imports ?? []), ...(chunk.dynamicImports ?? [])]) visit(k);
  };
  entries.forEach(visit);
  return files;
}

function securityHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', PUBLIC_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cross-origin-opener-policy', 'same-origin')
    .header('permissions-policy', 'camera=(self), geolocation=(), microphone=()');
}

export function publicPages(uiDir: string) {
  return async function (app: Server): Promise<void> {
    const manifestFile = join(uiDir, '.vite', 'manifest.json');
    const built = existsSync(manifestFile);
    const manifest = built ? (JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, ManifestChunk>) : {};
    const allowed = filesOfEntries(manifest, Object.values(PUBLIC_ENTRIES));
    const cache = new Map<string, Buffer>();
    const read = (file: string): Buffer | undefined => {
      let bytes = cache.get(file);
      if (!bytes && existsSync(join(uiDir, file))) cache.set(file, (bytes = readFileSync(join(uiDir, file))));
      return bytes;
    };

    const page = (entry: string) => async (_request: unknown, reply: FastifyReply) => {
      const html = read(entry);
      if (!html) {
        return reply.status(503).send({ code: 'UI_NOT_BUILT', message: 'This page is not built yet: run `npm run build`.' });
      }
      return securityHeaders(reply).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
    };
    const html = { config: { access: 'public' as const } };
    const enrol = page(PUBLIC_ENTRIES.enrol);
    app.get('/join', html, enrol);
    app.get('/r/:code', { ...html, schema: { params: Type.Object({ code: Type.String({ maxLength: 32 }) }) } }, enrol);
    app.get('/preferences/:token', { ...html, schema: { params: Type.Object({ token: Type.String({ maxLength: 100 }) }) } }, enrol);
    app.get('/scanner', html, page(PUBLIC_ENTRIES.scanner));

    app.get(
      '/assets/:file',
      { config: { access: 'public' }, schema: { params: Type.Object({ file: Type.String({ maxLength: 200 }) }) } },
      async (request, reply) => {
        const file = `assets/${request.params.file}`;
        const bytes = allowed.has(file) ? read(file) : undefined;
        if (!bytes) return reply.status(404).send({ code: 'NOT_FOUND', message: 'Nothing here.' });
        return securityHeaders(reply)
          .header('content-type', TYPES[extname(file)] ?? 'application/octet-stream')
          // Vite names files by their content: they never change under the same name.
          .header('cache-control', 'public, max-age=31536000, immutable')
          .send(bytes);
      },
    );
  };
}
