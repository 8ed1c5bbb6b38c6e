/**
 * Which data folder a command works on. With PASSERELLE_DATA_DIR the person chose it. Without, `./data` is only a
 * default: when it holds no Passerelle and one server runs elsewhere for this user (the desktop app, a `serve` started
 * with other variables), that server's folder is the one meant; a command never creates a stray `./data` unless its
 * job is to make a database (serve, migrate, demo).
 */
import { existsSync } from 'node:fs';
import { findAppRoot } from '../app-root.js';
import { loadConfig, type Config } from '../config.js';
import { databasePath } from '../db/index.js';
import { AppError } from '../errors.js';
import { instanceOn, runningInstances, type RunningInstance } from '../runtime/instances.js';

export interface DataFolder {
  config: Config;
  /** The server running on that folder now, with its real addresses. */
  running?: RunningInstance;
  /** Said on stderr when the folder was found rather than given. */
  note?: string;
}

export interface FindOptions {
  /** The command makes a database where there is none (serve, migrate, demo). */
  create?: boolean;
  env?: Record<string, string | undefined>;
  cwd?: string;
}

const load = (env: Record<string, string | undefined>, cwd: string) => loadConfig({ env, cwd, mode: 'headless', appRoot: findAppRoot() });

export function findDataFolder(options: FindOptions = {}): DataFolder {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const config = load(env, cwd);
  const here = instanceOn(config.runtimeDir, config.dataDir);
  if (config.dataDirExplicit || here || existsSync(databasePath(config.dataDir))) return { config, ...(here ? { running: here } : {}) };

  const others = runningInstances(config.runtimeDir);
  if (others.length === 1) {
    const running = others[0]!;
    return {
      config: load({ ...env, PASSERELLE_DATA_DIR: running.dataDir }, cwd),
      running,
      note: `Using the data folder of the Passerelle running now (${running.adminUrl}): ${running.dataDir}`,
    };
  }
  if (others.length > 1) {
    const list = others.map((i) => `  PASSERELLE_DATA_DIR=${i.dataDir}   (admin ${i.adminUrl})`).join('\n');
    throw new AppError('SEVERAL_SERVERS', `Several Passerelle servers are running; say which one with its data folder:\n${list}`, 400);
  }
  if (options.create) return { config };
  throw new AppError(
    'NO_DATA_FOLDER',
    `No Passerelle data folder here (${config.dataDir}) and no Passerelle running. Start Passerelle first ` +
      '(npm start for the desktop app, or npm run serve, which prints a login link), or point PASSERELLE_DATA_DIR at your data folder.',
    400,
  );
}
