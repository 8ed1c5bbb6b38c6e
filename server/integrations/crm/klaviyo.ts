/**
 * Klaviyo's REST API (https://developers.klaviyo.com): a private key in `Authorization: Klaviyo-API-Key <key>`, a
 * dated `revision` header, JSON:API bodies. Profiles go through "Create or Update Profile" (POST /api/profile-import/,
 * an upsert by e-mail; POST /api/profiles/ would answer 409 for a known e-mail), events through POST /api/events/
 * (202), the connection test reads GET /api/accounts/.
 */
import { call, resultOf, CRM_EVENTS, type CrmProvider } from './crm-provider.js';

export const KLAVIYO_REVISION = '2024-10-15';

const headers = (apiKey: string) => ({
  authorization: `Klaviyo-API-Key ${apiKey}`,
  revision: KLAVIYO_REVISION,
  accept: 'application/vnd.api+json',
  'content-type': 'application/vnd.api+json',
});

/** JSON:API errors: `{ errors: [{ status, code, title, detail }] }`. */
function detail(body: string): string {
  try {
    const errors = (JSON.parse(body) as { errors?: Array<{ title?: string; detail?: string }> }).errors ?? [];
    return errors.map((e) => e.detail ?? e.title ?? '').filter(Boolean).join('; ') || body.slice(0, 200);
  } catch {
    return body.slice(0, 200);
  }
}

export const klaviyo: CrmProvider = {
  id: 'klaviyo',
  label: 'Klaviyo',
  defaultBaseUrl: 'https://a.klaviyo.com',
  // Create or Update Profile allows 75/s in bursts and 700/min steadily: 10/s stays under both.
  ratePerSecond: 10,

  async test(conn, signal) {
    const res = await call(conn, '/api/accounts/', { method: 'GET', headers: headers(conn.apiKey), signal });
    const r = resultOf(res, detail);
    if (r.ok) {
      let name = '';
      try {
        const body = JSON.parse((res as { body: string }).body) as { data?: Array<{ attributes?: { contact_information?: { organization_name?: string } } }> };
        name = body.data?.[0]?.attributes?.contact_information?.organization_name ?? '';
      } catch {
        name = '';
      }
      return { ok: true, message: name ? `Connected to the Klaviyo account “${name}”.` : 'Connected to Klaviyo.' };
    }
    return { ok: false, message: r.error };
  },

  async pushProfile(conn, p, signal) {
    const body = {
      data: {
        type: 'profile',
        attributes: {
          email: p.email,
          ...(p.externalId ? { external_id: p.externalId } : {}),
          first_name: p.firstName,
          last_name: p.lastName,
          properties: {
            passerelle_member_id: p.memberId,
            wallet_installed: p.walletInstalled,
            wallet_platform: p.walletPlatforms,
            loyalty_points: p.points,
            loyalty_tier: p.tier,
            loyalty_tier_name: p.tierName,
          },
        },
      },
    };
    return resultOf(await call(conn, '/api/profile-import/', { method: 'POST', headers: headers(conn.apiKey), body, signal }), detail);
  },

  async pushEvent(conn, e, signal) {
    const body = {
      data: {
        type: 'event',
        attributes: {
          properties: e.properties,
          time: new Date(e.time).toISOString(),
          unique_id: e.uniqueId,
          metric: { data: { type: 'metric', attributes: { name: CRM_EVENTS[e.kind].klaviyo } } },
          profile: { data: { type: 'profile', attributes: { email: e.email } } },
        },
      },
    };
    return resultOf(await call(conn, '/api/events/', { method: 'POST', headers: headers(conn.apiKey), body, signal }), detail);
  },
};
