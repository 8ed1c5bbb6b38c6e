import { findAppRoot } from '../app-root.js';
import { compose, type ComposeOptions, type Parts } from '../composition.js';
import { createLogger } from '../http/logger.js';
import { createServices, type Services } from '../services.js';
import { appVersion } from '../version.js';
import { loadConfig, type Config } from '../config.js';
import { closeDatabase, type Db } from '../db/connection.js';
import { openAppDatabase } from '../db/index.js';
import type { RunningInstance } from '../runtime/instances.js';
import { findDataFolder } from './data-folder.js';

export interface DatabaseContext {
  config: Config;
  db: Db;
  /** The server running on this data folder now, if any, with its real addresses. */
  running?: RunningInstance;
}

/**
 * Config and database for one CLI command, closed (and checkpointed) when the command is done. The data folder is
 * found as data-folder.ts says; only commands that make a database (`create`) may start one where there is none.
 */
export async function withDatabase<T>(fn: (ctx: DatabaseContext) => T | Promise<T>, options: { create?: boolean } = {}): Promise<T> {
  const { config, running, note } = findDataFolder(options);
  if (note) process.stderr.write(`${note}\n`);
  const { db } = openAppDatabase(config.dataDir);
  try {
    return await fn({ config, db, ...(running ? { running } : {}) });
  } finally {
    closeDatabase(db);
  }
}

/**
 * The server's parts for commands that reuse server features (no listeners, no log output, no background work),
 * stopped (signing threads ended) before the database closes.
 */
export async function withParts<T>(
  fn: (ctx: DatabaseContext & { services: Services; parts: Parts }) => T | Promise<T>,
  options: Pick<ComposeOptions, 'signing'> = {},
): Promise<T> {
  return withDatabase(async (ctx) => {
    const { config, db } = ctx;
    const services = createServices(config, db, createLogger({ logLevel: 'silent' }));
    // Addresses written into passes and QR codes are the running server's (its ports may be chosen at start).
    if (ctx.running) services.urls.setBoundPorts(ctx.running.adminPort, ctx.running.publicPort);
    const composition = compose(services, { version: appVersion(), ...options });
    try {
      return await fn({ ...ctx, services, parts: composition.parts });
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
