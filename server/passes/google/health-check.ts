/**
 * The doctor's Google line: the Settings connection test (issuer id, service-account key, a token, access to the
 * issuer, an https public URL). Google is optional (a shop may issue Apple cards only), so a Google not set up is a
 * warning; a Google set up that does not work is a failure.
 */
import { fail, ok, warn, type HealthCheck } from '../../health/types.js';
import { testConnection } from './connection-test.js';
import { isConfigured } from './context.js';
import type { GoogleSync } from './sync.js';

export function googleCheck(sync: GoogleSync): HealthCheck {
  return {
    id: 'google',
    title: 'Google Wallet',
    async run() {
      const ctx = sync.context();
      if (!isConfigured(ctx)) {
        return warn('GOOGLE_NOT_CONFIGURED', 'Google Wallet is not set up: Android customers get no card. Settings → Google Wallet (issuer id and service-account key).');
      }
      const result = await testConnection(sync);
      const failed = result.steps.find((s) => !s.ok && s.step !== 'publicUrl');
      if (failed) return fail(`GOOGLE_${failed.step.toUpperCase()}`, failed.message, { issuerId: ctx.issuerId });
      const url = result.steps.find((s) => !s.ok);
      if (url) return warn('GOOGLE_PUBLIC_URL', url.message, { issuerId: ctx.issuerId });
      return ok('GOOGLE_OK', `Issuer ${ctx.issuerId}: the service account ${ctx.key.clientEmail} gets a token and may act for it.`, {
        issuerId: ctx.issuerId,
        email: ctx.key.clientEmail,
      });
    },
  };
}
