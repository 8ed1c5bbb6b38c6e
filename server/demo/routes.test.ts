import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../testing/app-harness.js';

describe('POST /api/demo (the "Load demo brand" button)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  it('fills an empty install with a brand whose card design is valid and issuable', async () => {
    const res = await h.admin({ method: 'POST', url: '/api/demo' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ customers: 1000, designs: 1 });
    expect(res.json().stores).toBeGreaterThanOrEqual(8);

    const overview = (await h.admin({ method: 'GET', url: '/api/overview' })).json();
    expect(overview).toMatchObject({ customers: 1000, empty: false });

    const designs = (await h.admin({ method: 'GET', url: '/api/designs' })).json().items;
    expect(designs).toHaveLength(1);
    const detail = (await h.admin({ method: 'GET', url: `/api/designs/${designs[0].id}` })).json();
    expect(detail.issues.filter((i: { severity: string }) => i.severity === 'error')).toEqual([]);
    expect(detail.design.content.images.icon).toMatch(/^[0-9a-f]{64}$/);
    expect(h.app.services.settings.brand().name).not.toBe('Ma boutique');
  });

  it('refuses to load over existing data', async () => {
    const res = await h.admin({ method: 'POST', url: '/api/demo' });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('NOT_EMPTY');
  });
});
