/**
 * The public address, built once by the composition root: the tunnel Passerelle starts (ngrok), the address
 * settings, the self-test from outside and its public answer, and the health check of the address.
 */
import { fail, ok, warn, type HealthCheck } from '../health/types.js';
import { publicUrlIssue } from '../http/public-url.js';
import type { Module } from '../module.js';
import type { Services } from '../services.js';
import { ngrokAgent } from './ngrok-agent.js';
import { createNoncesRepository, type NoncesRepository } from './nonces-repository.js';
import { publicAddressRoutes, selfTestPublicRoutes } from './routes.js';
import { runSelfTest } from './self-test.js';
import type { TunnelAgent } from './tunnel-agent.js';
import { createTunnel, type Tunnel } from './tunnel.js';

export interface TunnelOptions {
  /** ngrok unless a test hands its stand-in. */
  agent?: TunnelAgent;
  /** Extra CA the self-test trusts (tests); production trusts the system's authorities, as phones do. */
  selfTestCa?: string;
}

export interface TunnelParts {
  tunnel: Tunnel;
  nonces: NoncesRepository;
}

export function publicUrlCheck(services: Services, nonces: NoncesRepository, selfTestCa?: string): HealthCheck {
  return {
    id: 'public-url',
    title: 'Public address',
    async run(context) {
      const url = services.urls.public();
      if (services.urls.publicSource() === 'listener') {
        return fail(
          'PUBLIC_URL_MISSING',
          `No public address: cards would carry ${url}, which phones cannot reach. Set one in the setup wizard or Settings → Public address (ngrok, or your own https address).`,
          { url },
        );
      }
      if (publicUrlIssue(url) === 'http') {
        return fail('PUBLIC_URL_NOT_HTTPS', `${url} is not https://: iPhones refuse to add or update cards from it.`, { url });
      }
      if (!context.serverRunning) {
        return fail(
          'SERVER_NOT_RUNNING',
          `Passerelle is not running on this data folder, so ${url} cannot be tested from outside: start it (npm start or npm run serve) and run the doctor again.`,
          { url },
        );
      }
      const report = await runSelfTest(url, { nonces, now: services.now, ca: selfTestCa });
      const failed = report.steps.find((s) => s.status === 'fail');
      if (failed) return fail(failed.code, `${url}: ${failed.message}`, { url, ...failed.params });
      const warned = report.steps.find((s) => s.status === 'warn');
      if (warned) return warn(warned.code, `${url} reaches this Passerelle over HTTPS, but: ${warned.message}`, { url, ...warned.params });
      return ok('PUBLIC_URL_OK', `${url} reaches this Passerelle over HTTPS.`, { url });
    },
  };
}

export function createTunnelModule(services: Services, options: TunnelOptions = {}): { parts: TunnelParts; module: Module } {
  const nonces = createNoncesRepository(services.db, services.now);
  const tunnel = createTunnel({ services, agent: options.agent ?? ngrokAgent });
  return {
    parts: { tunnel, nonces },
    module: {
      name: 'public-address',
      adminRoutes: [publicAddressRoutes(services, { tunnel, nonces, selfTestCa: options.selfTestCa })],
      publicRoutes: [selfTestPublicRoutes({ nonces })],
      checks: [publicUrlCheck(services, nonces, options.selfTestCa)],
      // In the background: the server is ready without waiting for ngrok; Settings shows the tunnel's state.
      start: () => void tunnel.apply(),
      stop: () => tunnel.stop(),
    },
  };
}
