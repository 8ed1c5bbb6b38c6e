/**
 * CSV import: 100,000 customers from a French Excel export (`;`, BOM, French headers and dates) through the same
 * path as the admin screen (upload, check of every row, the import run a thousand rows per transaction), then the
 * same file again (every row unchanged), then purchases for them. Prints rows per second for each phase and one JSON
 * line. Target: 100,000 customers well under a minute.
 *
 *   npm run bench:import [-- --customers 100000 --purchases 100000]
 */
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findAppRoot } from '../server/app-root.js';
import { compose } from '../server/composition.js';
import { loadConfig } from '../server/config.js';
import { closeDatabase } from '../server/db/connection.js';
import { openAppDatabase } from '../server/db/index.js';
import { createLogger } from '../server/http/logger.js';
import { createServices } from '../server/services.js';
import { writeCustomersCsv, writePurchasesCsv } from '../server/testing/csv-fixtures.js';
import type { ImportView } from '../server/integrations/schemas.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const n = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number`);
  return n;
}
const CUSTOMERS = arg('customers', 100_000);
const PURCHASES = arg('purchases', 100_000);

const dir = mkdtempSync(join(tmpdir(), 'passerelle-bench-import-'));
const config = loadConfig({ env: { PASSERELLE_DATA_DIR: join(dir, 'data'), PASSERELLE_LOG_LEVEL: 'silent' }, cwd: dir, appRoot: findAppRoot() });
const { db } = openAppDatabase(config.dataDir);
const services = createServices(config, db, createLogger({ logLevel: 'silent' }));
const { parts, stop } = compose(services, { version: 'bench' });
const imports = parts.integrations.imports;

const rate = (rows: number, ms: number) => Math.round((rows / ms) * 1000);
const seconds = (ms: number) => (ms / 1000).toFixed(1);

async function importFile(kind: 'customers' | 'purchases', file: string): Promise<{ check: number; run: number; view: ImportView }> {
  const up = await imports.upload(kind, file, createReadStream(file));
  let t = performance.now();
  const checked = await imports.check(up.import.id, up.suggested);
  const check = performance.now() - t;
  if (checked.status !== 'valid') throw new Error(`the file did not check: ${JSON.stringify(checked.check?.problems.slice(0, 3))}`);
  t = performance.now();
  const view = await imports.runHere(up.import.id, () => {});
  const run = performance.now() - t;
  if (view.status !== 'done') throw new Error(`the import failed: ${view.error}`);
  return { check, run, view };
}

try {
  const customersFile = join(dir, 'clients.csv');
  await writeCustomersCsv(customersFile, CUSTOMERS);
  const first = await importFile('customers', customersFile);
  console.log(`customers, new:      check ${seconds(first.check)} s (${rate(CUSTOMERS, first.check)} rows/s), import ${seconds(first.run)} s (${rate(CUSTOMERS, first.run)} rows/s); created ${first.view.created}`);
  const again = await importFile('customers', customersFile);
  console.log(`customers, again:    check ${seconds(again.check)} s (${rate(CUSTOMERS, again.check)} rows/s), import ${seconds(again.run)} s (${rate(CUSTOMERS, again.run)} rows/s); unchanged ${again.view.unchanged}`);
  let purchases: Awaited<ReturnType<typeof importFile>> | undefined;
  if (PURCHASES > 0) {
    const purchasesFile = join(dir, 'achats.csv');
    await writePurchasesCsv(purchasesFile, PURCHASES, CUSTOMERS);
    purchases = await importFile('purchases', purchasesFile);
    console.log(`purchases, new:      check ${seconds(purchases.check)} s (${rate(PURCHASES, purchases.check)} rows/s), import ${seconds(purchases.run)} s (${rate(PURCHASES, purchases.run)} rows/s); created ${purchases.view.created}`);
  }
  const total = first.check + first.run;
  console.log(`100,000-customer target: ${seconds((total / CUSTOMERS) * 100_000)} s for check + import (well under 60 s: ${total / CUSTOMERS * 100_000 < 30_000 ? 'yes' : 'no'})`);
  console.log(
    JSON.stringify({
      bench: 'import',
      customers: CUSTOMERS,
      customersCheckRowsPerSecond: rate(CUSTOMERS, first.check),
      customersImportRowsPerSecond: rate(CUSTOMERS, first.run),
      reimportUnchangedRowsPerSecond: rate(CUSTOMERS, again.check + again.run),
      purchases: PURCHASES,
      ...(purchases ? { purchasesCheckRowsPerSecond: rate(PURCHASES, purchases.check), purchasesImportRowsPerSecond: rate(PURCHASES, purchases.run) } : {}),
      customersTotalSeconds: Number(seconds(total)),
    }),
  );
} finally {
  await stop();
  closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
}
