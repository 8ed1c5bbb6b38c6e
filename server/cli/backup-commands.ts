import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { runRestore } from '../backups/restore-run.js';
import { backupDatabase } from '../db/backup.js';
import { databasePath } from '../db/index.js';
import { acquireLock } from '../db/server-lock.js';
import { AppError } from '../errors.js';
import { cliConfig, print, withDatabase } from './context.js';

const kib = (file: string) => Math.round(statSync(file).size / 1024);

export function registerBackupCommands(program: Command): void {
  program
    .command('backup <file>')
    .description('Write a consistent, verified copy of the database, safe while the server runs')
    .option('-f, --force', 'overwrite the file if it exists')
    .action((file: string, opts: { force?: boolean }) =>
      withDatabase(async ({ db }) => {
        const target = resolve(file);
        if (existsSync(target) && !opts.force) {
          throw new AppError('FILE_EXISTS', `${target} already exists; add --force to overwrite it.`);
        }
        await backupDatabase(db, target);
        print(`Backup written and verified: ${target} (${kib(target)} KiB).`);
      }),
    );

  program
    .command('restore <file>')
    .description('Put a backup in place of the database (Passerelle must be stopped); the current one is kept as a dated copy')
    .action((file: string) => {
      const config = cliConfig();
      const source = resolve(file);
      // Refuses while a server runs on this folder, and keeps one from starting until the swap is done.
      const lock = acquireLock(config.dataDir, 'restore');
      try {
        const run = runRestore({ dataDir: config.dataDir, source, now: Date.now() });
        const migrated = run.migratedTo > run.schemaVersion ? `, brought up to schema ${run.migratedTo}` : '';
        print(`Restored ${source} into ${databasePath(config.dataDir)} (schema version ${run.schemaVersion}${migrated}).`);
        if (run.keptAs) print(`The database it replaced is kept as ${run.keptAs}.`);
        print('Start Passerelle again to use it.');
      } finally {
        lock.release();
      }
    });

  program
    .command('check')
    .description('Check every page of the database (the start checks databases up to 256 MiB; this checks any size)')
    .action(() =>
      withDatabase(({ config, db }) => {
        const result = db.pragma('integrity_check(20)', { simple: false }) as Array<{ integrity_check: string }>;
        const problems = result.map((r) => r.integrity_check).filter((r) => r !== 'ok');
        const file = databasePath(config.dataDir);
        if (problems.length === 0) return print(`${file}: no problem found.`);
        throw new AppError(
          'DATABASE_DAMAGED',
          `${file} is damaged: ${problems.slice(0, 5).join('; ')}. Stop Passerelle and restore a backup: passerelle restore <backup file>.`,
        );
      }),
    );
}
