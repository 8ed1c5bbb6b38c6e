/**
 * Brevo's API v3 (https://developers.brevo.com): the key in an `api-key` header, JSON. Contacts are created or
 * updated by POST /v3/contacts with `updateEnabled: true` (201 created, 204 updated); their attributes must exist in
 * the account first (POST /v3/contacts/attributes/normal/<NAME>), which the connection test and the first push make
 * sure of. Events go to POST /v3/events (204); the test reads GET /v3/account.
 */
import { call, resultOf, CRM_EVENTS, type CrmConnection, type CrmProvider, type CrmResult } from './crm-provider.js';

/** The contact attributes Passerelle writes, and their Brevo types. */
export const BREVO_ATTRIBUTES = {
  WALLET_INSTALLED: 'boolean',
  WALLET_PLATFORM: 'text',
  LOYALTY_POINTS: 'float',
  LOYALTY_TIER: 'text',
  MEMBER_ID: 'text',
} as const;

const headers = (apiKey: string) => ({ 'api-key': apiKey, accept: 'application/json', 'content-type': 'application/json' });

/** Brevo's errors: `{ code, message }`. */
function detail(body: string): string {
  try {
    const e = JSON.parse(body) as { code?: string; message?: string };
    return [e.code, e.message].filter(Boolean).join(': ') || body.slice(0, 200);
  } catch {
    return body.slice(0, 200);
  }
}

/** Accounts whose attributes were made sure of by this process (a restart checks once more). */
const ensured = new Set<string>();

/** Makes sure the account has Passerelle's contact attributes; a failure as the outcome of the push that needed them. */
async function ensureAttributes(conn: CrmConnection, signal?: AbortSignal): Promise<Extract<CrmResult, { ok: false }> | undefined> {
  const key = `${conn.baseUrl}|${conn.apiKey}`;
  if (ensured.has(key)) return undefined;
  const list = await call(conn, '/v3/contacts/attributes', { method: 'GET', headers: headers(conn.apiKey), signal });
  const listed = resultOf(list, detail);
  if (!listed.ok) return listed;
  let names = new Set<string>();
  try {
    names = new Set(((JSON.parse((list as { body: string }).body) as { attributes?: Array<{ name: string }> }).attributes ?? []).map((a) => a.name));
  } catch {
    return { ok: false, retry: true, error: 'Brevo answered the attribute list with something that is not JSON' };
  }
  for (const [name, type] of Object.entries(BREVO_ATTRIBUTES)) {
    if (names.has(name)) continue;
    const made = resultOf(
      await call(conn, `/v3/contacts/attributes/normal/${name}`, { method: 'POST', headers: headers(conn.apiKey), body: { type }, signal }),
      detail,
    );
    if (!made.ok) return { ...made, error: `the contact attribute ${name} could not be created (${made.error})` };
  }
  ensured.add(key);
  return undefined;
}

export const brevo: CrmProvider = {
  id: 'brevo',
  label: 'Brevo',
  defaultBaseUrl: 'https://api.brevo.com',
  // Brevo's contact endpoints take about 10 requests per second on standard plans.
  ratePerSecond: 8,

  async test(conn, signal) {
    const res = await call(conn, '/v3/account', { method: 'GET', headers: headers(conn.apiKey), signal });
    const r = resultOf(res, detail);
    if (!r.ok) return { ok: false, message: r.error };
    const problem = await ensureAttributes(conn, signal);
    if (problem) return { ok: false, message: problem.error };
    let company = '';
    try {
      company = (JSON.parse((res as { body: string }).body) as { companyName?: string }).companyName ?? '';
    } catch {
      company = '';
    }
    return { ok: true, message: company ? `Connected to the Brevo account “${company}”; contact attributes ready.` : 'Connected to Brevo; contact attributes ready.' };
  },

  async pushProfile(conn, p, signal) {
    const problem = await ensureAttributes(conn, signal);
    if (problem) return problem;
    const body = {
      email: p.email,
      ...(p.externalId ? { ext_id: p.externalId } : {}),
      attributes: {
        FIRSTNAME: p.firstName,
        LASTNAME: p.lastName,
        WALLET_INSTALLED: p.walletInstalled,
        WALLET_PLATFORM: p.walletPlatforms,
        LOYALTY_POINTS: p.points,
        LOYALTY_TIER: p.tierName,
        MEMBER_ID: p.memberId,
      },
      updateEnabled: true,
    };
    return resultOf(await call(conn, '/v3/contacts', { method: 'POST', headers: headers(conn.apiKey), body, signal }), detail);
  },

  async pushEvent(conn, e, signal) {
    const body = {
      event_name: CRM_EVENTS[e.kind].brevo,
      event_date: new Date(e.time).toISOString(),
      identifiers: { email_id: e.email },
      event_properties: { ...e.properties, event_id: e.uniqueId },
    };
    return resultOf(await call(conn, '/v3/events', { method: 'POST', headers: headers(conn.apiKey), body, signal }), detail);
  },
};
