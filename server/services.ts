import type { Logger } from 'pino';
import { effectivePublicUrl, urlHost, type Config } from './config.js';
import type { Db } from './db/connection.js';
import { createSessionsRepository, type SessionsRepository } from './auth/sessions-repository.js';
import { createSettingsRepository, type SettingsRepository } from './settings/settings-repository.js';
import { createHappenings, type Happenings } from './happenings.js';

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
  urls: {
    admin(): string;
    /** The URL phones use: the public URL setting, else the public listener's own address. */
    public(): string;
    publicSource(): 'setting' | 'listener';
    /** Called once the listeners are bound (port 0 picks a free port). */
    setBoundPorts(admin: number, pub: number): void;
    boundPorts(): { admin: number; public: number };
  };
}

export function createServices(config: Config, db: Db, log: Logger, now: () => number = Date.now): Services {
  let ports = { admin: config.adminPort, public: config.publicPort };
  return {
    config,
    db,
    log,
    now,
    sessions: createSessionsRepository(db, now),
    settings: createSettingsRepository(db, config.dataDir, now),
    happenings: createHappenings(),
    urls: {
      admin: () => {
        const host = config.adminHost === '0.0.0.0' || config.adminHost === '::' ? '127.0.0.1' : config.adminHost;
        return `http://${urlHost(host)}:${ports.admin}`;
      },
      public: () => effectivePublicUrl(config, ports.public),
      publicSource: () => (config.publicUrl ? 'setting' : 'listener'),
      setBoundPorts(admin, pub) {
        ports = { admin, public: pub };
      },
      boundPorts: () => ports,
    },
  };
}
