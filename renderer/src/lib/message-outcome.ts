/**
 * What the toast says after a message to one customer: what really happened, not "sent" for everything. Pure, so the
 * choice of words is tested without a browser.
 */
import type { DirectMessageResult } from './campaigns-api';

export interface OutcomeText {
  kind: 'success' | 'info';
  key:
    | 'wallet.message.outcome.sent'
    | 'wallet.message.outcome.waitingCertificate'
    | 'wallet.message.outcome.notInWallet'
    | 'wallet.message.outcome.held'
    | 'wallet.message.outcome.waiting';
  params: Record<string, string | number>;
}

/** `reasonText` names a hold reason in the UI's language; `time` writes an instant in the shop's time. */
export function outcomeText(r: DirectMessageResult, reasonText: (reason: string) => string, time: (at: number) => string): OutcomeText {
  switch (r.outcome) {
    case 'sent':
      return { kind: 'success', key: 'wallet.message.outcome.sent', params: { count: r.devices } };
    case 'waiting_certificate':
      return { kind: 'info', key: 'wallet.message.outcome.waitingCertificate', params: { count: r.devices } };
    case 'waiting':
      return { kind: 'info', key: 'wallet.message.outcome.waiting', params: { time: r.until === null ? '' : time(r.until) } };
    case 'held':
      return r.reason === 'not_in_wallet'
        ? { kind: 'info', key: 'wallet.message.outcome.notInWallet', params: {} }
        : { kind: 'info', key: 'wallet.message.outcome.held', params: { reason: reasonText(r.reason ?? '') } };
  }
}
