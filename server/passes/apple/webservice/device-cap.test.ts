import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoBrand } from '../../../demo/load.js';
import { createHarness, type Harness } from '../../../testing/app-harness.js';
import type { PassRow } from '../../cards/passes-repository.js';
import { MAX_DEVICES_PER_PASS } from '../registrations.js';

/** Someone holding a copy of a pass registers made-up devices: the owner's phone keeps getting the updates. */
describe('a pass’s devices cannot be evicted by a stranger', () => {
  let h: Harness;
  let pass: PassRow;
  const token = (i: number) => i.toString(16).padStart(2, '0').repeat(32);
  const register = (device: string, pushToken: string) =>
    h.public({
      method: 'POST',
      url: `/apple/v1/devices/${device}/registrations/${pass.passTypeIdentifier}/${pass.serial}`,
      headers: { authorization: `ApplePass ${pass.authToken}`, 'content-type': 'application/json' },
      payload: { pushToken },
    });
  const list = (device: string) =>
    h.public({ method: 'GET', url: `/apple/v1/devices/${device}/registrations/${pass.passTypeIdentifier}` });

  beforeAll(async () => {
    h = await createHarness();
    await loadDemoBrand(h.app.services.db, { customers: 2 });
    pass = h.app.parts.apple.issuer.issuePass(1);
  });
  afterAll(() => h.close());

  it('refuses new devices past the cap with 401, and the owner’s phone stays registered', async () => {
    expect((await register('ownersiphone01', token(1))).statusCode).toBe(201);
    const answers: number[] = [];
    for (let i = 0; i < MAX_DEVICES_PER_PASS + 10; i++) answers.push((await register(`stranger${String(i).padStart(4, '0')}`, token(2))).statusCode);
    expect(answers.filter((s) => s === 201)).toHaveLength(MAX_DEVICES_PER_PASS - 1);
    expect(answers.filter((s) => s === 401)).toHaveLength(11);
    expect(new Set(answers)).toEqual(new Set([201, 401]));

    const owner = await list('ownersiphone01');
    expect(owner.statusCode).toBe(200);
    expect(owner.json()).toMatchObject({ serialNumbers: [pass.serial] });
    expect((await list('stranger0039')).statusCode).toBe(204);
    // Its phone re-registers (a new push token after a restore) while the list is full.
    expect((await register('ownersiphone01', token(3))).statusCode).toBe(200);
  });
});
