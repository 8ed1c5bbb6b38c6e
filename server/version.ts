import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findAppRoot } from './app-root.js';

let cached: string | undefined;

export function appVersion(): string {
  cached ??= (JSON.parse(readFileSync(join(findAppRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  return cached;
}
