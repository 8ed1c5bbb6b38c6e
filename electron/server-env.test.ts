import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serverEnv } from './server-env.js';

const opts = { userDataDir: join('/home/ana/.config', 'Passerelle'), launchToken: 'tok' };

describe('serverEnv', () => {
  it('passes the user environment through and adds desktop mode, data folder and token', () => {
    const env = serverEnv({ PATH: '/usr/bin', PASSERELLE_PUBLIC_URL: 'https://shop.example', GONE: undefined }, opts);
    expect(env).toEqual({
      PATH: '/usr/bin',
      PASSERELLE_PUBLIC_URL: 'https://shop.example',
      PASSERELLE_MODE: 'desktop',
      PASSERELLE_DATA_DIR: join('/home/ana/.config', 'Passerelle', 'data'),
      PASSERELLE_LAUNCH_TOKEN: 'tok',
    });
    expect('GONE' in env).toBe(false);
  });

  it('keeps a data folder the user chose', () => {
    expect(serverEnv({ PASSERELLE_DATA_DIR: '/srv/passerelle' }, opts).PASSERELLE_DATA_DIR).toBe('/srv/passerelle');
  });

  it('treats an empty data folder as unset', () => {
    expect(serverEnv({ PASSERELLE_DATA_DIR: '' }, opts).PASSERELLE_DATA_DIR).toBe(join(opts.userDataDir, 'data'));
  });

  it('overrides a mode or token inherited from the environment', () => {
    const env = serverEnv({ PASSERELLE_MODE: 'headless', PASSERELLE_LAUNCH_TOKEN: 'stale' }, opts);
    expect(env.PASSERELLE_MODE).toBe('desktop');
    expect(env.PASSERELLE_LAUNCH_TOKEN).toBe('tok');
  });

  it('does not modify the environment it was given', () => {
    const base = { A: '1' };
    serverEnv(base, opts);
    expect(base).toEqual({ A: '1' });
  });
});
