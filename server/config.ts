import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import { AppError } from './errors.js';

export const MAX_PROXY_HOPS = 5;

/**
 * The one configuration object of the process. Precedence: defaults < `<dataDir>/config.json` < environment.
 * Nothing else in the server reads `process.env`: callers pass the environment in.
 */
export const ConfigSchema = Type.Object({
  mode: Type.Union([Type.Literal('headless'), Type.Literal('desktop')]),
  dataDir: Type.String({ minLength: 1 }),
  adminHost: Type.String({ minLength: 1 }),
  adminPort: Type.Integer({ minimum: 0, maximum: 65535 }),
  publicHost: Type.String({ minLength: 1 }),
  publicPort: Type.Integer({ minimum: 0, maximum: 65535 }),
  /** The URL phones use to reach the public listener (through a tunnel). Empty: the public listener's own address. */
  publicUrl: Type.String(),
  logLevel: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  /** Extra `Host` names the admin listener accepts, for a box administered from another computer. */
  adminAllowedHosts: Type.Array(Type.String({ minLength: 1 })),
  /** Folder of the built admin UI (vite output). */
  uiDir: Type.String({ minLength: 1 }),
  /** Desktop mode: a per-launch token that Electron hands to its window. Never written anywhere. */
  launchToken: Type.String(),
  /** Files shipped with the app (Apple's WWDR certificate, default artwork, default messages). */
  resourcesDir: Type.String({ minLength: 1 }),
  /**
   * Where running servers note their data folder and addresses (one small file each), so that a command run from
   * another terminal, without the same PASSERELLE_* variables, finds the server that runs (server/runtime/).
   */
  runtimeDir: Type.String({ minLength: 1 }),
  /** The config.json keys whose value came from an environment variable, to say so wherever the value is shown. */
  fromEnvironment: Type.Array(Type.String()),
  /** PASSERELLE_DATA_DIR was given: the data folder is the person's choice, not the ./data default. */
  dataDirExplicit: Type.Boolean(),
  /**
   * Proxies in front of the public listener whose X-Forwarded-For entries are believed (http/client-address.ts):
   * 1 for a tunnel (its agent connects from this computer and reports the phone's address), 0 when phones connect
   * directly, so that nobody can choose the address their requests are counted under.
   */
  trustedProxyHops: Type.Integer({ minimum: 0, maximum: MAX_PROXY_HOPS }),
});
export type Config = Static<typeof ConfigSchema>;

const FileConfigSchema = Type.Partial(
  Type.Object({
    adminHost: Type.String({ minLength: 1 }),
    adminPort: Type.Integer({ minimum: 0, maximum: 65535 }),
    publicHost: Type.String({ minLength: 1 }),
    publicPort: Type.Integer({ minimum: 0, maximum: 65535 }),
    publicUrl: Type.String(),
    logLevel: Type.String(),
    adminAllowedHosts: Type.Array(Type.String({ minLength: 1 })),
    trustedProxyHops: Type.Integer({ minimum: 0, maximum: MAX_PROXY_HOPS }),
  }),
  { additionalProperties: false },
);
export type FileConfig = Static<typeof FileConfigSchema>;

export const CONFIG_FILE_NAME = 'config.json';
export const DEFAULT_ADMIN_PORT = 4380;
export const DEFAULT_PUBLIC_PORT = 4381;

export interface LoadConfigOptions {
  env: Record<string, string | undefined>;
  cwd: string;
  mode?: Config['mode'];
  /** Desktop mode passes Electron's userData folder here; headless mode defaults to `./data`. */
  defaultDataDir?: string;
  /** Root of the project (where `dist/renderer` lives). */
  appRoot: string;
}

export function configFilePath(dataDir: string): string {
  return join(dataDir, CONFIG_FILE_NAME);
}

export function readConfigFile(dataDir: string): FileConfig {
  const file = configFilePath(dataDir);
  if (!existsSync(file)) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new AppError('CONFIG_INVALID', `${file} is not valid JSON: ${(err as Error).message}`, 500);
  }
  if (!Value.Check(FileConfigSchema, parsed)) {
    const first = Value.Errors(FileConfigSchema, parsed)[0];
    throw new AppError('CONFIG_INVALID', `${file}: ${first?.instancePath || '/'} ${first?.message ?? 'is invalid'}`, 500);
  }
  return parsed;
}

function envInt(env: LoadConfigOptions['env'], name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new AppError('CONFIG_INVALID', `${name} must be a port number between 0 and 65535, got "${raw}"`, 500);
  }
  return n;
}

function envHops(env: LoadConfigOptions['env']): number | undefined {
  const raw = env.PASSERELLE_TRUSTED_PROXY_HOPS;
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > MAX_PROXY_HOPS) {
    throw new AppError('CONFIG_INVALID', `PASSERELLE_TRUSTED_PROXY_HOPS must be a whole number from 0 to ${MAX_PROXY_HOPS}, got "${raw}"`, 500);
  }
  return n;
}

