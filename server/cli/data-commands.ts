import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { backupDatabase } from '../db/backup.js';
import { databasePath, migrationsDir, openAppDatabase } from '../db/index.js';
import { openDatabase, closeDatabase } from '../db/connection.js';
import { loadMigrations, schemaVersion } from '../db/migrate.js';
import { loadDemoBrand } from '../demo/load.js';
import { AppError } from '../errors.js';
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
    .action((opts: { customers: number; seed: number }) =>
      withDatabase(async ({ config, db }) => {
        const started = performance.now();
        let lastShown = 0;
        const summary = await loadDemoBrand(db, {
          customers: opts.customers,
          seed: opts.seed,
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
        if (!existsSync(file)) return print(`No database yet at ${file} (latest schema: ${latest}).`);
        const db = openDatabase(file, { readonly: true });
        try {
          print(`Schema version ${schemaVersion(db)} of ${latest} (${file}).`);
        } finally {
          closeDatabase(db);
        }
        return;
      }
      const { db, migration } = openAppDatabase(config.dataDir);
      closeDatabase(db);
      if (migration.applied.length === 0) print(`Database already at schema version ${migration.to}.`);
      else print(`Migrated from ${migration.from} to ${migration.to}: ${migration.applied.join(', ')}.`);
    });

  program
    .command('backup <file>')
    .description('Write a consistent copy of the database, safe while the server runs')
    .option('-f, --force', 'overwrite the file if it exists')
    .action((file: string, opts: { force?: boolean }) =>
      withDatabase(async ({ db }) => {
        const target = resolve(file);
        if (existsSync(target) && !opts.force) {
          throw new AppError('FILE_EXISTS', `${target} already exists; add --force to overwrite it.`);
        }
        await backupDatabase(db, target);
        print(`Backup written to ${target} (${Math.round(statSync(target).size / 1024)} KiB).`);
      }),
    );

}
