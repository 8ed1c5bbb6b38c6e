/**
 * `passerelle <args>` as a real process on a data folder, as the shop owner types it (tsx compiles on start, so each
 * call takes seconds on a loaded machine: CLI tests give themselves long timeouts).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { findAppRoot } from '../app-root.js';

export interface CliResult {
  code: number | null;
  out: string;
  err: string;
}

export interface CliOptions {
  /** What the command reads on standard input (a password typed twice, say). */
  input?: string;
  /** More environment (PASSERELLE_PUBLIC_URL…); logs are silent. */
  env?: Record<string, string>;
  timeoutMs?: number;
}

export function runCli(dataDir: string, args: string[], options: CliOptions = {}): CliResult {
  const root = findAppRoot();
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'server/cli.ts'), ...args], {
    cwd: root,
    env: { ...process.env, PASSERELLE_DATA_DIR: dataDir, PASSERELLE_LOG_LEVEL: 'silent', ...options.env },
    encoding: 'utf8',
    ...(options.input !== undefined ? { input: options.input } : {}),
    timeout: options.timeoutMs ?? 90_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
