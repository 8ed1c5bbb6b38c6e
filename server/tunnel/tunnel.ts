/**
 * The tunnel Passerelle starts itself (ngrok with the owner's authtoken and static domain), kept in step with the
 * settings: started with the server, restarted when its settings change, closed with the server. When it is online
 * its URL becomes the public URL (it is the static domain, so every pass keeps the address it was issued with).
 */
import type { Services } from '../services.js';
import { TunnelError, type TunnelAgent, type TunnelSession } from './tunnel-agent.js';

export type TunnelStatus = 'off' | 'starting' | 'online' | 'reconnecting' | 'error';

export interface TunnelState {
  provider: 'none' | 'ngrok';
  status: TunnelStatus;
  url?: string;
  error?: { code: string; message: string };
  /** When the status last changed, epoch ms. */
  since: number;
}

export interface Tunnel {
  /** Starts (or restarts) what the settings say; resolves once online, failed or off. */
  apply(): Promise<TunnelState>;
  state(): TunnelState;
  stop(): Promise<void>;
}

export function createTunnel(deps: { services: Services; agent: TunnelAgent }): Tunnel {
  const { services, agent } = deps;
  const log = services.log.child({ feature: 'tunnel' });
  let session: TunnelSession | undefined;
  let state: TunnelState = { provider: 'none', status: 'off', since: services.now() };
  let queue: Promise<unknown> = Promise.resolve();
  let stopped = false;

  const set = (next: Omit<TunnelState, 'since'>): TunnelState => (state = { ...next, since: services.now() });

  async function close(): Promise<void> {
    const open = session;
    session = undefined;
    await open?.close();
  }

  async function run(): Promise<TunnelState> {
    await close();
    const provider = services.settings.get('tunnel.provider') as 'none' | 'ngrok';
    if (stopped || provider === 'none') return set({ provider, status: 'off' });
    const domain = services.settings.get('tunnel.ngrokDomain') as string;
    const authtoken = services.settings.getSecret('tunnel.ngrokAuthtoken');
    if (!domain || !authtoken) {
      return set({ provider, status: 'error', error: { code: 'TUNNEL_NOT_CONFIGURED', message: 'The ngrok authtoken and static domain are both needed.' } });
    }
    set({ provider, status: 'starting' });
    try {
      const opened = await agent.start({
        authtoken,
        domain,
        forwardTo: `http://127.0.0.1:${services.urls.boundPorts().public}`,
        onStatus: (status) => {
          if (session !== opened || state.status === 'off') return;
          set({ provider, status: status === 'connected' ? 'online' : 'reconnecting', url: opened.url });
          log.info({ status }, 'tunnel connection changed');
        },
      });
      if (stopped) {
        await opened.close();
        return set({ provider, status: 'off' });
      }
      session = opened;
      // The tunnel's address is the one phones use, unless the environment imposes another.
      if (services.urls.publicSource() !== 'environment' && services.settings.get('server.publicUrl') !== opened.url) {
        services.settings.setMany({ 'server.publicUrl': opened.url });
      }
      log.info({ url: opened.url }, 'tunnel online');
      return set({ provider, status: 'online', url: opened.url });
    } catch (err) {
      const error = err instanceof TunnelError ? { code: err.code, message: err.message } : { code: 'TUNNEL_FAILED', message: (err as Error).message };
      log.warn({ code: error.code }, `tunnel did not start: ${error.message}`);
      return set({ provider, status: 'error', error });
    }
  }

  return {
    apply() {
      const next = queue.then(run, run);
      queue = next.catch(() => undefined);
      return next;
    },
    state: () => state,
    async stop() {
      stopped = true;
      await queue.catch(() => undefined);
      await close();
      set({ provider: state.provider, status: 'off' });
    },
  };
}
