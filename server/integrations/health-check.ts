/**
 * Settings → Health and `passerelle doctor`: one line for what the shop plugged in (webhook endpoints, CRMs). A
 * disabled endpoint or a CRM whose key was refused stops data reaching the shop's other tools without anyone typing
 * anything wrong today, so it is a failure the owner must see outside the Integrations panels too.
 */
import { fail, ok, skip, warn, type HealthCheck } from '../health/types.js';
import type { Crm } from './crm/crm.js';
import type { Webhooks } from './webhooks/webhooks.js';

export function integrationsCheck(webhooks: Webhooks, crm: Crm): HealthCheck {
  return {
    id: 'integrations',
    title: 'Webhooks and CRM',
    run() {
      const endpoints = webhooks.list();
      const crms = crm.list().filter((c) => c.connected);
      if (endpoints.length === 0 && crms.length === 0) {
        return skip('INTEGRATIONS_NONE', 'No webhook endpoint and no CRM connected.');
      }
      const disabled = endpoints.find((e) => !e.enabled && e.disabledReason !== null);
      if (disabled) {
        return fail('WEBHOOK_DISABLED', `The webhook endpoint ${disabled.url} was turned off: ${disabled.disabledReason}. Fix the receiver, then turn it back on in Settings → Webhooks.`, {
          url: disabled.url,
          reason: disabled.disabledReason ?? '',
        });
      }
      const refused = crms.find((c) => c.paused);
      if (refused) {
        return fail('CRM_PAUSED', `${refused.label} refused the API key: pushes wait until a working key is saved in Settings → CRM connectors.`, {
          provider: refused.label,
        });
      }
      const failing = endpoints.filter((e) => e.enabled && e.failingSince !== null).sort((a, b) => a.failingSince! - b.failingSince!)[0];
      if (failing) {
        return warn('WEBHOOK_FAILING', `The webhook endpoint ${failing.url} has been failing since ${new Date(failing.failingSince!).toISOString()}; deliveries are retried.`, {
          url: failing.url,
          since: failing.failingSince!,
        });
      }
      const erring = crms.find((c) => c.lastError !== null && (c.lastSyncAt ?? 0) < c.lastError.at);
      if (erring) {
        return warn('CRM_FAILING', `${erring.label}: ${erring.lastError!.message} (retried).`, { provider: erring.label, message: erring.lastError!.message });
      }
      const active = endpoints.filter((e) => e.enabled).length;
      return ok('INTEGRATIONS_OK', `${active} webhook endpoint(s) delivering; CRM: ${crms.map((c) => c.label).join(', ') || 'none'}.`, {
        webhooks: active,
        crms: crms.map((c) => c.label).join(', '),
      });
    },
  };
}
