/**
 * The layout's rules (ENGINEERING.md, Layout), checked on every source file so that they hold as features arrive:
 * - renderer/ imports no `node:*` module and only types from server/ (`import type`): its bundles reach browsers;
 * - server/ never imports `electron`;
 * - no feature imports another feature's repository (core parts excepted: jobs, settings, auth, http, db);
 * - nothing outside passes/apple or passes/google imports a wallet's code: features publish "cards changed" and
 *   hand cards out through cards/card-files.ts; only the composition root, the entry points, the CLI and test
 *   fakes wire wallets in.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findAppRoot } from './app-root.js';

const root = findAppRoot();

function sources(dir: string, pattern: RegExp): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (pattern.test(name)) out.push(path);
    }
  };
  walk(join(root, dir));
  return out;
}

interface Import {
  specifier: string;
  typeOnly: boolean;
  line: number;
}

const IMPORT = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const lineOf = (index: number) => text.slice(0, index).split('\n').length;
  const out: Import[] = [];
  for (const m of text.matchAll(IMPORT)) out.push({ specifier: m[3]!, typeOnly: m[2] !== undefined, line: lineOf(m.index) });
  for (const m of text.matchAll(DYNAMIC)) out.push({ specifier: m[1]!, typeOnly: false, line: lineOf(m.index) });
  return out;
}

/** The repository path a relative import resolves to, relative to the project root, with / separators. */
const target = (file: string, specifier: string) => relative(root, resolve(dirname(file), specifier)).split(sep).join('/');
const rel = (file: string) => relative(root, file).split(sep).join('/');

/** server/<feature>/… → feature (top-level folder under server/); '' for files directly in server/. */
const featureOf = (path: string) => (path.split('/').length > 2 ? path.split('/')[1]! : '');

const CORE = new Set(['jobs', 'settings', 'auth', 'http', 'db']);
/** Wiring, tools and fakes: they may reach anything. */
const WIRING = /^server\/(composition|app|main|cli|services|module)\.ts$|^server\/(cli|testing|demo)\//;

describe('layout boundaries', () => {
  const serverFiles = sources('server', /\.ts$/).filter((f) => !f.endsWith('.test.ts'));

  it('renderer/ imports no node:* module and only types from server/', () => {
    const wrong: string[] = [];
    for (const file of sources('renderer/src', /\.(ts|svelte)$/)) {
      for (const i of importsOf(file)) {
        if (i.specifier.startsWith('node:')) wrong.push(`${rel(file)}:${i.line} imports ${i.specifier}`);
        if (i.specifier.startsWith('.') && target(file, i.specifier).startsWith('server/') && !i.typeOnly) {
          wrong.push(`${rel(file)}:${i.line} imports server code at run time: ${i.specifier} (use import type)`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('server/ never imports electron', () => {
    const wrong = sources('server', /\.ts$/).flatMap((file) =>
      importsOf(file)
        .filter((i) => i.specifier === 'electron' || i.specifier.startsWith('electron/'))
        .map((i) => `${rel(file)}:${i.line}`),
    );
    expect(wrong).toEqual([]);
  });

  it('no feature imports another feature’s repository', () => {
    const wrong: string[] = [];
    for (const file of serverFiles) {
      const from = rel(file);
      if (WIRING.test(from)) continue;
      for (const i of importsOf(file)) {
        if (!i.specifier.startsWith('.') || !/-repository(\.js)?$/.test(i.specifier)) continue;
        const to = target(file, i.specifier);
        const owner = featureOf(to);
        if (owner !== featureOf(from) && !CORE.has(owner)) wrong.push(`${from}:${i.line} imports ${to}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('nothing outside passes/apple and passes/google imports a wallet’s code', () => {
    const wrong: string[] = [];
    for (const file of serverFiles) {
      const from = rel(file);
      if (WIRING.test(from)) continue;
      for (const i of importsOf(file)) {
        if (!i.specifier.startsWith('.')) continue;
        const to = target(file, i.specifier);
        const wallet = /^server\/passes\/(apple|google)\//.exec(to)?.[1];
        if (wallet && !from.startsWith(`server/passes/${wallet}/`)) wrong.push(`${from}:${i.line} imports ${to}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('the checks see the code they guard', () => {
    // A rule that finds no file proves nothing: make sure the walk reaches both trees and reads imports.
    expect(serverFiles.length).toBeGreaterThan(150);
    expect(sources('renderer/src', /\.svelte$/).length).toBeGreaterThan(40);
    expect(importsOf(join(root, 'server/composition.ts')).some((i) => i.specifier.includes('passes/apple/'))).toBe(true);
  });
});
