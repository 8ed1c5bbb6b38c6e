/**
 * One row of a purchases file: the customer it belongs to (by e-mail or the shop's customer id, who must exist), the
 * amount, the date (in the shop's time zone unless the cell says otherwise), the store, the channel and the
 * purchase's own id. A row without an id gets one made from what it says, so that the same file imported twice is
 * the same purchases: credited once.
 */
import { createHash } from 'node:crypto';
import type { CustomersRepository, PurchasesRepository } from '../../customers/customers-module.js';
import { normaliseEmail, type PurchaseInput } from '../../customers/schemas.js';
import type { ExternalIdsRepository } from '../api/external-ids-repository.js';
import { rowProblem, type RowProblem, type StoreLookup } from './customer-rows.js';
import type { PurchaseField } from './fields.js';
import { parseAmount, parseChannel, parseInstant, problem, type Problem } from './values.js';

export interface PurchaseRowContext {
  columns: Partial<Record<PurchaseField, { index: number; header: string }>>;
  customers: Pick<CustomersRepository, 'idByEmail'>;
  purchases: Pick<PurchasesRepository, 'byExternalId' | 'get'>;
  externalIds: Pick<ExternalIdsRepository, 'customerOf'>;
  stores: StoreLookup;
  timeZone: string;
  seen: Map<string, number>;
}

export type PurchasePlan = { action: 'create'; customerId: number; input: PurchaseInput & { externalId: string } } | { action: 'unchanged' };

export function planPurchaseRow(cells: readonly string[], row: number, ctx: PurchaseRowContext): { problems: RowProblem[] } | { plan: PurchasePlan } {
  const problems: RowProblem[] = [];
  const cell = (f: PurchaseField): string | undefined => {
    const c = ctx.columns[f];
    return c === undefined ? undefined : (cells[c.index] ?? '').trim();
  };
  const bad = (f: PurchaseField, p: Problem) => problems.push(rowProblem(row, ctx.columns[f]?.header ?? f, p));

  let customerId: number | undefined;
  const email = cell('customerEmail');
  const customerExt = cell('customerExternalId');
  if (!email && !customerExt) bad(ctx.columns.customerEmail ? 'customerEmail' : 'customerExternalId', problem('CUSTOMER_MISSING'));
  else if (customerExt) {
    customerId = ctx.externalIds.customerOf(customerExt);
    if (customerId === undefined) bad('customerExternalId', problem('CUSTOMER_ID_UNKNOWN', { value: customerExt }));
  } else {
    customerId = ctx.customers.idByEmail(normaliseEmail(email!));
    if (customerId === undefined) bad('customerEmail', problem('CUSTOMER_EMAIL_UNKNOWN', { value: email! }));
  }
  const amountText = cell('amount') ?? '';
  const amount = amountText ? parseAmount(amountText) : { problem: problem('EMPTY') };
  if ('problem' in amount) bad('amount', amount.problem);
  const dateText = cell('purchasedAt') ?? '';
  const date = dateText ? parseInstant(dateText, ctx.timeZone) : { problem: problem('EMPTY') };
  if ('problem' in date) bad('purchasedAt', date.problem);
  const storeText = cell('store');
  let storeId: number | null = null;
  if (storeText) {
    const id = ctx.stores.find(storeText);
    if (id === undefined) bad('store', problem('STORE_UNKNOWN', { value: storeText }));
    else storeId = id;
  }
  const channelText = cell('channel');
  let channel: 'store' | 'online' = storeId !== null ? 'store' : 'online';
  if (channelText) {
    const c = parseChannel(channelText);
    if ('problem' in c) bad('channel', c.problem);
    else channel = c.value;
  }
  let externalId = cell('externalId') || '';
  if (externalId && (externalId.length > 120 || /\s/.test(externalId))) bad('externalId', problem('ID_INVALID', { value: externalId }));
  if (problems.length > 0) return { problems };

  const at = (date as { value: number }).value;
  const cents = (amount as { value: number }).value;
  if (!externalId) {
    // What the row says is its identity: the same row in a later import is the same purchase.
    const digest = createHash('sha256').update(JSON.stringify([customerId, at, cents, storeId, channel])).digest('base64url').slice(0, 24);
    externalId = `csv:${digest}`;
  }
  const first = ctx.seen.get(externalId);
  if (first !== undefined) {
    bad(ctx.columns.externalId ? 'externalId' : 'amount', problem('DUPLICATE', { row: String(first) }));
    return { problems };
  }
  ctx.seen.set(externalId, row);
  // A purchase recorded without an id of its own is exported as passerelle:<its id>: read back, it is that purchase.
  const ours = /^passerelle:(\d{1,15})$/.exec(externalId);
  const known = ours ? ctx.purchases.get(Number(ours[1])) : ctx.purchases.byExternalId(externalId);
  if (ours && !known) {
    bad('externalId', problem('PURCHASE_UNKNOWN', { value: externalId }));
    return { problems };
  }
  if (known) {
    if (known.customerId !== customerId) {
      bad('externalId', problem('PURCHASE_OTHER_CUSTOMER', { value: externalId }));
      return { problems };
    }
    return { plan: { action: 'unchanged' } };
  }
  return { plan: { action: 'create', customerId: customerId!, input: { amountCents: cents, channel, storeId, externalId, purchasedAt: at } } };
}
