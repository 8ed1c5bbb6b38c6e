#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { AppError } from './errors.js';
import { appVersion } from './version.js';
import { registerServeCommands } from './cli/serve-commands.js';
import { registerDataCommands } from './cli/data-commands.js';
import { registerBackupCommands } from './cli/backup-commands.js';
import { registerSettingsCommands } from './cli/settings-commands.js';
import { registerAppleCommands } from './cli/apple-commands.js';
import { registerPassCommands } from './cli/pass-commands.js';
import { registerSegmentCommands } from './cli/segment-commands.js';
import { registerCampaignCommands } from './cli/campaign-commands.js';
import { registerCustomerCommands } from './cli/customer-commands.js';
import { registerDoctorCommands } from './cli/doctor-commands.js';
import { registerGoogleCommands } from './cli/google-commands.js';
import { registerStoreCommands } from './cli/store-commands.js';
import { registerAutomationCommands } from './cli/automation-commands.js';
import { registerKpiCommands } from './cli/kpi-commands.js';
import { registerIntegrationCommands } from './cli/integration-commands.js';

/**
 * `passerelle <command>`: everything a headless box or a script needs. Each later feature that has a Settings
 * screen or an export adds its command here, through a `register…Commands(program)` function of its own.
 */
export function createProgram(): Command {
  const program = new Command('passerelle')
    .description('Passerelle: your brand’s wallet cards, customers and messages, on your own computer.')
    .version(appVersion())
    .showHelpAfterError();
  registerServeCommands(program);
  registerDataCommands(program);
  registerBackupCommands(program);
  registerSettingsCommands(program);
  registerAppleCommands(program);
  registerPassCommands(program);
  registerSegmentCommands(program);
  registerCampaignCommands(program);
  registerCustomerCommands(program);
  registerDoctorCommands(program);
  registerGoogleCommands(program);
  registerStoreCommands(program);
  registerAutomationCommands(program);
  registerKpiCommands(program);
  registerIntegrationCommands(program);
  return program;
}

export async function runCli(argv: string[]): Promise<number> {
  const program = createProgram().exitOverride();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    if (err instanceof AppError) {
      process.stderr.write(`error: ${err.message}\n`);
      return 1;
    }
    process.stderr.write(`error: ${(err as Error).stack ?? String(err)}\n`);
    return 1;
  }
}

runCli(process.argv.slice(2)).then((code) => {
  // `serve` keeps the process alive through its listeners; every other command ends here.
  if (code !== 0) process.exit(code);
});
