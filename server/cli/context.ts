import { findAppRoot } from '../app-root.js';
import { loadConfig, type Config } from '../config.js';
import { closeDatabase, type Db } from '../db/connection.js';
import { openAppDatabase } from '../db/index.js';

/** Config and database for one CLI command, closed (and checkpointed) when the command is done. */
export async function withDatabase<T>(fn: (ctx: { config: Config; db: Db }) => T | Promise<T>): Promise<T> {
  const config = cliConfig();
  const { db } = openAppDatabase(config.dataDir);
  try {
    return await fn({ config, db });
  } finally {
    closeDatabase(db);
  }
}

export function cliConfig(): Config {
  return loadConfig({ env: process.env, cwd: process.cwd(), mode: 'headless', appRoot: findAppRoot() });
}

export function print(line = ''): void {
  process.stdout.write(`${line}\n`);
}
