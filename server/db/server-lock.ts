/**
 * `passerelle.pid` in the data folder: which process has the database open as a server (or is restoring it). A
 * restore must never swap the file under a running server, and two servers on one folder would fight over it, so
 * both take this lock. A lock whose process is gone (a kill, a power cut) is stale and taken over silently.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../errors.js';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from './private-files.js';

export const LOCK_FILE = 'passerelle.pid';

export interface LockInfo {
  pid: number;
  /** What holds it: 'server' or 'restore'. */
  role: string;
  startedAt: number;
  /** The admin URL of a server, to say where it is. */
  adminUrl?: string;
}

export const lockPath = (dataDir: string): string => join(dataDir, LOCK_FILE);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The live holder of the folder's lock, if any (a stale lock reads as none). */
export function lockHolder(dataDir: string): LockInfo | undefined {
  let info: LockInfo;
  try {
    info = JSON.parse(readFileSync(lockPath(dataDir), 'utf8')) as LockInfo;
  } catch {
    return undefined;
  }
  return Number.isInteger(info.pid) && info.pid > 0 && alive(info.pid) ? info : undefined;
}

function describe(holder: LockInfo, dataDir: string): string {
  const what = holder.role === 'restore' ? 'restoring a backup into' : 'running on';
  const where = holder.adminUrl ? ` (admin ${holder.adminUrl})` : '';
  return (
    `Passerelle is already ${what} ${dataDir}: process ${holder.pid}${where}. Stop it first (close the app, or Ctrl+C ` +
    `where \`passerelle serve\` runs). If no Passerelle is running, delete ${lockPath(dataDir)} and try again.`
  );
}

export interface ServerLock {
  /** Records the admin URL once the listener is bound. */
  update(adminUrl: string): void;
  release(): void;
}

/** Takes the folder's lock for this process, or throws SERVER_RUNNING naming the holder. */
export function acquireLock(dataDir: string, role: 'server' | 'restore', now: number = Date.now()): ServerLock {
  ensurePrivateDir(dataDir);
  const file = lockPath(dataDir);
  const write = (info: LockInfo, flag: 'wx' | 'w') => {
    const fd = openSync(file, flag, PRIVATE_FILE_MODE);
    try {
      writeSync(fd, JSON.stringify(info));
    } finally {
      closeSync(fd);
    }
  };
  let info: LockInfo = { pid: process.pid, role, startedAt: now };
  try {
    write(info, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const holder = lockHolder(dataDir);
    if (holder) throw new AppError('SERVER_RUNNING', describe(holder, dataDir), 409);
    write(info, 'w');
  }
  let released = false;
  return {
    update(adminUrl) {
      if (released) return;
      info = { ...info, adminUrl };
      write(info, 'w');
    },
    release() {
      if (released) return;
      released = true;
      // Only our own lock: a restore that took over a stale one after us must keep it.
      if (lockHolder(dataDir)?.pid === process.pid) rmSync(file, { force: true });
    },
  };
}
