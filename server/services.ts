import type { Logger } from 'pino';
import { effectivePublicUrl, urlHost, type Config } from './config.js';
import type { Db } from './db/connection.js';
import { createSessionsRepository, type SessionsRepository } from './auth/sessions-repository.js';
import { createSettingsRepository, type SettingsRepository } from './settings/settings-repository.js';
import { createHappenings, type Happenings } from './happenings.js';

export type PublicUrlSource = 'environment' | 'setting' | 'listener';
export interface RestoreReport {
  at: number;
  ok: boolean;
  message: string;
  restoredFrom?: string;
  keptAs?: string;
}

/** What the process that runs the server (main.ts) lets the app ask of it. */
export interface ServerLifecycle {
  /**
   * Restores a backup in place of the database: once the current request is answered the server closes, the file is
   * swapped (db/restore.ts) and the server starts again on the same ports. `sessionToken` keeps its owner signed in.
   */
  restore(source: string, sessionToken: string | undefined): void;
  /** The outcome of the last restore in this process. */
  lastRestore(): RestoreReport | undefined;
}

/** What every feature may use, built once per app and passed in (no globals, no process.env). */
export interface Services {
  config: Config;
  db: Db;
  log: Logger;
  now: () => number;
  sessions: SessionsRepository;
  settings: SettingsRepository;
  /** "Something happened" to a customer (happenings.ts): announced inside the writing transaction, heard by listeners. */
  happenings: Happenings;
  /** Absent when no server process runs the app (tests through inject, the CLI): a restore then needs the CLI. */
  lifecycle?: ServerLifecycle;
  urls: {
    admin(): string;
    /**
     * The URL phones use, read at every call (a change in Settings applies at once): PASSERELLE_PUBLIC_URL when set,
     * else the `server.publicUrl` setting, else config.json's older `publicUrl`, else the public listener's own address.
     */
    public(): string;
    publicSource(): PublicUrlSource;
    /** Called once the listeners are bound (port 0 picks a free port). */
    setBoundPorts(admin: number, pub: number): void;
    boundPorts(): { admin: number; public: number };
  };
}

export function createServices(
  config: Config,
  db: Db,
  log: Logger,
  now: () => number = Date.now,
  lifecycle?: ServerLifecycle,
): Services {
  let ports = { admin: config.adminPort, public: config.publicPort };
  const settings = createSettingsRepository(db, config.dataDir, now, config);
  const configured = (): { url: string; source: PublicUrlSource } => {
    if (config.fromEnvironment.includes('publicUrl')) return { url: config.publicUrl, source: 'environment' };
    const setting = settings.get('server.publicUrl') as string;
    if (setting) return { url: setting, source: 'setting' };
    return config.publicUrl ? { url: config.publicUrl, source: 'setting' } : { url: '', source: 'listener' };
  };
  return {
    ...(lifecycle ? { lifecycle } : {}),
    config,
    db,
    log,
    now,
    sessions: createSessionsRepository(db, now),
    settings,
    happenings: createHappenings(),
    urls: {
      admin: () => {
        const host = config.adminHost === '0.0.0.0' || config.adminHost === '::' ? '127.0.0.1' : config.adminHost;
        return `http://${urlHost(host)}:${ports.admin}`;
      },
      public: () => effectivePublicUrl({ publicUrl: configured().url, publicHost: config.publicHost }, ports.public),
      publicSource: () => configured().source,
      setBoundPorts(admin, pub) {
        ports = { admin, public: pub };
      },
      boundPorts: () => ports,
    },
  };
}
