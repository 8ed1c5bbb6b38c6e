/**
 * The ngrok tunnel, through @ngrok/ngrok: a native library from npm (no separate ngrok program to install), loaded on
 * first use. The owner's authtoken and free static domain make the address stable, which passes need.
 */
import { createRequire } from 'node:module';
import { TunnelError, type TunnelAgent, type TunnelStartOptions } from './tunnel-agent.js';

type Ngrok = typeof import('@ngrok/ngrok');
const require = createRequire(import.meta.url);
let ngrok: Ngrok | undefined;

function load(): Ngrok {
  try {
    return (ngrok ??= require('@ngrok/ngrok') as Ngrok);
  } catch (err) {
    throw new TunnelError('NGROK_MISSING', `The ngrok library could not be loaded on this computer (${(err as Error).message}). Use your own address instead.`);
  }
}

/** ngrok's errors carry ERR_NGROK_nnn codes in their text (https://ngrok.com/docs/errors/). */
export function explainNgrokError(message: string, domain: string): TunnelError {
  if (/ERR_NGROK_(105|106|107)\b|authtoken/i.test(message)) {
    return new TunnelError('NGROK_AUTHTOKEN', 'ngrok refused the authtoken: copy it again from dashboard.ngrok.com → Your Authtoken.');
  }
  if (/ERR_NGROK_(313|319|320|326|15002)\b|domain/i.test(message)) {
    return new TunnelError(
      'NGROK_DOMAIN',
      `ngrok refused the domain ${domain}: it must be this account’s static domain (dashboard.ngrok.com → Domains).`,
    );
  }
  if (/ERR_NGROK_108\b|simultaneous/i.test(message)) {
    return new TunnelError('NGROK_SESSION_LIMIT', 'Another ngrok agent already runs with this account (a free account allows one): stop it first.');
  }
  if (/tcp connection|dns|resolve|timed? ?out|network/i.test(message)) {
    return new TunnelError('NGROK_UNREACHABLE', 'ngrok could not be reached: check that this computer is online.');
  }
  return new TunnelError('NGROK_FAILED', `ngrok could not start the tunnel: ${message}`);
}

export const ngrokAgent: TunnelAgent = {
  provider: 'ngrok',
  async start(options: TunnelStartOptions) {
    const sdk = load();
    let listener: Awaited<ReturnType<Ngrok['forward']>>;
    try {
      listener = await sdk.forward({
        addr: options.forwardTo,
        authtoken: options.authtoken,
        domain: options.domain,
        proto: 'http',
        onStatusChange: (status) => options.onStatus(status === 'connected' ? 'connected' : 'closed'),
      });
    } catch (err) {
      throw explainNgrokError(err instanceof Error ? err.message : String(err), options.domain);
    }
    const url = listener.url() ?? `https://${options.domain}`;
    return {
      url,
      close: async () => {
        await listener.close().catch(() => undefined);
      },
    };
  },
};
