import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project root (the folder holding package.json), found from this module's own location so that it is the same
 * whether the code runs from `server/` through tsx, from `dist/server/`, or inside a packaged app.
 */
export function findAppRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'server'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the Passerelle root above ${from}`);
    dir = parent;
  }
}
