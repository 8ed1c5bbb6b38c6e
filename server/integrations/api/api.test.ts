import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../testing/app-harness.js';

interface OpenApi {
  paths: Record<string, Record<string, { operationId?: string; requestBody?: { content: Record<string, { schema: { $ref?: string } }> } }>>;
  components: { schemas: Record<string, { required?: string[]; properties?: Record<string, unknown> }>; securitySchemes: Record<string, unknown> };
  servers: Array<{ url: string }>;
}

/** Every `$ref` in the document, to check that each names a component. */
function refsOf(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refsOf(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refsOf(v, out);
    }
  }
  return out;
}

describe('REST API with keys, through its OpenAPI document', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  async function newKey(scopes: string[], name = 'Site web'): Promise<string> {
    const res = await h.admin({ method: 'POST', url: '/api/integrations/api-keys', payload: { name, scopes } });
    expect(res.statusCode).toBe(201);
    return (res.json() as { key: string }).key;
  }
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

  it('serves the document to key holders only; its purchase operation credits points once for a replayed external id', async () => {
    const key = await newKey(['customers:read', 'customers:write', 'purchases:write']);

    for (const headers of [{}, bearer('pk_AAAAAAAAAAAA_' + 'x'.repeat(43)), { authorization: 'Basic abc' }]) {
      const refused = await h.public({ method: 'GET', url: '/v1/openapi.json', headers });
      expect(refused.statusCode).toBe(401);
      expect(refused.json()).toMatchObject({ code: 'API_KEY_INVALID' });
    }
    const docRes = await h.public({ method: 'GET', url: '/v1/openapi.json', headers: bearer(key) });
    expect(docRes.statusCode).toBe(200);
    const doc = docRes.json() as OpenApi;
    // Named components, each reference resolving to one of them; no generated def-N names.
    const names = Object.keys(doc.components.schemas);
    expect(names).toEqual(expect.arrayContaining(['Customer', 'CustomerUpsert', 'CustomerPage', 'PurchaseInput', 'PurchaseResult', 'EventInput', 'Error']));
    expect(names.filter((n) => /^def-/.test(n))).toEqual([]);
    for (const ref of refsOf(doc)) expect(names).toContain(ref.replace('#/components/schemas/', ''));
    expect(doc.components.securitySchemes).toHaveProperty('apiKey');
    expect(doc.servers[0]!.url).toMatch(/^http/);
    expect(Object.keys(doc.paths)).not.toContain('/v1/openapi.json');

    // The purchase operation as the document describes it.
    const [path, operations] = Object.entries(doc.paths).find(([, ops]) => Object.values(ops).some((o) => o.operationId === 'recordPurchase'))!;
    const [method, operation] = Object.entries(operations).find(([, o]) => o.operationId === 'recordPurchase')!;
    const bodyRef = operation.requestBody!.content['application/json']!.schema.$ref!;
    const bodySchema = doc.components.schemas[bodyRef.replace('#/components/schemas/', '')]!;
    expect(bodySchema.required).toEqual(expect.arrayContaining(['customer', 'externalId', 'amountCents']));

    const created = await h.public({ method: 'POST', url: '/v1/customers', headers: bearer(key), payload: { email: 'lea@example.fr', firstName: 'Léa', externalId: 'shop-77' } });
    expect(created.statusCode).toBe(201);
    const customer = created.json() as { id: number; points: { balance: number } };

    const purchase = { customer: { externalId: 'shop-77' }, externalId: 'order-1001', amountCents: 4250, channel: 'online', purchasedAt: '2025-03-14T09:30:00+01:00' };
    const call = (headers: Record<string, string>) =>
      h.public({ method: method.toUpperCase() as 'POST', url: path, headers, payload: purchase });

    const first = await call(bearer(key));
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ created: true, pointsEarned: 42, balance: 42, customerId: customer.id, purchasedAt: '2025-03-14T08:30:00.000Z' });
    const replay = await call(bearer(key));
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toMatchObject({ created: false, pointsEarned: 42, balance: 42, purchaseId: (first.json() as { purchaseId: number }).purchaseId });

    const read = await h.public({ method: 'GET', url: `/v1/customers/${customer.id}`, headers: bearer(key) });
    expect(read.json()).toMatchObject({ points: { balance: 42, lifetime: 42 }, externalId: 'shop-77', wallet: { installed: false, cards: [] } });

    // Missing or wrong keys are refused before anything is written.
    expect((await call({})).statusCode).toBe(401);
    expect((await call(bearer(key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A')))).statusCode).toBe(401);
    expect((await call({ authorization: key })).statusCode).toBe(401);
    const purchases = await h.admin({ method: 'GET', url: `/api/customers/${customer.id}/purchases` });
    expect((purchases.json() as { items: unknown[] }).items).toHaveLength(1);
  });

  it('checks scopes, forgets revoked keys and records when a key was last used', async () => {
    const reader = await newKey(['customers:read'], 'Lecture');
    const res = await h.public({ method: 'POST', url: '/v1/purchases', headers: bearer(reader), payload: { customer: { id: 1 }, externalId: 'x', amountCents: 1 } });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'API_KEY_SCOPE', params: { scope: 'purchases:write' } });

    const list = (await h.admin({ method: 'GET', url: '/api/integrations/api-keys' })).json() as { items: Array<{ id: number; prefix: string; lastUsedAt: number | null }> };
    expect(list.items[0]!.lastUsedAt).toEqual(expect.any(Number));
    expect(list.items[0]!.prefix).toBe(`${reader.split('_').slice(0, 2).join('_')}_…`);
    expect(JSON.stringify(list)).not.toContain(reader.split('_')[2]);

    expect((await h.admin({ method: 'DELETE', url: `/api/integrations/api-keys/${list.items[0]!.id}` })).statusCode).toBe(200);
    expect((await h.public({ method: 'GET', url: '/v1/customers', headers: bearer(reader) })).statusCode).toBe(401);
  });

  it('upserts by external id or e-mail, pages customers with a cursor, and keeps posted events once per event id', async () => {
    const key = await newKey(['customers:read', 'customers:write', 'events:write']);
    const upsert = (payload: object) => h.public({ method: 'POST', url: '/v1/customers', headers: bearer(key), payload });
    expect((await upsert({ email: 'a@example.fr' })).statusCode).toBe(201);
    // Found by e-mail: the external id is attached; then found by external id: the e-mail changes.
    const linked = await upsert({ email: 'a@example.fr', externalId: 'ext-a', city: 'Lyon' });
    expect(linked.statusCode).toBe(200);
    expect(linked.json()).toMatchObject({ externalId: 'ext-a', city: 'Lyon' });
    expect((await upsert({ externalId: 'ext-a', email: 'a2@example.fr' })).json()).toMatchObject({ email: 'a2@example.fr', city: 'Lyon' });
    expect((await upsert({ externalId: 'unknown' })).json()).toMatchObject({ code: 'EMAIL_REQUIRED' });
    expect((await upsert({ email: 'b@example.fr' })).statusCode).toBe(201);
    expect((await upsert({ email: 'b@example.fr', externalId: 'ext-a' })).statusCode).toBe(409);
    for (let i = 0; i < 3; i++) await upsert({ email: `c${i}@example.fr` });

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/v1/customers?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await h.public({ method: 'GET', url, headers: bearer(key) })).json() as { items: Array<{ email: string }>; nextCursor: string | null };
      seen.push(...page.items.map((c) => c.email));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['a2@example.fr', 'b@example.fr', 'c0@example.fr', 'c1@example.fr', 'c2@example.fr']);
    const byExternal = (await h.public({ method: 'GET', url: '/v1/customers?externalId=ext-a', headers: bearer(key) })).json() as { items: unknown[] };
    expect(byExternal.items).toHaveLength(1);

    const event = {
      type: 'cart_abandoned',
      customer: { externalId: 'ext-a' },
      eventId: 'cart-9',
      valueCents: 8900,
      items: [{ name: 'Bougie figue', quantity: 2, amountCents: 4450, url: 'https://shop.example.fr/bougie' }],
    };
    const posted = await h.public({ method: 'POST', url: '/v1/events', headers: bearer(key), payload: event });
    expect(posted.statusCode).toBe(202);
    expect(posted.json()).toMatchObject({ duplicate: false });
    const again = await h.public({ method: 'POST', url: '/v1/events', headers: bearer(key), payload: event });
    expect(again.json()).toMatchObject({ duplicate: true, id: (posted.json() as { id: number }).id });
    const stored = h.app.parts.integrations.customerEvents.unhandled('cart_abandoned', 0, Number.MAX_SAFE_INTEGER, 10);
    expect(stored).toEqual([expect.objectContaining({ valueCents: 8900, items: event.items, type: 'cart_abandoned' })]);
    // The automations' window is (after, until]; one they acted on is not handed out again.
    const events = h.app.parts.integrations.customerEvents;
    expect(events.unhandled('cart_abandoned', stored[0]!.occurredAt, Number.MAX_SAFE_INTEGER, 10)).toEqual([]);
    expect(events.markHandled(stored[0]!.id, Date.now())).toBe(true);
    expect(events.markHandled(stored[0]!.id, Date.now())).toBe(false);
    expect(events.unhandled('cart_abandoned', 0, Number.MAX_SAFE_INTEGER, 10)).toEqual([]);
    const custom = await h.public({ method: 'POST', url: '/v1/events', headers: bearer(key), payload: { type: 'custom', customer: { email: 'b@example.fr' } } });
    expect(custom.json()).toMatchObject({ code: 'EVENT_NAME_REQUIRED' });
  });
});
