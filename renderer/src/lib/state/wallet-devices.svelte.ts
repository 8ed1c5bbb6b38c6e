import { api } from '../api';
import { handleError } from '../handle-error';

/**
 * How many devices hold each listed customer's card, for the customers table: one request per page of customers.
 * A failure leaves the badges unknown ("—") rather than stopping the page.
 */
export class WalletDevices {
  counts = $state.raw<ReadonlyMap<number, number>>(new Map());
  #controller: AbortController | null = null;

  async load(customerIds: readonly number[]): Promise<void> {
    this.#controller?.abort();
    if (customerIds.length === 0) {
      this.counts = new Map();
      return;
    }
    const controller = new AbortController();
    this.#controller = controller;
    try {
      const { items } = await api.getWalletDevices(customerIds, controller.signal);
      if (!controller.signal.aborted) this.counts = new Map(items.map((i) => [i.customerId, i.devices]));
    } catch (error) {
      if (!controller.signal.aborted) handleError(error, { toast: false });
    }
  }

  abort(): void {
    this.#controller?.abort();
  }
}
