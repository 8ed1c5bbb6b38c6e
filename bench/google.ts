/**
 * Google object updates after a design edit: N Google cards, one edit that changes every object (the points label),
 * driven through the google.object jobs (SQLite rows claimed, synced in batch requests, outcomes committed) to the
 * local fake Google Wallet API (token endpoint, batch endpoint), paced at R calls per second.
 *
 * Two runs: at Google's own limit (20 calls/s, the rate the product keeps), and at a high rate to show how fast the
 * server itself could go (so the pacing, not the CPU, is what bounds a real fan-out). The fake runs in this process.
 * Prints objects patched per second, the busiest second seen at the fake against the rate, and one JSON line.
 *
 * Options: --objects N (10,000) --paced-objects N (400) --rate R (20) --fast-rate R (2,000)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { findAppRoot } from '../server/app-root.js';
import { loadConfig } from '../server/config.js';
import { closeDatabase } from '../server/db/connection.js';
import { createLogger } from '../server/http/logger.js';
import { createDesignsRepository } from '../server/passes/design/designs-repository.js';
import { createGoogleParts } from '../server/passes/google/google-parts.js';
import { createImagePipeline } from '../server/passes/images/pipeline.js';
import { startGoogleWorker } from '../server/passes/google/worker.js';
import { createServices } from '../server/services.js';
import { startFakeGoogleWallet } from '../server/testing/fake-google-wallet.js';
import { testServiceAccount } from '../server/testing/google-credentials.js';
import { editPointsLabel, placeObjectsAtFake, seedGoogleCards } from '../server/testing/google-fixtures.js';
import { openMigratedDatabase } from '../server/testing/wallet-fixtures.js';

const ISSUER = '3388000000022222222';
const { values } = parseArgs({
  options: {
    objects: { type: 'string', default: '10000' },
    'paced-objects': { type: 'string', default: '400' },
    rate: { type: 'string', default: '20' },
    'fast-rate': { type: 'string', default: '2000' },
  },
});

interface Run {
  objects: number;
  rate: number;
  seconds: number;
  perSec: number;
  /** Most calls released by the pacer within any one second (where the pacing is decided). */
  pacedSecond: number;
  /** Most calls arriving at the fake within any one second (send and network jitter included). */
  busiestSecond: number;
  cpuMsPerObject: number;
}

/** Most events within any `windowMs`, from (time, count) pairs in time order. */
function maxInWindow(events: Array<[number, number]>, windowMs = 1_000): number {
  let best = 0;
  let sum = 0;
  for (let i = 0, j = 0; i < events.length; i++) {
    sum += events[i]![1];
    while (events[i]![0] - events[j]![0] >= windowMs) sum -= events[j++]![1];
    best = Math.max(best, sum);
  }
  return best;
}

async function run(objects: number, rate: number): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'passerelle-bench-google-'));
  const sa = testServiceAccount();
  const fake = await startFakeGoogleWallet({ issuerId: ISSUER });
  fake.trustKey(sa.publicKey);
  const db = openMigratedDatabase(join(dir, 'passerelle.sqlite'));
  try {
    const seeded = seedGoogleCards(db, { cards: objects, issuerId: ISSUER, apiUrl: fake.url, tokenUrl: fake.tokenUrl, serviceAccountJson: sa.json, dataDir: dir });
    placeObjectsAtFake(fake, db, seeded, ISSUER);
    const config = loadConfig({ env: { PASSERELLE_DATA_DIR: dir, PASSERELLE_LOG_LEVEL: 'silent', PASSERELLE_PUBLIC_URL: 'https://cartes.example.fr' }, cwd: dir, appRoot: findAppRoot() });
    const services = createServices(config, db, createLogger(config));
    const releases: Array<[number, number]> = [];
    const google = createGoogleParts({
      services,
      images: createImagePipeline(db),
      designs: createDesignsRepository(db),
      options: { ratePerSecond: rate, onPace: (at, units) => releases.push([at, units]) },
    });
    const cpu = process.cpuUsage();
    const started = performance.now();
    const from = Date.now();
    editPointsLabel(db, seeded.designId, 'Vos points');
    const worker = startGoogleWorker(db, google, { pollMs: 50 });
    await worker.idle();
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    await worker.stop();
    const patched = fake.operations.filter((o) => o.method === 'PATCH' && o.status === 200 && o.path.startsWith('loyaltyObject/')).length;
    if (patched < objects) throw new Error(`only ${patched} of ${objects} objects were patched`);
    return {
      objects,
      rate,
      seconds: +seconds.toFixed(2),
      perSec: Math.round(objects / seconds),
      pacedSecond: maxInWindow(releases),
      busiestSecond: fake.maxInWindow(1_000, from),
      cpuMsPerObject: +((used.user + used.system) / 1000 / objects).toFixed(3),
    };
  } finally {
    closeDatabase(db);
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const paced = await run(Number(values['paced-objects']), Number(values.rate));
console.log(
  `paced at ${paced.rate} calls/s (Google's limit): ${paced.objects} objects in ${paced.seconds} s = ${paced.perSec} objects/s; ` +
    `pacing kept: at most ${paced.pacedSecond} calls sent in any second (limit ${paced.rate}, ratio ${(paced.pacedSecond / paced.rate).toFixed(2)}); ` +
    `at the fake, with send jitter: ${paced.busiestSecond}`,
);
const fast = await run(Number(values.objects), Number(values['fast-rate']));
console.log(
  `at ${fast.rate} calls/s: ${fast.objects} objects in ${fast.seconds} s = ${fast.perSec} objects/s, ${fast.cpuMsPerObject} ms CPU per object; ` +
    `pacing kept: at most ${fast.pacedSecond} calls sent in any second (limit ${fast.rate}, ratio ${(fast.pacedSecond / fast.rate).toFixed(2)}); at the fake: ${fast.busiestSecond}`,
);
const googleSeconds = fast.objects / paced.rate;
console.log(
  `${fast.objects} objects at Google's ${paced.rate} calls/s take ${Math.round(googleSeconds)} s (${(googleSeconds / 60).toFixed(1)} min); ` +
    `the server alone would need ${fast.seconds} s (headroom ×${(fast.perSec / paced.perSec).toFixed(1)}); load ${loadavg()[0]!.toFixed(2)}`,
);
console.log(JSON.stringify({ bench: 'google', paced, fast, tenThousandAtGoogleRateS: Math.round(10_000 / paced.rate), headroom: +(fast.perSec / paced.perSec).toFixed(1) }));
