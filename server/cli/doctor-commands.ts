import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { databasePath } from '../db/index.js';
import { AppError } from '../errors.js';
import { formatLine, runChecks } from '../health/doctor.js';
import { print, withParts } from './context.js';
import { findDataFolder } from './data-folder.js';

/** `passerelle doctor`: every health check, one line each; exit code 1 when any fails (warnings do not). */
export function registerDoctorCommands(program: Command): void {
  program
    .command('doctor')
    .description('Check everything cards need (public https address, Apple certificate, WWDR, APNs, database, backups, disk): one line each, exit code 1 on any failure')
    .action(async () => {
      let folder;
      try {
        folder = findDataFolder();
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== 'NO_DATA_FOLDER') throw err;
        print(formatLine({ id: 'data-folder', title: 'Data folder', status: 'fail', code: err.code, message: err.message }));
        process.exitCode = 1;
        return;
      }
      // Never creates one: a doctor that made an empty database would then report on it.
      if (!existsSync(databasePath(folder.config.dataDir))) {
        print(
          formatLine({
            id: 'data-folder',
            title: 'Data folder',
            status: 'fail',
            code: 'NO_DATABASE',
            message: `No Passerelle database in ${folder.config.dataDir}: nothing is set up there yet. Start Passerelle once (npm start, or npm run serve) to create it.`,
          }),
        );
        process.exitCode = 1;
        return;
      }
      await withParts(async ({ config, parts, running }) => {
        print(`Passerelle doctor: ${config.dataDir} (${running ? `server running, admin ${running.adminUrl}` : 'no server running on it'})`);
        const lines = await runChecks(parts.checks(), { serverRunning: running !== undefined, now: Date.now() });
        for (const line of lines) print(formatLine(line));
        const failed = lines.filter((l) => l.status === 'fail').length;
        const warned = lines.filter((l) => l.status === 'warn').length;
        print(failed === 0 ? `All set${warned ? ` (${warned} warning${warned > 1 ? 's' : ''})` : ''}.` : `${failed} problem${failed > 1 ? 's' : ''} to fix${warned ? `, ${warned} warning${warned > 1 ? 's' : ''}` : ''}.`);
        if (failed > 0) process.exitCode = 1;
      });
    });
}
