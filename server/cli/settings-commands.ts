import type { Command } from 'commander';
import { resolve } from 'node:path';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../auth/password.js';
import { readApnsStatus } from '../passes/apple/apns/apns-status.js';
import { AppError } from '../errors.js';
import { createSettingsRepository } from '../settings/settings-repository.js';
import { print, withDatabase } from './context.js';
import { readSecret } from './read-secret.js';

function show(value: unknown): string {
  return typeof value === 'string' ? (value === '' ? '(empty)' : value) : JSON.stringify(value);
}

export function registerSettingsCommands(program: Command): void {
  const settings = program
    .command('settings')
    .description('Read and change settings (brand, listeners, URLs)')
    .action(() =>
      withDatabase(({ config, db }) => {
        const repo = createSettingsRepository(db, config.dataDir, undefined, config);
        for (const s of repo.list()) {
          if (s.override) {
            // What this process (and a server started from this terminal) uses, then what is stored underneath.
            print(`${s.key.padEnd(22)} ${show(s.override.value)}  (from ${s.override.variable}; stored: ${show(s.value)})`);
          } else {
            const note = [s.isDefault ? 'default' : '', s.appliesAt === 'restart' ? 'applies at next start' : '']
              .filter(Boolean)
              .join(', ');
            print(`${s.key.padEnd(22)} ${show(s.value)}${note ? `  (${note})` : ''}`);
          }
          print(`${''.padEnd(22)} ${s.description}`);
        }
      }),
    );

  settings
    .command('get <key>')
    .description('Print one setting')
    .action((key: string) =>
      withDatabase(({ config, db }) => {
        const entry = createSettingsRepository(db, config.dataDir, undefined, config).list().find((s) => s.key === key);
        const repo = createSettingsRepository(db, config.dataDir);
        if (!entry?.override) return print(show(repo.get(key)));
        print(show(entry.override.value));
        process.stderr.write(`(from ${entry.override.variable}; stored: ${show(repo.get(key))})\n`);
      }),
    );

  settings
    .command('set <key> <value>')
    .description('Change one setting (validated; nothing is saved if the value is refused)')
    .action((key: string, value: string) =>
      withDatabase(({ config, db }) => {
        const repo = createSettingsRepository(db, config.dataDir);
        repo.setMany({ [key]: repo.parseCliValue(key, value) });
        const entry = createSettingsRepository(db, config.dataDir, undefined, config).list().find((s) => s.key === key);
        print(`${key} = ${show(repo.get(key))}${entry?.appliesAt === 'restart' ? ' (restart Passerelle to apply)' : ''}`);
        if (entry?.override) {
          process.stderr.write(`Note: ${entry.override.variable} is set here and overrides it (${show(entry.override.value)}).\n`);
        }
      }),
    );

  settings
    .command('apns')
    .description('Where pass update pushes go (APNs host, port, CA to trust); alone, prints them and the push status')
    .option('--host <host>', 'APNs host name or IP address')
    .option('--port <port>', 'APNs port')
    .option('--ca <file>', 'PEM file of the CA to trust for that host; "" for the system CAs')
    .option('--apple', 'back to Apple production: api.push.apple.com:443 with the system CAs')
    .action((opts: { host?: string; port?: string; ca?: string; apple?: boolean }) =>
      withDatabase(({ config, db }) => {
        const repo = createSettingsRepository(db, config.dataDir);
        const values: Record<string, unknown> = {};
        if (opts.apple) Object.assign(values, { 'apns.host': 'api.push.apple.com', 'apns.port': 443, 'apns.caFile': '' });
        if (opts.host !== undefined) values['apns.host'] = opts.host;
        if (opts.port !== undefined) values['apns.port'] = repo.parseCliValue('apns.port', opts.port);
        // The server may run from another folder than this command: the file is saved by its absolute path.
        if (opts.ca !== undefined) values['apns.caFile'] = opts.ca === '' ? '' : resolve(opts.ca);
        if (Object.keys(values).length > 0) repo.setMany(values);
        for (const key of ['apns.host', 'apns.port', 'apns.caFile'] as const) {
          const value = repo.get(key);
          print(`${key.padEnd(12)} ${key === 'apns.caFile' && value === '' ? '(system CAs)' : show(value)}`);
        }
        const status = readApnsStatus(db);
        const since = status ? new Date(status.at).toISOString() : '';
        print(
          `${'status'.padEnd(12)} ${
            !status ? 'no push sent yet' : status.ok ? `working (since ${since})` : `stopped: ${status.code}: ${status.message} (${since})`
          }`,
        );
        if (Object.keys(values).length > 0) print('A running Passerelle applies it within 30 seconds; no restart needed.');
      }),
    );

  settings
    .command('admin-password')
    .description('Set the admin password (required to bind the admin listener beyond this computer)')
    .option('--password-stdin', 'read the password from standard input instead of prompting')
    .action((opts: { passwordStdin?: boolean }) =>
      withDatabase(async ({ config, db }) => {
        const password = await readSecret('New admin password: ', Boolean(opts.passwordStdin));
        if (password.length < MIN_PASSWORD_LENGTH) {
          throw new AppError('WEAK_PASSWORD', `The admin password needs at least ${MIN_PASSWORD_LENGTH} characters.`);
        }
        createSettingsRepository(db, config.dataDir).setSecret('admin.passwordHash', await hashPassword(password));
        print('Admin password saved (only its hash is stored).');
      }),
    );
}
