import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { Value } from 'typebox/value';
import { ENV_OF_FILE_KEY, configFilePath, readConfigFile, type Config, type FileConfig } from '../config.js';
import type { Db } from '../db/connection.js';
import { AppError } from '../errors.js';
import { SETTINGS, isSettingKey, type SettingDefinition, type SettingKey } from './registry.js';

export interface SettingEntry {
  key: SettingKey;
  /** What is stored (database or config.json), or the default. */
  value: unknown;
  isDefault: boolean;
  appliesAt: 'now' | 'restart';
  description: string;
  /** The environment variable that overrides the stored value in this process, and the value in effect. */
  override?: { variable: string; value: unknown };
}

/** Keys of secrets kept in the settings table, never listed nor shown. */
export type SecretKey = 'admin.passwordHash' | 'tunnel.ngrokAuthtoken';

/** The configuration of this process, to say where the environment overrides what is stored. */
export type EffectiveConfig = Pick<Config, 'fromEnvironment'> & Partial<Pick<Config, keyof FileConfig & keyof Config>>;

function definition(key: string): SettingDefinition & { key: SettingKey } {
  if (!isSettingKey(key)) {
    const known = Object.keys(SETTINGS).join(', ');
    throw new AppError('UNKNOWN_SETTING', `Unknown setting "${key}". Known settings: ${known}`, 400);
  }
  return { ...SETTINGS[key], key };
}

export function validateSetting(key: string, value: unknown): unknown {
  const def = definition(key);
  if (!Value.Check(def.schema, value)) {
    const first = Value.Errors(def.schema, value)[0];
    throw new AppError('VALIDATION_ERROR', `${key}: ${first?.message ?? 'invalid value'} (${def.description})`, 400);
  }
  const problem = def.check?.(value);
  if (problem !== undefined) throw new AppError('VALIDATION_ERROR', `${key}: ${problem}`, 400);
  return value;
}

/** Reads and writes settings wherever they live: SQLite for the brand, config.json for the listeners. */
export function createSettingsRepository(db: Db, dataDir: string, now: () => number = Date.now, effective?: EffectiveConfig) {
  const getRow = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
  const deleteRow = db.prepare('DELETE FROM settings WHERE key = ?');
  const upsert = db.prepare(
    `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );

  function readFile(): FileConfig {
    return readConfigFile(dataDir);
  }

  function writeFile(next: FileConfig): void {
    const file = configFilePath(dataDir);
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, file);
  }

  function stored(key: SettingKey): { value: unknown; found: boolean } {
    const def = SETTINGS[key] as SettingDefinition;
    if (def.store === 'file') {
      const file = readFile();
      const v = def.fileKey ? file[def.fileKey] : undefined;
      return v === undefined ? { value: def.default, found: false } : { value: v, found: true };
    }
    const row = getRow.get(key);
    if (row) return { value: JSON.parse(row.value) as unknown, found: true };
    const legacy = def.configKey ? readFile()[def.configKey] : undefined;
    return legacy === undefined ? { value: def.default, found: false } : { value: legacy, found: true };
  }

  function overrideOf(def: SettingDefinition): SettingEntry['override'] {
    const configKey = def.fileKey ?? def.configKey;
    if (!effective || !configKey || !effective.fromEnvironment.includes(configKey)) return undefined;
    return { variable: ENV_OF_FILE_KEY[configKey], value: effective[configKey] };
  }

  return {
    get(key: string): unknown {
      // On hot paths (every pass built reads the default language): no copy of the definition.
      if (!isSettingKey(key)) definition(key);
      return stored(key as SettingKey).value;
    },
    /** Brand settings as one typed object, for the API and the cards. */
    brand(): { name: string; primaryColor: string; defaultLocale: 'fr' | 'en'; website: string } {
      return {
        name: stored('brand.name').value as string,
        primaryColor: stored('brand.primaryColor').value as string,
        defaultLocale: stored('brand.defaultLocale').value as 'fr' | 'en',
        website: stored('brand.website').value as string,
      };
    },
    list(): SettingEntry[] {
      return (Object.keys(SETTINGS) as SettingKey[]).map((key) => {
        const def = SETTINGS[key] as SettingDefinition;
        const { value, found } = stored(key);
        const override = overrideOf(def);
        return {
          key,
          value,
          isDefault: !found,
          appliesAt: def.store === 'db' ? 'now' : 'restart',
          description: def.description,
          ...(override ? { override } : {}),
        };
      });
    },
    /** Validates every value first, then writes them together: a bad value saves nothing. */
    setMany(values: Record<string, unknown>): void {
      const entries = Object.entries(values).map(([k, v]) => [definition(k).key, validateSetting(k, v)] as const);
      const dbEntries = entries.filter(([k]) => SETTINGS[k].store === 'db');
      const fileEntries = entries.filter(([k]) => SETTINGS[k].store === 'file');
      const legacyKeys = dbEntries.flatMap(([k]) => (SETTINGS[k] as SettingDefinition).configKey ?? []);
      const file = fileEntries.length > 0 || legacyKeys.length > 0 ? readFile() : undefined;
      if (file && (fileEntries.length > 0 || legacyKeys.some((k) => file[k] !== undefined))) {
        const next: Record<string, unknown> = { ...file };
        for (const [k, v] of fileEntries) {
          const fileKey = (SETTINGS[k] as SettingDefinition).fileKey;
          if (fileKey) next[fileKey] = v;
        }
        // The database holds it from now on: a copy left in config.json would come back if the setting were emptied.
        for (const k of legacyKeys) delete next[k];
        writeFile(next as FileConfig);
      }
      const t = now();
      db.transaction(() => {
        for (const [k, v] of dbEntries) upsert.run(k, JSON.stringify(v), t);
      })();
    },
    /** CLI values are text; numbers and booleans are converted, everything else stays a string. */
    parseCliValue(key: string, raw: string): unknown {
      const def = definition(key);
      if (def.boolean) {
        const v = raw.trim().toLowerCase();
        return ['true', 'on', 'yes', '1'].includes(v) ? true : ['false', 'off', 'no', '0'].includes(v) ? false : raw;
      }
      return def.numeric ? Number(raw) : raw;
    },
    hasConfigFile(): boolean {
      return existsSync(configFilePath(dataDir));
    },
    getSecret(key: SecretKey): string | undefined {
      const row = getRow.get(key);
      return row ? (JSON.parse(row.value) as string) : undefined;
    },
    setSecret(key: SecretKey, value: string): void {
      upsert.run(key, JSON.stringify(value), now());
    },
    deleteSecret(key: SecretKey): void {
      deleteRow.run(key);
    },
  };
}
export type SettingsRepository = ReturnType<typeof createSettingsRepository>;
