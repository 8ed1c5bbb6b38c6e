import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Electron is imported only by the thin files that wire it up; every other file in electron/ holds a decision
 * and must load under plain Node, which is what lets these tests run without Electron.
 */
const ELECTRON_FILES = new Set(['main.ts', 'window.ts', 'tray.ts', 'ipc.ts', 'preload.cts']);
const IMPORTS_ELECTRON = /(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"]electron['"]/;

const dir = fileURLToPath(new URL('.', import.meta.url));
const sources = readdirSync(dir).filter((f) => /\.c?ts$/.test(f) && !f.endsWith('.test.ts'));

describe('electron/ boundary', () => {
  it.each(sources.filter((f) => !ELECTRON_FILES.has(f)))('%s does not import electron', (file) => {
    expect(readFileSync(new URL(file, import.meta.url), 'utf8')).not.toMatch(IMPORTS_ELECTRON);
  });

  it('knows every file that does import electron', () => {
    const importing = sources.filter((f) => IMPORTS_ELECTRON.test(readFileSync(new URL(f, import.meta.url), 'utf8')));
    expect(importing.sort()).toEqual([...ELECTRON_FILES].sort());
  });
});
