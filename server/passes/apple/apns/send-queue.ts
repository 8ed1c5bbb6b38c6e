import type { PushOutcome } from './apns-outcome.js';

/** A push waiting in the sender, with what the sender has learnt about it so far. */
export interface PendingPush {
  token: string;
  /** Epoch ms; Infinity when the caller set none. */
  deadline: number;
  /** Sends that may have reached APNs. */
  attempts: number;
  /** Sends APNs never processed (refused by GOAWAY), sent again for free. */
  requeues: number;
  last?: PushOutcome;
  resolve(outcome: PushOutcome): void;
}

/**
 * First in, first out, except that pushes handed back by a connection that went away jump the line: they are older
 * than anything queued since. An array with a moving head, so that 10,000 queued pushes cost no shifting.
 */
export class SendQueue {
  private items: PendingPush[] = [];
  private head = 0;
  private readonly first: PendingPush[] = [];

  get size(): number {
    return this.items.length - this.head + this.first.length;
  }

  push(item: PendingPush): void {
    this.items.push(item);
  }

  pushFirst(item: PendingPush): void {
    this.first.push(item);
  }

  take(): PendingPush | undefined {
    const urgent = this.first.pop();
    if (urgent) return urgent;
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head++];
    if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  /** Settles every push whose deadline is at or before `until` (all of them by default); keeps the others in order. */
  settle(outcome: (item: PendingPush) => PushOutcome, until = Number.POSITIVE_INFINITY): void {
    const keep: PendingPush[] = [];
    for (let item = this.take(); item; item = this.take()) {
      if (item.deadline <= until) item.resolve(outcome(item));
      else keep.push(item);
    }
    this.items = keep;
    this.head = 0;
  }
}