function envString(env: LoadConfigOptions['env'], name: string): string | undefined {
  const raw = env[name];
  return raw === undefined || raw === '' ? undefined : raw;
}

/** The environment variable behind each config.json key. */
export const ENV_OF_FILE_KEY = {
  adminHost: 'PASSERELLE_ADMIN_HOST',
  adminPort: 'PASSERELLE_ADMIN_PORT',
  publicHost: 'PASSERELLE_PUBLIC_HOST',
  publicPort: 'PASSERELLE_PUBLIC_PORT',
  publicUrl: 'PASSERELLE_PUBLIC_URL',
  logLevel: 'PASSERELLE_LOG_LEVEL',
  adminAllowedHosts: 'PASSERELLE_ADMIN_ALLOWED_HOSTS',
  trustedProxyHops: 'PASSERELLE_TRUSTED_PROXY_HOPS',
} as const satisfies Record<keyof FileConfig, string>;

/** The per-user folder of running servers' notes: stable whatever the terminal's variables or working folder. */
export function defaultRuntimeDir(): string {
  return join(homedir(), '.passerelle', 'running');
}

export function loadConfig(opts: LoadConfigOptions): Config {
  const { env, cwd } = opts;
  const mode = opts.mode ?? 'headless';
  const rawDataDir = envString(env, 'PASSERELLE_DATA_DIR') ?? opts.defaultDataDir ?? './data';
  const dataDir = isAbsolute(rawDataDir) ? rawDataDir : resolve(cwd, rawDataDir);
  const file = readConfigFile(dataDir);

  const allowed = envString(env, 'PASSERELLE_ADMIN_ALLOWED_HOSTS');
  const fromEnvironment = Object.entries(ENV_OF_FILE_KEY)
    .filter(([, name]) => envString(env, name) !== undefined)
    .map(([key]) => key);
  const candidate = {
    mode,
    dataDir,
    adminHost: envString(env, 'PASSERELLE_ADMIN_HOST') ?? file.adminHost ?? '127.0.0.1',
    adminPort: envInt(env, 'PASSERELLE_ADMIN_PORT') ?? file.adminPort ?? DEFAULT_ADMIN_PORT,
    publicHost: envString(env, 'PASSERELLE_PUBLIC_HOST') ?? file.publicHost ?? '127.0.0.1',
    publicPort: envInt(env, 'PASSERELLE_PUBLIC_PORT') ?? file.publicPort ?? DEFAULT_PUBLIC_PORT,
    publicUrl: envString(env, 'PASSERELLE_PUBLIC_URL') ?? file.publicUrl ?? '',
    logLevel: envString(env, 'PASSERELLE_LOG_LEVEL') ?? file.logLevel ?? 'info',
    adminAllowedHosts: allowed ? allowed.split(',').map((h) => h.trim()).filter(Boolean) : (file.adminAllowedHosts ?? []),
    uiDir: envString(env, 'PASSERELLE_UI_DIR') ?? join(opts.appRoot, 'dist', 'renderer'),
    launchToken: envString(env, 'PASSERELLE_LAUNCH_TOKEN') ?? '',
    resourcesDir: envString(env, 'PASSERELLE_RESOURCES_DIR') ?? join(opts.appRoot, 'resources'),
    runtimeDir: envString(env, 'PASSERELLE_RUNTIME_DIR') ?? defaultRuntimeDir(),
    fromEnvironment,
    dataDirExplicit: envString(env, 'PASSERELLE_DATA_DIR') !== undefined || opts.defaultDataDir !== undefined,
    trustedProxyHops: envHops(env) ?? file.trustedProxyHops ?? 1,
  };
  if (!Value.Check(ConfigSchema, candidate)) {
    const first = Value.Errors(ConfigSchema, candidate)[0];
    throw new AppError('CONFIG_INVALID', `configuration ${first?.instancePath ?? ''}: ${first?.message ?? 'invalid'}`, 500);
  }
  if (candidate.publicUrl !== '') assertHttpUrl(candidate.publicUrl, 'PASSERELLE_PUBLIC_URL');
  return candidate;
}

export function assertHttpUrl(value: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AppError('CONFIG_INVALID', `${what} must be an absolute http(s) URL, got "${value}"`, 400);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AppError('CONFIG_INVALID', `${what} must start with http:// or https://, got "${value}"`, 400);
  }
  return url;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Host as it goes in a URL: IPv6 literals in brackets. */
export function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** The URL phones use: the configured public URL, else the public listener's own address. */
export function effectivePublicUrl(config: Pick<Config, 'publicUrl' | 'publicHost'>, boundPort: number): string {
  if (config.publicUrl) return config.publicUrl.replace(/\/+$/, '');
  const host = config.publicHost === '0.0.0.0' || config.publicHost === '::' ? '127.0.0.1' : config.publicHost;
  return `http://${urlHost(host)}:${boundPort}`;
}
