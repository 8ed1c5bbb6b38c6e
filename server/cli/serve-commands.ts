import type { Command } from 'commander';
import { urlHost } from '../config.js';
import { createSessionsRepository } from '../auth/sessions-repository.js';
import { startServer } from '../main.js';
import { print, withDatabase } from './context.js';

export function registerServeCommands(program: Command): void {
  program
    .command('serve')
    .description('Run the server headless: admin UI for a browser on this computer, public listener for the tunnel')
    .action(async () => {
      await startServer({ env: process.env, mode: 'headless', printLoginLink: true, handleSignals: true });
    });

  program
    .command('login-link')
    .description('Print a new one-time login link for the admin UI of the running server')
    .action(() =>
      withDatabase(({ config, db }) => {
        const token = createSessionsRepository(db).createLoginToken();
        const host = config.adminHost === '0.0.0.0' || config.adminHost === '::' ? '127.0.0.1' : config.adminHost;
        print(`http://${urlHost(host)}:${config.adminPort}/login?token=${token}`);
      }),
    );
}
