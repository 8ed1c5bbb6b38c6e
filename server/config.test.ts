import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { effectivePublicUrl, loadConfig } from './config.js';
import { AppError } from './errors.js';

describe('config: defaults < config file < environment', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'passerelle-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const load = (env: Record<string, string> = {}) =>
    loadConfig({ env: { PASSERELLE_DATA_DIR: dir, ...env }, cwd: '/somewhere', appRoot: '/app' });

  it('has safe defaults: admin and public on loopback, headless, ./data relative to cwd', () => {
    const c = load();
    expect(c).toMatchObject({ adminHost: '127.0.0.1', adminPort: 4380, publicHost: '127.0.0.1', publicPort: 4381 });
    expect(c.mode).toBe('headless');
    expect(c.uiDir).toBe('/app/dist/renderer');
    expect(loadConfig({ env: {}, cwd: dir, appRoot: '/app' }).dataDir).toBe(join(dir, 'data'));
  });

  it('trusts one proxy hop (the tunnel) unless told otherwise', () => {
    expect(load().trustedProxyHops).toBe(1);
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ trustedProxyHops: 0 }));
    expect(load().trustedProxyHops).toBe(0);
    expect(load({ PASSERELLE_TRUSTED_PROXY_HOPS: '2' }).trustedProxyHops).toBe(2);
  });

  it('the config file overrides defaults and the environment overrides the file', () => {
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ adminPort: 5000, publicPort: 5001, publicUrl: 'https://file.example' }));
    expect(load()).toMatchObject({ adminPort: 5000, publicPort: 5001, publicUrl: 'https://file.example' });
    expect(load({ PASSERELLE_ADMIN_PORT: '6000', PASSERELLE_PUBLIC_URL: 'https://env.example' })).toMatchObject({
      adminPort: 6000,
      publicPort: 5001,
      publicUrl: 'https://env.example',
    });
  });

  it.each([
    [{ PASSERELLE_ADMIN_PORT: 'eighty' }],
    [{ PASSERELLE_PUBLIC_PORT: '70000' }],
    [{ PASSERELLE_PUBLIC_URL: 'ftp://x' }],
    [{ PASSERELLE_PUBLIC_URL: 'not a url' }],
    [{ PASSERELLE_LOG_LEVEL: 'loud' }],
    [{ PASSERELLE_TRUSTED_PROXY_HOPS: '-1' }],
    [{ PASSERELLE_TRUSTED_PROXY_HOPS: 'one' }],
  ])('refuses invalid environment %o with CONFIG_INVALID', (env) => {
    expect(() => load(env)).toThrowError(expect.objectContaining({ code: 'CONFIG_INVALID' }) as AppError);
  });

  it('refuses a broken or unknown config file with a clear message naming the file', () => {
    writeFileSync(join(dir, 'config.json'), '{ nope');
    expect(() => load()).toThrow(/config\.json is not valid JSON/);
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ adminPrt: 1 }));
    expect(() => load()).toThrow(/config\.json/);
  });

  it('the public URL defaults to the public listener’s own address', () => {
    expect(effectivePublicUrl({ publicUrl: '', publicHost: '127.0.0.1' }, 4381)).toBe('http://127.0.0.1:4381');
    expect(effectivePublicUrl({ publicUrl: '', publicHost: '0.0.0.0' }, 9)).toBe('http://127.0.0.1:9');
    expect(effectivePublicUrl({ publicUrl: 'https://shop.example/', publicHost: '127.0.0.1' }, 1)).toBe('https://shop.example');
  });
});
