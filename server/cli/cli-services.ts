import type { Db } from '../db/connection.js';
import { createCustomersRepository } from '../customers/customers-repository.js';
import { AppError } from '../errors.js';

/** `--customer 42` or `--customer camille@example.fr`. */
export function findCustomerId(db: Db, ref: string): number {
  const trimmed = ref.trim();
  const customers = createCustomersRepository(db);
  const found = /^\d+$/.test(trimmed) ? (customers.get(Number(trimmed))?.id) : customers.idByEmail(trimmed);
  if (found === undefined) throw new AppError('CUSTOMER_NOT_FOUND', `No customer with ${/^\d+$/.test(trimmed) ? 'id' : 'e-mail'} "${trimmed}".`, 404);
  return found;
}
