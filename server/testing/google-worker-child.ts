/**
 * A Google worker in a process of its own, for the kill test: it drains the pending google.object jobs of an
 * existing data folder into the (fake) Google Wallet API until nothing is pending, prints its figures as one JSON
 * line and exits. The test SIGKILLs it in the middle and starts another, as a crash and a restart would.
 *
 * Usage: node --import tsx server/testing/google-worker-child.ts <config.json>
 * config: { dataDir, publicUrl, rate, leaseMs, pollMs }
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findAppRoot } from '../app-root.js';
import { loadConfig } from '../config.js';
import { closeDatabase, openDatabase } from '../db/connection.js';
import { createLogger } from '../http/logger.js';
import { createJobsRepository } from '../jobs/jobs-repository.js';
import { createDesignsRepository } from '../passes/design/designs-repository.js';
import { createGoogleParts } from '../passes/google/google-parts.js';
import { createImagePipeline } from '../passes/images/pipeline.js';
import { GOOGLE_OBJECT_KIND } from '../passes/google/object-job.js';
import { startGoogleWorker } from '../passes/google/worker.js';
import { createServices } from '../services.js';

interface ChildConfig {
  dataDir: string;
  publicUrl: string;
  rate: number;
  leaseMs: number;
  pollMs: number;
}

const c = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as ChildConfig;
const config = loadConfig({
  env: { PASSERELLE_DATA_DIR: c.dataDir, PASSERELLE_LOG_LEVEL: 'silent', PASSERELLE_PUBLIC_URL: c.publicUrl },
  cwd: c.dataDir,
  appRoot: findAppRoot(),
});
const db = openDatabase(join(c.dataDir, 'passerelle.sqlite'));
const services = createServices(config, db, createLogger(config));
const google = createGoogleParts({
  services,
  images: createImagePipeline(db),
  designs: createDesignsRepository(db),
  options: { ratePerSecond: c.rate, retry: { baseMs: 50, maxMs: 500 } },
});
const jobs = createJobsRepository(db);
const pending = () => jobs.pendingCount(GOOGLE_OBJECT_KIND);
process.stdout.write(`${JSON.stringify({ started: true, pending: pending() })}\n`);
const worker = startGoogleWorker(db, google, { leaseMs: c.leaseMs, pollMs: c.pollMs });
while (pending() > 0) {
  await worker.idle();
  // Rows leased by a killed worker come due when their lease runs out.
  if (pending() > 0) await new Promise((r) => setTimeout(r, c.pollMs));
}
await worker.stop();
const stats = worker.runner.stats(GOOGLE_OBJECT_KIND);
closeDatabase(db);
process.stdout.write(`${JSON.stringify({ done: true, stats })}\n`);
