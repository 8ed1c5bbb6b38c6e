import type { Command } from 'commander';
import { urlHost } from '../config.js';
import { createSessionsRepository, LOGIN_TOKEN_TTL_MS } from '../auth/sessions-repository.js';
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
    .description('Print a new one-time login link for the admin UI of the running server (found wherever it runs)')
    .action(() =>
      withDatabase(({ config, db, running }) => {
        const token = createSessionsRepository(db).createLoginToken();
        if (running) return print(`${running.adminUrl}/login?token=${token}`);
        const host = config.adminHost === '0.0.0.0' || config.adminHost === '::' ? '127.0.0.1' : config.adminHost;
        print(`http://${urlHost(host)}:${config.adminPort || 4380}/login?token=${token}`);
        process.stderr.write(
          `No Passerelle is running on ${config.dataDir} right now: this link works once it is started there ` +
            `(npm run serve), for ${LOGIN_TOKEN_TTL_MS / 3_600_000} hours.\n`,
        );
      }),
    );
}
