import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

// `vite --config renderer/vite.config.ts` proxies /api to a running `passerelle serve` (admin listener, default
// port 4380). The admin listener refuses foreign Host/Origin headers, so the proxy rewrites Host and drops Origin.
const devApi = process.env['PASSERELLE_DEV_API'] ?? 'http://127.0.0.1:4380';

export default defineConfig({
  root: here('.'),
  base: '/',
  publicDir: here('public'),
  // No svelte.config.js: TypeScript in <script lang="ts"> needs no preprocessor in Svelte 5.
  plugins: [svelte({ configFile: false })],
  build: {
    outDir: here('../dist/renderer'),
    emptyOutDir: true,
    target: 'es2022',
    // Three pages, three bundles: the admin app (admin listener), and the two public pages the public listener serves
    // (enrolment, staff scanner). The manifest tells the public listener exactly which files belong to its pages.
    manifest: true,
    rollupOptions: {
      input: {
        admin: here('admin.html'),
        enrol: here('enrol.html'),
        scanner: here('scanner.html'),
      },
    },
    // zxing's WebAssembly (the scanner's camera) is a file of its own, served by us (never a CDN), loaded when the
    // camera starts.
    assetsInlineLimit: (file) => (file.endsWith('.wasm') ? false : undefined),
  },
  server: {
    strictPort: false,
    proxy: {
      '/api': {
        target: devApi,
        changeOrigin: true,
        configure: (proxy) => {
          proxy.on('proxyReq', (req) => req.removeHeader('origin'));
        },
      },
      '/login': { target: devApi, changeOrigin: true },
    },
  },
});
