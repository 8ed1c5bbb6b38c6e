/**
 * Cold start to ready: `node dist/server/cli.js serve` on a fresh data folder (migrations included) until it prints
 * its Admin URL, against a bare Node HTTP server started the same way in the same run. Target: ≤ 1 s.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const RUNS = 7;
const BARE = `require('node:http').createServer().listen(0, '127.0.0.1', function () { console.log('Admin: ready'); });`;

function timeUntilReady(args: string[], env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`not ready after 30 s: ${out}`));
    }, 30_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Admin: ')) {
        const ms = performance.now() - started;
        clearTimeout(timer);
        child.once('exit', () => resolve(ms));
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

async function main(): Promise<void> {
  const ours: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const dataDir = mkdtempSync(join(tmpdir(), 'passerelle-bench-start-'));
    try {
      ours.push(
        await timeUntilReady(['dist/server/cli.js', 'serve'], {
          PASSERELLE_DATA_DIR: dataDir,
          PASSERELLE_ADMIN_PORT: '0',
          PASSERELLE_PUBLIC_PORT: '0',
          PASSERELLE_LOG_LEVEL: 'warn',
        }),
      );
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
    bare.push(await timeUntilReady(['-e', BARE], {}));
  }
  const o = median(ours);
  const b = median(bare);
  console.log(`server cold start to ready (fresh data folder): median ${o.toFixed(0)} ms over ${RUNS} runs (target ≤ 1000 ms)`);
  console.log(`bare Node HTTP server, same run:               median ${b.toFixed(0)} ms`);
  console.log(`ratio: ${(o / b).toFixed(2)}× a bare Node start; ${o <= 1000 ? 'meets' : 'MISSES'} the 1 s target`);
  console.log(JSON.stringify({ bench: 'startup', runs: RUNS, medianMs: Math.round(o), bareNodeMedianMs: Math.round(b), ratio: +(o / b).toFixed(2), targetMs: 1000 }));
}

await main();
