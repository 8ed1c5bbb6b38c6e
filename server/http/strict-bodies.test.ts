import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoBrand } from '../demo/load.js';
import type { PassRow } from '../passes/cards/passes-repository.js';
import { createHarness, type Harness } from '../testing/app-harness.js';

const HEX = 'ab'.repeat(32);

/** JSON bodies are taken as sent: a wrong type is a 400, never coerced into a plausible value. */
describe('strict JSON bodies', () => {
  let h: Harness;
  let pass: PassRow;
  const register = (device: string, payload: string) =>
    h.public({
      method: 'POST',
      url: `/apple/v1/devices/${device}/registrations/${pass.passTypeIdentifier}/${pass.serial}`,
      headers: { authorization: `ApplePass ${pass.authToken}`, 'content-type': 'application/json' },
      payload,
    });
  const log = (payload: string) =>
    h.public({ method: 'POST', url: '/apple/v1/log', headers: { 'content-type': 'application/json' }, payload });

  beforeAll(async () => {
    h = await createHarness();
    await loadDemoBrand(h.app.services.db, { customers: 3 });
    pass = h.app.parts.apple.issuer.issuePass(1);
  });
  afterAll(() => h.close());

  it('the outside probe’s bodies are 400s on the web service', async () => {
    for (const payload of ['{"logs":"x"}', '{"logs":[1,2]}', '{"logs":[true]}', '{"logs":null}']) {
      const res = await log(payload);
      expect(res.statusCode, payload).toBe(400);
      expect(res.json(), payload).toMatchObject({ code: 'VALIDATION_ERROR' });
    }
    for (const payload of [`{"pushToken":["${HEX}"]}`, '{"pushToken":1234}', '{"pushToken":null}']) {
      const res = await register('devicestrict01', payload);
      expect(res.statusCode, payload).toBe(400);
    }
    expect(h.app.services.db.prepare('SELECT COUNT(*) AS n FROM registrations').get()).toEqual({ n: 0 });
  });

  it('well-typed bodies still pass', async () => {
    expect((await log('{"logs":["a message"]}')).statusCode).toBe(200);
    expect((await register('devicestrict02', `{"pushToken":"${HEX}"}`)).statusCode).toBe(201);
  });

  it('admin bodies are strict too, while querystrings still read numbers from text', async () => {
    const brand = await h.admin({
      method: 'PUT',
      url: '/api/settings/brand',
      payload: { name: ['Maison'], primaryColor: '#112233', defaultLocale: 'fr', website: '' },
    });
    expect(brand.statusCode).toBe(400);
    const customers = await h.admin({ method: 'GET', url: '/api/customers?limit=2&offset=1' });
    expect(customers.statusCode).toBe(200);
  });
});
