import { findAppRoot } from '../app-root.js';
import { compose, type ComposeOptions, type Parts } from '../composition.js';
import { createLogger } from '../http/logger.js';
import { createServices, type Services } from '../services.js';
import { appVersion } from '../version.js';
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

/**
 * The server's parts for commands that reuse server features (no listeners, no log output, no background work),
 * stopped (signing threads ended) before the database closes.
 */
export async function withParts<T>(
  fn: (ctx: { config: Config; db: Db; services: Services; parts: Parts }) => T | Promise<T>,
  options: Pick<ComposeOptions, 'signing'> = {},
): Promise<T> {
  return withDatabase(async ({ config, db }) => {
    const services = createServices(config, db, createLogger({ logLevel: 'silent' }));
    const composition = compose(services, { version: appVersion(), ...options });
    try {
      return await fn({ config, db, services, parts: composition.parts });
    } finally {
      await composition.stop();
    }
  });
}

export function cliConfig(): Config {
  return loadConfig({ env: process.env, cwd: process.cwd(), mode: 'headless', appRoot: findAppRoot() });
}

export function print(line = ''): void {
  process.stdout.write(`${line}\n`);
}
