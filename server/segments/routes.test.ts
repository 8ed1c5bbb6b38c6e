/** The segments API on a real app: saved segments, live counts, samples, the builder's options, refusals. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoBrand } from '../demo/load.js';
import { createHarness, type Harness } from '../testing/app-harness.js';

describe('segments API', () => {
  let h: Harness;
  const gold = { match: 'all', conditions: [{ field: 'tier', values: ['gold'] }] };

  beforeAll(async () => {
    h = await createHarness();
    await loadDemoBrand(h.app.services.db, { customers: 200 });
  });
  afterAll(() => h.close());

  it('counts a definition live: the count, its share, the time taken', async () => {
    const res = await h.admin({ method: 'POST', url: '/api/segments/count', payload: { definition: gold } });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { count: number; total: number; ms: number };
    const golds = h.app.services.db.prepare(`SELECT COUNT(*) AS n FROM customers WHERE tier = 'gold'`).get() as { n: number };
    expect(body).toMatchObject({ count: golds.n, total: 200 });
    expect(body.ms).toBeGreaterThanOrEqual(0);
    const everyone = (await h.admin({ method: 'POST', url: '/api/segments/count', payload: { definition: { match: 'all', conditions: [] } } })).json();
    expect(everyone).toMatchObject({ count: 200, total: 200 });
  });

  it('samples members, newest first, at most the limit', async () => {
    const res = await h.admin({ method: 'POST', url: '/api/segments/sample', payload: { definition: { match: 'all', conditions: [] }, limit: 3 } });
    const items = (res.json() as { items: Array<{ id: number; wallet: string }> }).items;
    expect(items.map((m) => m.id)).toEqual([200, 199, 198]);
    expect(items[0]!.wallet).toBe('none');
    expect((await h.admin({ method: 'POST', url: '/api/segments/sample', payload: { definition: gold, limit: 500 } })).statusCode).toBe(400);
  });

  it('saves, renames, lists and deletes segments; a name is taken once, whatever its case', async () => {
    const created = await h.admin({ method: 'POST', url: '/api/segments', payload: { name: 'Clients Or', definition: gold } });
    expect(created.statusCode).toBe(201);
    const { id } = created.json() as { id: number };
    expect((await h.admin({ method: 'POST', url: '/api/segments', payload: { name: 'clients or', definition: gold } })).json()).toMatchObject({
      code: 'SEGMENT_NAME_TAKEN',
    });
    const renamed = await h.admin({ method: 'PUT', url: `/api/segments/${id}`, payload: { name: 'Or et Argent', definition: { match: 'all', conditions: [{ field: 'tier', values: ['gold', 'silver'] }] } } });
    expect(renamed.json()).toMatchObject({ id, name: 'Or et Argent', campaigns: 0 });
    expect((await h.admin({ method: 'GET', url: '/api/segments' })).json()).toMatchObject({ items: [{ id, name: 'Or et Argent' }] });
    expect((await h.admin({ method: 'DELETE', url: `/api/segments/${id}` })).statusCode).toBe(204);
    expect((await h.admin({ method: 'GET', url: `/api/segments/${id}` })).statusCode).toBe(404);
  });

  it('offers the programme’s tiers, the stores, the categories and the commonest cities', async () => {
    const options = (await h.admin({ method: 'GET', url: '/api/segments/options' })).json() as { tiers: Array<{ id: string }>; stores: unknown[]; cities: string[] };
    expect(options.tiers.map((t) => t.id)).toEqual(['member', 'silver', 'gold']);
    expect(options.stores).toHaveLength(10);
    expect(options.cities.length).toBeGreaterThan(0);
  });

  it('refuses what is not a segment', async () => {
    const count = (definition: unknown) => h.admin({ method: 'POST', url: '/api/segments/count', payload: { definition } as object });
    expect((await count({ match: 'all', conditions: [{ field: 'shoeSize', min: 40 }] })).statusCode).toBe(400);
    expect((await count({ match: 'some', conditions: [] })).statusCode).toBe(400);
    expect((await count({ match: 'all', conditions: [{ field: 'tier', values: [] }] })).statusCode).toBe(400);
    expect((await count({ match: 'all', conditions: [{ field: 'age', min: -1 }] })).statusCode).toBe(400);
    // Groups hold conditions, not groups.
    expect((await count({ match: 'all', conditions: [{ match: 'any', conditions: [{ match: 'any', conditions: [gold.conditions[0]] }] }] })).statusCode).toBe(400);
    const many = Array.from({ length: 15 }, () => ({ match: 'any', conditions: [gold.conditions[0], gold.conditions[0], gold.conditions[0]] }));
    expect((await count({ match: 'all', conditions: many })).json()).toMatchObject({ code: 'SEGMENT_TOO_LARGE' });
    expect((await h.admin({ method: 'POST', url: '/api/segments', payload: { name: '  ', definition: gold } })).statusCode).toBe(400);
  });
});
