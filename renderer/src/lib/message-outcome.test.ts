import { describe, expect, it } from 'vitest';
import { outcomeText } from './message-outcome';

const reason = (r: string) => `<${r}>`;
const time = (at: number) => new Date(at).toISOString();
const base = { passes: 1, devices: 0, reason: null, until: null };

describe('the toast after a message to one customer', () => {
  it('says what really happened', () => {
    expect(outcomeText({ ...base, outcome: 'sent', devices: 2 }, reason, time)).toEqual({ kind: 'success', key: 'wallet.message.outcome.sent', params: { count: 2 } });
    expect(outcomeText({ ...base, outcome: 'waiting_certificate', devices: 1 }, reason, time)).toMatchObject({ key: 'wallet.message.outcome.waitingCertificate' });
    expect(outcomeText({ ...base, outcome: 'held', passes: 0, reason: 'not_in_wallet' }, reason, time)).toMatchObject({ key: 'wallet.message.outcome.notInWallet' });
    expect(outcomeText({ ...base, outcome: 'held', passes: 0, reason: 'weekly_cap' }, reason, time)).toEqual({
      kind: 'info',
      key: 'wallet.message.outcome.held',
      params: { reason: '<weekly_cap>' },
    });
    expect(outcomeText({ ...base, outcome: 'waiting', passes: 0, until: Date.UTC(2025, 0, 16, 8) }, reason, time)).toEqual({
      kind: 'info',
      key: 'wallet.message.outcome.waiting',
      params: { time: '2025-01-16T08:00:00.000Z' },
    });
  });
});
