/**
 * The data folder holds the brand's customers, the pass authentication tokens and the Apple signing key: only the
 * account that runs Passerelle may read it. Folders 0700, files 0600, whatever the umask (usually 022, which gives
 * 0755/0644). On Windows the mode bits are ignored (the data folder's ACL is inherited from the user's profile,
 * README); there these calls are harmless.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates the folder (and its parents) if needed; the folder itself ends up 0700. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  restrict(dir, PRIVATE_DIR_MODE);
}

/** Tightens an existing file to 0600 (a no-op when it does not exist). */
export function makePrivate(...files: string[]): void {
  for (const file of files) if (existsSync(file)) restrict(file, PRIVATE_FILE_MODE);
}

/** Creates an empty file readable by its owner only (fails if it exists). */
export function createPrivateFile(file: string): void {
  closeSync(openSync(file, 'wx', PRIVATE_FILE_MODE));
}

function restrict(path: string, mode: number): void {
  if (process.platform === 'win32') return;
  try {
    if ((statSync(path).mode & 0o777) !== mode) chmodSync(path, mode);
  } catch (err) {
    // A folder owned by someone else (a shared mount): reading and writing still work; say nothing louder than this.
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') throw err;
  }
}
