/**
 * One row of a customers file: checked column by column (the report's "row, column, problem"), then compared with
 * the customer it names (by external id, else e-mail): new, changed, or the same (a file imported twice changes
 * nothing the second time). Validation and the import run use the same plan, so what was checked is what is written.
 */
import { Compile } from 'typebox/compile';
import { Value } from 'typebox/value';
import type { CustomersRepository } from '../../customers/customers-module.js';
import { CustomerInput, normaliseEmail, type Customer, type CustomerUpdate } from '../../customers/schemas.js';
import type { ExternalIdsRepository } from '../api/external-ids-repository.js';
import type { CustomerField } from './fields.js';
import { parseDay, parseGender, parseLocale, parseYesNo, problem, PROBLEMS, type Problem } from './values.js';

export interface RowProblem {
  row: number;
  column: string;
  /** In English; `code` and `params` let a UI say it in its own language. */
  problem: string;
  code: string;
  params: Record<string, string>;
}

export const rowProblem = (row: number, column: string, p: Problem): RowProblem => ({
  row,
  column,
  problem: PROBLEMS[p.code](p.params),
  code: p.code,
  params: p.params,
});

export interface StoreLookup {
  /** A store by its id or its name (without case). */
  find(text: string): number | undefined;
}

export interface CustomerRowContext {
  columns: Partial<Record<CustomerField, { index: number; header: string }>>;
  customers: Pick<CustomersRepository, 'idByEmail' | 'get'>;
  externalIds: Pick<ExternalIdsRepository, 'customerOf' | 'of'>;
  stores: StoreLookup;
  /** Rows seen so far in this file: a second row with the same e-mail or external id is a duplicate. */
  seen: { emails: Map<string, number>; externalIds: Map<string, number> };
}

export type CustomerPlan =
  | { action: 'create'; input: CustomerInput; externalId: string | null }
  | { action: 'update'; id: number; patch: CustomerUpdate; externalId: string | null }
  | { action: 'unchanged'; id: number };

// Compiled once: a hundred thousand rows go through it.
const customerInput = Compile(CustomerInput);
const emailShape = Compile(CustomerInput.properties.email);

const PATCH_COLUMNS: Record<string, CustomerField> = {
  firstName: 'firstName',
  lastName: 'lastName',
  phone: 'phone',
  birthday: 'birthday',
  gender: 'gender',
  city: 'city',
  postcode: 'postcode',
  locale: 'locale',
  preferredStoreId: 'store',
  consentMarketing: 'consentMarketing',
};

export function planCustomerRow(cells: readonly string[], row: number, ctx: CustomerRowContext): { problems: RowProblem[] } | { plan: CustomerPlan } {
  const problems: RowProblem[] = [];
  const cell = (f: CustomerField): string | undefined => {
    const c = ctx.columns[f];
    return c === undefined ? undefined : (cells[c.index] ?? '').trim();
  };
  const bad = (f: CustomerField, p: Problem) => problems.push(rowProblem(row, ctx.columns[f]?.header ?? f, p));

  const values: Record<string, unknown> = {};
  const email = cell('email');
  if (!email) bad('email', problem('EMPTY'));
  else if (!emailShape.Check(normaliseEmail(email))) bad('email', problem('EMAIL_INVALID', { value: email }));
  else values.email = normaliseEmail(email);

  for (const f of ['firstName', 'lastName', 'phone', 'city', 'postcode'] as const) {
    const v = cell(f);
    if (v !== undefined) values[f] = v;
  }
  const birthday = cell('birthday');
  if (birthday) {
    const p = parseDay(birthday);
    if ('problem' in p) bad('birthday', p.problem);
    else values.birthday = p.value;
  } else if (birthday === '') values.birthday = null;
  const gender = cell('gender');
  if (gender !== undefined) {
    const p = parseGender(gender);
    if ('problem' in p) bad('gender', p.problem);
    else values.gender = p.value;
  }
  const locale = cell('locale');
  if (locale) {
    const p = parseLocale(locale);
    if ('problem' in p) bad('locale', p.problem);
    else values.locale = p.value;
  }
  const store = cell('store');
  if (store) {
    const id = ctx.stores.find(store);
    if (id === undefined) bad('store', problem('STORE_UNKNOWN', { value: store }));
    else values.preferredStoreId = id;
  } else if (store === '') values.preferredStoreId = null;
  const consent = cell('consentMarketing');
  if (consent !== undefined) {
    const p = parseYesNo(consent);
    if ('problem' in p) bad('consentMarketing', p.problem);
    else values.consentMarketing = p.value;
  }
  const externalId = cell('externalId') || null;
  if (externalId !== null && (externalId.length > 120 || /\s/.test(externalId))) bad('externalId', problem('ID_INVALID', { value: externalId }));

  // Lengths and shapes the customers' own contract requires, column by column.
  if (problems.length === 0 && values.email !== undefined && !customerInput.Check(values)) {
    for (const err of Value.Errors(CustomerInput, values)) {
      const field = err.instancePath.split('/')[1] ?? '';
      const column = (PATCH_COLUMNS[field] ?? (field as CustomerField)) as CustomerField;
      bad(column, problem('VALUE_INVALID', { message: err.message }));
    }
  }

  if (typeof values.email === 'string') {
    const first = ctx.seen.emails.get(values.email);
    if (first !== undefined) bad('email', problem('DUPLICATE', { row: String(first) }));
    else ctx.seen.emails.set(values.email, row);
  }
  if (externalId !== null) {
    const first = ctx.seen.externalIds.get(externalId);
    if (first !== undefined) bad('externalId', problem('DUPLICATE', { row: String(first) }));
    else ctx.seen.externalIds.set(externalId, row);
  }
  if (problems.length > 0) return { problems };

  const email_ = values.email as string;
  const byExternal = externalId !== null ? ctx.externalIds.customerOf(externalId) : undefined;
  const byEmail = ctx.customers.idByEmail(email_);
  if (byExternal !== undefined && byEmail !== undefined && byExternal !== byEmail) {
    bad('externalId', problem('ID_OTHER_CUSTOMER', { value: externalId!, email: email_ }));
    return { problems };
  }
  const id = byExternal ?? byEmail;
  if (id === undefined) return { plan: { action: 'create', input: values as CustomerInput, externalId } };

  const existing = ctx.customers.get(id)!;
  const patch = changes(existing, values);
  const externalChanged = externalId !== null && ctx.externalIds.of(id) !== externalId;
  if (Object.keys(patch).length === 0 && !externalChanged) return { plan: { action: 'unchanged', id } };
  return { plan: { action: 'update', id, patch, externalId: externalChanged ? externalId : null } };
}

/** The values of the row that differ from the customer's. */
function changes(c: Customer, values: Record<string, unknown>): CustomerUpdate {
  const current: Record<string, unknown> = {
    email: c.email,
    firstName: c.firstName,
    lastName: c.lastName,
    phone: c.phone,
    birthday: c.birthday,
    gender: c.gender,
    city: c.city,
    postcode: c.postcode,
    locale: c.locale,
    preferredStoreId: c.preferredStoreId,
    consentMarketing: c.consentMarketing,
  };
  const patch: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) if (current[k] !== v) patch[k] = v;
  return patch as CustomerUpdate;
}
