/**
 * The enrolment page on a slow phone: what it downloads (JS + CSS of the /join page, raw and gzip, from the build's
 * manifest) and its time to interactive in the system Chromium with the CPU slowed 6× and a slow mobile network
 * (150 ms round trip, 1.6 Mb/s down): from navigation to the form's submit button enabled (the page mounted and its
 * configuration fetched). The median of 5 cold loads; against the same page's bare HTML shell in the same run.
 * Needs `npm run build` (the real server, `dist/server/cli.js serve`, on a fresh data folder with the demo brand).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const ROOT = join(import.meta.dirname, '..');
const UI = join(ROOT, 'dist', 'renderer');
const RUNS = 5;
const CPU_SLOWDOWN = 6;
const NETWORK = { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };

interface Chunk {
  file: string;
  css?: string[];
  imports?: string[];
}

function pageFiles(): string[] {
  const manifest = JSON.parse(readFileSync(join(UI, '.vite', 'manifest.json'), 'utf8')) as Record<string, Chunk>;
  const files = new Set<string>();
  const visit = (key: string) => {
    const c = manifest[key];
    if (!c || files.has(c.file)) return;
    files.add(c.file);
    for (const css of c.css ?? []) files.add(css);
    for (const i of c.imports ?? []) visit(i);
  };
  visit('enrol.html');
  return [...files];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

async function main(): Promise<void> {
  const files = pageFiles();
  let raw = 0;
  let gzip = 0;
  let brotli = 0;
  for (const f of files) {
    const bytes = readFileSync(join(UI, f));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
    brotli += brotliCompressSync(bytes).length;
  }
  console.log(`enrolment page (/join): ${files.length} files of JS + CSS: ${kb(raw)} raw, ${kb(gzip)} gzip, ${kb(brotli)} brotli`);
  for (const f of files) console.log(`  ${f}  ${kb(readFileSync(join(UI, f)).length)}`);

  const dataDir = mkdtempSync(join(tmpdir(), 'passerelle-bench-enrol-'));
  const env = { ...process.env, PASSERELLE_DATA_DIR: dataDir, PASSERELLE_ADMIN_PORT: '0', PASSERELLE_PUBLIC_PORT: '0', PASSERELLE_LOG_LEVEL: 'warn' };
  execFileSync(process.execPath, [join(ROOT, 'dist/server/cli.js'), 'demo', '--customers', '200'], { env, stdio: 'ignore' });
  const server = spawn(process.execPath, [join(ROOT, 'dist/server/cli.js'), 'serve'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const publicUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Public:\s*(\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    server.once('exit', () => reject(new Error(`server exited: ${out}`)));
  });
  const browser = await chromium.launch({ executablePath: process.env['PASSERELLE_CHROMIUM'] || '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const load = async (path: string, ready: string): Promise<{ tti: number; fcp: number }> => {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'fr-FR' });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      await cdp.send('Network.emulateNetworkConditions', NETWORK);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
      const started = Date.now();
      await page.goto(`${publicUrl}${path}`, { waitUntil: 'commit' });
      await page.waitForSelector(ready, { timeout: 60_000 });
      const tti = Date.now() - started;
      const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN);
      await context.close();
      return { tti, fcp };
    };
    const runs = [];
    const shell = [];
    for (let i = 0; i < RUNS; i++) {
      runs.push(await load('/join', 'button[type=submit]:not([disabled])'));
      // The bare HTML of the page, without running it: the floor the network and the server set.
      shell.push(await load('/assets/__none__', 'body'));
    }
    const tti = median(runs.map((r) => r.tti));
    const fcp = median(runs.map((r) => r.fcp));
    const floor = median(shell.map((r) => r.tti));
    console.log(`time to interactive (CPU ×${CPU_SLOWDOWN} slower, 150 ms RTT, 1.6 Mb/s): median ${tti} ms of ${RUNS} cold loads; first paint ${Math.round(fcp)} ms`);
    console.log(`  a bare request on the same network: ${floor} ms (${(tti / floor).toFixed(1)}× that floor)`);
    console.log(JSON.stringify({ bench: 'enrol-page', files: files.length, rawBytes: raw, gzipBytes: gzip, brotliBytes: brotli, cpuSlowdown: CPU_SLOWDOWN, ttiMs: tti, fcpMs: Math.round(fcp), floorMs: floor }));
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
