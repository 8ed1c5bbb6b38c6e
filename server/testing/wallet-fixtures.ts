/**
 * Apple passes registered on devices, written straight into a migrated database: what the web service would have
 * stored after phones installed the passes. For push tests and benchmarks that need thousands of them fast.
 */
import { createHash } from 'node:crypto';
import { openDatabase, type Db } from '../db/connection.js';
import { migrationsDir } from '../db/index.js';
import { loadMigrations, migrate } from '../db/migrate.js';

/** A 64-hex push token, distinct per `i`, as APNs hands them out. */
export const pushTokenFor = (i: number | string): string => createHash('sha256').update(`device-${i}`).digest('hex');

export function openMigratedDatabase(file = ':memory:'): Db {
  const db = openDatabase(file);
  migrate(db, loadMigrations(migrationsDir()));
  return db;
}

export interface SeedOptions {
  passes: number;
  passTypeIdentifier: string;
  /** Every n-th pass also gets a second device (a phone and a watch, say). 0: never. */
  secondDeviceEvery?: number;
  now?: number;
}

export interface SeededPasses {
  passIds: number[];
  /** Push tokens of each pass's devices, by pass id. */
  tokensByPass: Map<number, string[]>;
  /** Every distinct push token. */
  tokens: string[];
}

export function seedRegisteredPasses(db: Db, options: SeedOptions): SeededPasses {
  const now = options.now ?? Date.now();
  const every = options.secondDeviceEvery ?? 0;
  const design = db
    .prepare(`INSERT INTO card_designs (name, kind, design, created_at, updated_at) VALUES ('Push test', 'loyalty', '{}', ?, ?)`)
    .run(now, now).lastInsertRowid as number;
  const customer = db.prepare(
    `INSERT INTO customers (email, first_name, referral_code, created_at, updated_at) VALUES (?, 'Client', ?, ?, ?)`,
  );
  const pass = db.prepare(
    `INSERT INTO passes (customer_id, design_id, platform, serial, pass_type_identifier, auth_token, download_id, updated_at, created_at)
     VALUES (?, ?, 'apple', ?, ?, ?, ?, ?, ?)`,
  );
  const device = db.prepare(`INSERT INTO devices (device_library_id, push_token, created_at, updated_at) VALUES (?, ?, ?, ?)`);
  const registration = db.prepare(`INSERT INTO registrations (device_id, pass_id, created_at) VALUES (?, ?, ?)`);
  // Past every number an earlier seed used, even if its devices were deleted since (unregistered, or dead for APNs):
  // the highest of the device names and of the serials (which name the first device of their pass).
  const used = db
    .prepare<[], { n: number | null }>(
      `SELECT MAX(n) AS n FROM (
         SELECT CAST(substr(device_library_id, 9) AS INTEGER) AS n FROM devices WHERE device_library_id LIKE 'library-%'
         UNION ALL
         SELECT CAST(substr(serial, 8, instr(substr(serial, 8), '-') - 1) AS INTEGER) FROM passes WHERE serial LIKE 'serial-%-%')`,
    )
    .get()?.n;
  const base = (used ?? 0) + 1;

  const passIds: number[] = [];
  const tokensByPass = new Map<number, string[]>();
  const tokens: string[] = [];
  db.transaction(() => {
    let d = base;
    for (let i = 0; i < options.passes; i++) {
      const tag = `${d}-${i}`;
      const customerId = customer.run(`push-${tag}@example.fr`, `PUSH-${tag}`, now, now).lastInsertRowid as number;
      const passId = pass.run(customerId, design, `serial-${tag}`, options.passTypeIdentifier, `auth-token-${tag}-0000`, `dl-${tag}`, now, now)
        .lastInsertRowid as number;
      const devices = every > 0 && i % every === 0 ? 2 : 1;
      const own: string[] = [];
      for (let k = 0; k < devices; k++, d++) {
        const token = pushTokenFor(d);
        const deviceId = device.run(`library-${d}`, token, now, now).lastInsertRowid as number;
        registration.run(deviceId, passId, now);
        own.push(token);
        tokens.push(token);
      }
      passIds.push(passId);
      tokensByPass.set(passId, own);
    }
  })();
  return { passIds, tokensByPass, tokens };
}

/** Registers an existing device (by push token) for one more pass. */
export function registerDevice(db: Db, token: string, passId: number, now = Date.now()): void {
  const row = db.prepare<[string], { id: number }>('SELECT id FROM devices WHERE push_token = ?').get(token);
  if (!row) throw new Error(`no device with push token ${token}`);
  db.prepare('INSERT INTO registrations (device_id, pass_id, created_at) VALUES (?, ?, ?)').run(row.id, passId, now);
}
