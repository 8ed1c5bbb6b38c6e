import { join } from 'node:path';

/**
 * The environment of the server's utility process: the user's own variables (so `PASSERELLE_*` overrides still
 * work from a terminal), plus desktop mode, the data folder under Electron's userData unless one is set, and the
 * per-launch token that only this process and the window know.
 */
export function serverEnv(
  base: Readonly<Record<string, string | undefined>>,
  opts: { userDataDir: string; launchToken: string },
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(base)) if (value !== undefined) env[key] = value;
  env.PASSERELLE_MODE = 'desktop';
  if (!env.PASSERELLE_DATA_DIR) env.PASSERELLE_DATA_DIR = join(opts.userDataDir, 'data');
  env.PASSERELLE_LAUNCH_TOKEN = opts.launchToken;
  return env;
}
