/**
 * Which Passerelle servers run for this user, and on which data folder: one small JSON file per server process in
 * a per-user folder (config.runtimeDir, `~/.passerelle/running` by default). A command run from another terminal,
 * without the server's PASSERELLE_* variables, reads it to find the server's data folder and its real addresses
 * (ports may be chosen at start) instead of opening a stray `./data` and printing a link to nothing.
 * A file whose process is gone (a kill, a power cut) is stale: ignored and removed by the next reader.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface RunningInstance {
  pid: number;
  dataDir: string;
  adminUrl: string;
  /** The public URL when the server started (a tunnel's, or the listener's own). */
  publicUrl: string;
  /** The ports the listeners were given (0 in the config means any free port). */
  adminPort: number;
  publicPort: number;
  mode: 'headless' | 'desktop';
  startedAt: number;
}

const fileOf = (runtimeDir: string, pid: number) => join(runtimeDir, `${pid}.json`);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Notes this process as a server of `instance.dataDir`; the returned function removes the note (twice is fine). */
export function registerInstance(runtimeDir: string, instance: Omit<RunningInstance, 'pid'>, pid: number = process.pid): () => void {
  mkdirSync(runtimeDir, { recursive: true, mode: 0o700 });
  const file = fileOf(runtimeDir, pid);
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify({ ...instance, dataDir: resolve(instance.dataDir), pid }), { mode: 0o600 });
  renameSync(tmp, file);
  let removed = false;
  return () => {
    if (removed) return;
    removed = true;
    rmSync(file, { force: true });
  };
}

function read(file: string): RunningInstance | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<RunningInstance>;
    if (!Number.isInteger(parsed.pid) || typeof parsed.dataDir !== 'string' || typeof parsed.adminUrl !== 'string') return undefined;
    return parsed as RunningInstance;
  } catch {
    return undefined;
  }
}

/** Servers that run now, oldest first; stale notes are removed on the way. */
export function runningInstances(runtimeDir: string): RunningInstance[] {
  let names: string[];
  try {
    names = readdirSync(runtimeDir).filter((n) => /^\d+\.json$/.test(n));
  } catch {
    return [];
  }
  const found: RunningInstance[] = [];
  for (const name of names) {
    const file = join(runtimeDir, name);
    const instance = read(file);
    if (instance && alive(instance.pid)) found.push(instance);
    else rmSync(file, { force: true });
  }
  return found.sort((a, b) => a.startedAt - b.startedAt);
}

/** The server running on `dataDir`, if any. */
export function instanceOn(runtimeDir: string, dataDir: string): RunningInstance | undefined {
  const wanted = resolve(dataDir);
  return runningInstances(runtimeDir).find((i) => i.dataDir === wanted);
}
