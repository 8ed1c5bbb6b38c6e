/**
 * A local Klaviyo that checks what the real REST API requires (developers.klaviyo.com, revision 2024-10-15): a
 * private key as `Authorization: Klaviyo-API-Key <key>`, a dated `revision` header, JSON:API bodies. Profiles:
 * "Create or Update Profile" (POST /api/profile-import, 201 created / 200 updated) and "Create Profile" (POST
 * /api/profiles, 409 with the duplicate's id for a known e-mail); events: POST /api/events (202, no body; one event
 * per unique_id); GET /api/accounts. Errors in JSON:API's `{ errors: [...] }`; 429 with Retry-After when throttled.
 */
import { randomUUID } from 'node:crypto';
import { EMAIL, isObject, startFakeServer, type FakeServer, type Reply } from './crm-fake-server.js';

export interface KlaviyoProfile {
  id: string;
  email: string;
  externalId: string | null;
  firstName: string;
  lastName: string;
  properties: Record<string, unknown>;
}

export interface KlaviyoEvent {
  metric: string;
  email: string;
  uniqueId: string | null;
  time: string | null;
  properties: Record<string, unknown>;
}

export interface FakeKlaviyo extends FakeServer {
  apiKey: string;
  profiles: Map<string, KlaviyoProfile>;
  events: KlaviyoEvent[];
}

const error = (status: number, code: string, detail: string, pointer?: string): Reply => ({
  status,
  body: { errors: [{ id: randomUUID(), status, code, title: detail, detail, ...(pointer ? { source: { pointer } } : {}) }] },
});

export async function startFakeKlaviyo(apiKey = 'pk_test_0123456789abcdef'): Promise<FakeKlaviyo> {
  const profiles = new Map<string, KlaviyoProfile>();
  const events: KlaviyoEvent[] = [];

  function profileAttributes(attrs: unknown): { email: string; externalId: string | null; a: Record<string, unknown> } | Reply {
    if (!isObject(attrs)) return error(400, 'invalid', 'attributes must be an object', '/data/attributes');
    const email = typeof attrs.email === 'string' ? attrs.email.toLowerCase() : undefined;
    if (!email && attrs.phone_number === undefined && attrs.external_id === undefined) {
      return error(400, 'invalid', 'One of email, phone_number or external_id is required.', '/data/attributes');
    }
    if (email !== undefined && !EMAIL.test(email)) return error(400, 'invalid', 'Invalid email address', '/data/attributes/email');
    if (attrs.properties !== undefined && !isObject(attrs.properties)) return error(400, 'invalid', 'properties must be an object', '/data/attributes/properties');
    return { email: email ?? '', externalId: typeof attrs.external_id === 'string' ? attrs.external_id : null, a: attrs };
  }

  const fake = (await startFakeServer(
    (req) => {
      const auth = String(req.headers.authorization ?? '');
      if (auth !== `Klaviyo-API-Key ${apiKey}`) return error(401, 'not_authenticated', 'Incorrect authentication credentials.');
      const revision = String(req.headers.revision ?? '');
      if (!/^\d{4}-\d{2}-\d{2}(\.[a-z]+)?$/.test(revision)) return error(400, 'invalid', 'A revision header (YYYY-MM-DD) is required.');
      const path = req.path.split('?')[0]!.replace(/\/+$/, '');
      if (req.method === 'GET' && path === '/api/accounts') {
        return { status: 200, body: { data: [{ type: 'account', id: 'AbC123', attributes: { contact_information: { organization_name: 'Maison Lumière' } } }] } };
      }
      if (req.method !== 'POST') return error(405, 'method_not_allowed', `Method "${req.method}" not allowed.`);
      const type = String(req.headers['content-type'] ?? '');
      if (!/^application\/(vnd\.api\+)?json/.test(type)) return error(415, 'unsupported_media_type', `Unsupported media type "${type}".`);
      const body = req.body;
      if (!isObject(body) || !isObject(body.data)) return error(400, 'invalid', 'A JSON:API document with data is required.', '/data');
      const data = body.data;

      if (path === '/api/profile-import' || path === '/api/profiles') {
        if (data.type !== 'profile') return error(409, 'conflict', 'The resource type must be "profile".', '/data/type');
        const parsed = profileAttributes(data.attributes);
        if ('status' in parsed) return parsed;
        const existing = [...profiles.values()].find((p) => (parsed.email && p.email === parsed.email) || (parsed.externalId && p.externalId === parsed.externalId));
        if (path === '/api/profiles' && existing) {
          return { status: 409, body: { errors: [{ status: 409, code: 'duplicate_profile', title: 'Conflict.', detail: 'A profile already exists with one of these identifiers.', meta: { duplicate_profile_id: existing.id } }] } };
        }
        const a = parsed.a;
        const profile: KlaviyoProfile = existing ?? { id: randomUUID().replace(/-/g, '').slice(0, 26), email: parsed.email, externalId: null, firstName: '', lastName: '', properties: {} };
        if (parsed.email) profile.email = parsed.email;
        if (parsed.externalId) profile.externalId = parsed.externalId;
        if (typeof a.first_name === 'string') profile.firstName = a.first_name;
        if (typeof a.last_name === 'string') profile.lastName = a.last_name;
        if (isObject(a.properties)) Object.assign(profile.properties, a.properties);
        profiles.set(profile.id, profile);
        return { status: existing ? 200 : 201, body: { data: { type: 'profile', id: profile.id, attributes: { email: profile.email, properties: profile.properties } } } };
      }

      if (path === '/api/events') {
        if (data.type !== 'event') return error(409, 'conflict', 'The resource type must be "event".', '/data/type');
        const a = data.attributes;
        if (!isObject(a)) return error(400, 'invalid', 'attributes must be an object', '/data/attributes');
        if (!isObject(a.properties)) return error(400, 'invalid', 'properties is required', '/data/attributes/properties');
        const metric = isObject(a.metric) && isObject(a.metric.data) ? a.metric.data : undefined;
        const metricName = metric && metric.type === 'metric' && isObject(metric.attributes) ? metric.attributes.name : undefined;
        if (typeof metricName !== 'string' || !metricName) return error(400, 'invalid', 'metric.data.attributes.name is required', '/data/attributes/metric');
        const prof = isObject(a.profile) && isObject(a.profile.data) ? a.profile.data : undefined;
        if (!prof || prof.type !== 'profile') return error(400, 'invalid', 'profile.data of type "profile" is required', '/data/attributes/profile');
        const parsed = profileAttributes(prof.attributes);
        if ('status' in parsed) return parsed;
        if (a.time !== undefined && (typeof a.time !== 'string' || !Number.isFinite(Date.parse(a.time)))) {
          return error(400, 'invalid', 'time must be an ISO 8601 datetime', '/data/attributes/time');
        }
        const uniqueId = typeof a.unique_id === 'string' ? a.unique_id : null;
        // Klaviyo keeps one event per metric, profile and unique_id.
        if (!(uniqueId && events.some((e) => e.uniqueId === uniqueId && e.metric === metricName && e.email === parsed.email))) {
          events.push({ metric: metricName, email: parsed.email, uniqueId, time: typeof a.time === 'string' ? a.time : null, properties: a.properties });
        }
        return { status: 202 };
      }
      return error(404, 'not_found', 'Not found.');
    },
    (seconds) => ({ ...error(429, 'throttled', 'Request was throttled.'), headers: { 'retry-after': String(seconds) } }),
  )) as FakeKlaviyo;
  fake.apiKey = apiKey;
  fake.profiles = profiles;
  fake.events = events;
  return fake;
}
