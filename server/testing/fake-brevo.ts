/**
 * A local Brevo (API v3, developers.brevo.com) that checks what the real one requires: the key in an `api-key`
 * header; contacts created or updated by POST /v3/contacts (201 `{ id }` created, 204 updated with `updateEnabled`,
 * 400 duplicate_parameter without it), whose attributes must exist in the account (FIRSTNAME and LASTNAME do by
 * default; others are made by POST /v3/contacts/attributes/normal/<NAME>); events by POST /v3/events (204), their
 * name letters, digits, - and _ only; GET /v3/account. Errors as `{ code, message }`; 429 with Brevo's rate-limit
 * headers when throttled. Unverified against the real service: what an unknown attribute gets (the docs say they
 * "must be present"; this fake refuses the contact with 400).
 */
import { EMAIL, isObject, startFakeServer, type FakeServer, type Reply } from './crm-fake-server.js';

export interface BrevoContact {
  id: number;
  email: string;
  extId: string | null;
  attributes: Record<string, unknown>;
}

export interface BrevoEvent {
  name: string;
  date: string | null;
  identifiers: Record<string, unknown>;
  properties: Record<string, unknown>;
}

export interface FakeBrevo extends FakeServer {
  apiKey: string;
  attributes: Map<string, string>;
  contacts: Map<string, BrevoContact>;
  events: BrevoEvent[];
}

const error = (status: number, code: string, message: string): Reply => ({ status, body: { code, message } });
const ATTRIBUTE_TYPES = ['text', 'date', 'float', 'boolean', 'id', 'category'];

export async function startFakeBrevo(apiKey = 'xkeysib-0123456789abcdef-TEST'): Promise<FakeBrevo> {
  const attributes = new Map<string, string>([
    ['FIRSTNAME', 'text'],
    ['LASTNAME', 'text'],
    ['SMS', 'text'],
  ]);
  const contacts = new Map<string, BrevoContact>();
  const events: BrevoEvent[] = [];
  let nextId = 1;

  const fake = (await startFakeServer(
    (req) => {
      if (req.headers['api-key'] !== apiKey) return error(401, 'unauthorized', 'Key not found');
      const path = req.path.split('?')[0]!;
      if (req.method === 'GET' && path === '/v3/account') {
        return { status: 200, body: { email: 'owner@maison-lumiere.fr', firstName: 'Anne', lastName: 'Martin', companyName: 'Maison Lumière', plan: [{ type: 'free' }] } };
      }
      if (req.method === 'GET' && path === '/v3/contacts/attributes') {
        return { status: 200, body: { attributes: [...attributes].map(([name, type]) => ({ name, category: 'normal', type })) } };
      }
      if (req.method !== 'POST') return error(405, 'method_not_allowed', 'Method not allowed');
      if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) return error(415, 'unsupported_media_type', 'Content-Type must be application/json');
      const body = req.body;
      if (!isObject(body)) return error(400, 'bad_request', 'Invalid JSON body');

      const attr = /^\/v3\/contacts\/attributes\/normal\/([A-Z0-9_]{1,50})$/.exec(path);
      if (attr) {
        if (attributes.has(attr[1]!)) return error(400, 'duplicate_parameter', 'Attribute name must be unique');
        if (typeof body.type !== 'string' || !ATTRIBUTE_TYPES.includes(body.type)) return error(400, 'invalid_parameter', 'type is not valid');
        attributes.set(attr[1]!, body.type);
        return { status: 201 };
      }

      if (path === '/v3/contacts') {
        const email = typeof body.email === 'string' ? body.email.toLowerCase() : undefined;
        if (!email && body.ext_id === undefined) return error(400, 'missing_parameter', 'email, SMS or ext_id is required');
        if (email !== undefined && !EMAIL.test(email)) return error(400, 'invalid_parameter', 'Invalid email address');
        const attrs = body.attributes ?? {};
        if (!isObject(attrs)) return error(400, 'invalid_parameter', 'attributes should be an object');
        for (const name of Object.keys(attrs)) if (!attributes.has(name)) return error(400, 'invalid_parameter', `Attribute ${name} does not exist`);
        const existing = email ? contacts.get(email) : undefined;
        if (existing && body.updateEnabled !== true) return error(400, 'duplicate_parameter', 'Contact already exist');
        const contact = existing ?? { id: nextId++, email: email ?? '', extId: null, attributes: {} };
        if (typeof body.ext_id === 'string') contact.extId = body.ext_id;
        Object.assign(contact.attributes, attrs);
        contacts.set(contact.email, contact);
        return existing ? { status: 204 } : { status: 201, body: { id: contact.id } };
      }

      if (path === '/v3/events') {
        if (typeof body.event_name !== 'string' || !/^[A-Za-z0-9_-]{1,255}$/.test(body.event_name)) {
          return error(400, 'invalid_parameter', 'event_name is limited to 255 alphanumeric characters, - and _');
        }
        const ids = body.identifiers;
        const known = ['contact_id', 'email_id', 'ext_id', 'phone_id', 'whatsapp_id', 'landline_number_id'];
        if (!isObject(ids) || !Object.keys(ids).some((k) => known.includes(k))) return error(400, 'missing_parameter', 'identifiers is required');
        if (body.event_date !== undefined && (typeof body.event_date !== 'string' || !Number.isFinite(Date.parse(body.event_date)))) {
          return error(400, 'invalid_parameter', 'event_date is not a valid date');
        }
        if (body.event_properties !== undefined && !isObject(body.event_properties)) return error(400, 'invalid_parameter', 'event_properties should be an object');
        events.push({ name: body.event_name, date: (body.event_date as string | undefined) ?? null, identifiers: ids, properties: (body.event_properties as Record<string, unknown>) ?? {} });
        return { status: 204 };
      }
      return error(404, 'document_not_found', 'Not found');
    },
    (seconds) => ({ ...error(429, 'too_many_requests', 'Too many requests'), headers: { 'x-sib-ratelimit-limit': '10', 'x-sib-ratelimit-remaining': '0', 'x-sib-ratelimit-reset': String(seconds) } }),
  )) as FakeBrevo;
  fake.apiKey = apiKey;
  fake.attributes = attributes;
  fake.contacts = contacts;
  fake.events = events;
  return fake;
}
