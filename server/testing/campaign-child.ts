/**
 * The server's background work in a process of its own, for the campaign kill test: the app built on a data folder
 * as `npm run serve` builds it, started (job runner, APNs pushes to the fake the settings point at), until every
 * campaign run is done and no push waits; then one JSON line and exit. The test SIGKILLs it in the middle of a
 * campaign and starts another, as a crash and a restart of the shop's computer would.
 *
 * Usage: node --import tsx server/testing/campaign-child.ts <dataDir>
 */
import { findAppRoot } from '../app-root.js';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';

const dataDir = process.argv[2] ?? '';
const config = loadConfig({ env: { PASSERELLE_DATA_DIR: dataDir, PASSERELLE_LOG_LEVEL: 'warn' }, cwd: dataDir, appRoot: findAppRoot() });
// A short lease: the run a killed process held is resumed within seconds rather than a minute.
const app = await buildApp(config, { campaignLeaseMs: 3_000 });
await app.start();
const { db } = app.services;
const remaining = () =>
  db
    .prepare<[], { runs: number; pushes: number }>(
      `SELECT (SELECT COUNT(*) FROM campaign_runs WHERE status IN ('waiting', 'sending')) AS runs,
              (SELECT COUNT(*) FROM jobs WHERE kind = 'apns.push' AND status = 'pending') AS pushes`,
    )
    .get()!;
process.stdout.write(`${JSON.stringify({ started: true, ...remaining() })}\n`);
for (;;) {
  const left = remaining();
  if (left.runs === 0 && left.pushes === 0) break;
  await new Promise((resolve) => setTimeout(resolve, 200));
}
await app.close();
process.stdout.write(`${JSON.stringify({ done: true })}\n`);
