import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoBrand } from '../../../demo/load.js';
import { createHarness, type Harness } from '../../../testing/app-harness.js';
import { openPass, verifyPass } from '../../../testing/pkpass.js';
import type { PassRow } from '../../cards/passes-repository.js';

describe('pass bytes for phones', () => {
  let h: Harness;
  let passes: PassRow[];
  const current = (id: number) => h.app.parts.apple.issuer.passes.get(id)!;

  beforeAll(async () => {
    h = await createHarness();
    await loadDemoBrand(h.app.services.db, { customers: 6 });
    passes = [1, 2, 3].map((id) => h.app.parts.apple.issuer.issuePass(id));
    const { registrations } = h.app.parts.apple;
    registrations.register('a'.repeat(32), 'aa'.repeat(32), passes[0]!.id);
    registrations.register('b'.repeat(32), 'bb'.repeat(32), passes[0]!.id);
    registrations.register('c'.repeat(32), 'cc'.repeat(32), passes[1]!.id);
  });
  afterAll(() => h.close());

  it('builds the changed passes that phones hold ahead, and serves each to its devices, then lets it go', async () => {
    const { bytes } = h.app.parts.apple;
    const updates = h.app.parts.cards.changes;
    const ids = passes.map((p) => p.id);
    updates.markPassesChanged(ids, { reason: 'test' });
    expect(await bytes.warm(ids)).toBe(2);
    expect(bytes.fresh.count).toBe(2);
    const first = await bytes.get(current(passes[0]!.id));
    expect(verifyPass(first, h.app.parts.apple.identity.current().pems.wwdrPem).ok).toBe(true);
    expect(bytes.fresh.count).toBe(2);
    expect(await bytes.get(current(passes[0]!.id))).toBe(first);
    expect(bytes.fresh.count).toBe(1);
    // A later change: what was built for the previous version is not served.
    updates.markPassesChanged([passes[1]!.id], { reason: 'test' });
    const again = await bytes.get(current(passes[1]!.id));
    expect(openPass(again).passJson.serialNumber).toBe(passes[1]!.serial);
    // Nothing is built ahead for a pass no device holds.
    expect(await bytes.warm([passes[2]!.id])).toBe(0);
  });

  it('carries the latest lock-screen message in the reserved back field, for phones and for the download link', async () => {
    // A card on a phone (the messages guard sends only to cards in a wallet), its timing rules aside (messaging/).
    const pass = passes[1]!;
    h.app.services.settings.setMany({ 'messages.quietStart': '09:00', 'messages.quietEnd': '09:00', 'messages.silenceAfterPurchaseHours': 0, 'messages.silenceAfterConversionDays': 0 });
    const sent = await h.admin({ method: 'POST', url: `/api/customers/${pass.customerId}/message`, payload: { text: 'Thé offert ce samedi' } });
    expect(sent.json(), sent.body).toMatchObject({ outcome: 'waiting_certificate', passes: 1 });
    const messageOf = (bytes: Buffer) => {
      const { storeCard } = openPass(bytes).passJson as { storeCard: { backFields: Array<{ key: string; value: unknown; changeMessage?: string }> } };
      return storeCard.backFields.find((f) => f.key === 'message');
    };
    const served = await h.app.parts.apple.bytes.get(current(pass.id));
    expect(messageOf(served)).toMatchObject({ value: 'Thé offert ce samedi', changeMessage: '%@' });
    const downloaded = await h.public({ method: 'GET', url: `/p/${pass.downloadId}` });
    expect(downloaded.statusCode).toBe(200);
    expect(messageOf(downloaded.rawPayload)).toMatchObject({ value: 'Thé offert ce samedi', changeMessage: '%@' });
  });
});
