import { InvalidArgumentError, type Command } from 'commander';
import { databasePath, migrationsDir, openAppDatabase } from '../db/index.js';
import { openDatabase, closeDatabase } from '../db/connection.js';
import { asDatabaseError, inspectDatabaseFile } from '../db/file-check.js';
import { loadMigrations, schemaVersion } from '../db/migrate.js';
import { loadDemoBrand } from '../demo/load.js';
import { cliConfig, print, withDatabase } from './context.js';

function positiveInt(raw: string): number {
  const n = Number(raw.replace(/[_,\s]/g, ''));
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number above 0');
  return n;
}

export function registerDataCommands(program: Command): void {
  program
    .command('demo')
    .description('Fill an empty install with a believable French demo brand (stores, customers, purchases, a card)')
    .option('-n, --customers <count>', 'number of customers', positiveInt, 1000)
    .option('--seed <seed>', 'random seed (same seed, same data)', positiveInt, 42)
    .option('--wallet-history', 'also cards in Apple and Google wallets over the months, messages and campaigns (the dashboard’s KPIs)')
    .action((opts: { customers: number; seed: number; walletHistory?: boolean }) =>
      withDatabase(async ({ config, db }) => {
        const started = performance.now();
        let lastShown = 0;
        const summary = await loadDemoBrand(db, {
          customers: opts.customers,
          seed: opts.seed,
          walletHistory: opts.walletHistory ?? false,
          onProgress: (done, total) => {
            const pct = Math.floor((done / total) * 100);
            if (process.stdout.isTTY && pct !== lastShown) process.stdout.write(`\r${pct} %`);
            lastShown = pct;
          },
        });
        if (process.stdout.isTTY) process.stdout.write('\r');
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        print(
          `Demo brand loaded in ${seconds} s into ${config.dataDir}: ${summary.stores} stores, ` +
            `${summary.customers} customers, ${summary.purchases} purchases, ${summary.designs} card design.`,
        );
      }, { create: true }),
    );

  program
    .command('migrate')
    .description('Bring the database schema up to date (the server also does this at start)')
    .option('--status', 'only show the current and latest schema versions')
    .action((opts: { status?: boolean }) => {
      const config = cliConfig();
      if (opts.status) {
        const file = databasePath(config.dataDir);
        const latest = loadMigrations(migrationsDir()).length;
        if (inspectDatabaseFile(file) === 'absent') return print(`No database yet at ${file} (latest schema: ${latest}).`);
        try {
          const db = openDatabase(file, { readonly: true });
          try {
            print(`Schema version ${schemaVersion(db)} of ${latest} (${file}).`);
          } finally {
            closeDatabase(db);
          }
        } catch (err) {
          throw asDatabaseError(err, file);
        }
        return;
      }
      const { db, migration } = openAppDatabase(config.dataDir);
      closeDatabase(db);
      if (migration.applied.length === 0) print(`Database already at schema version ${migration.to}.`);
      else print(`Migrated from ${migration.from} to ${migration.to}: ${migration.applied.join(', ')}.`);
    });
}
