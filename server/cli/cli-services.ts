import type { Db } from '../db/connection.js';
import { AppError } from '../errors.js';

/** `--customer 42` or `--customer camille@example.fr`. */
export function findCustomerId(db: Db, ref: string): number {
  const trimmed = ref.trim();
  const row = /^\d+$/.test(trimmed)
    ? db.prepare<[number], { id: number }>('SELECT id FROM customers WHERE id = ?').get(Number(trimmed))
    : db.prepare<[string], { id: number }>('SELECT id FROM customers WHERE email = ?').get(trimmed);
  if (!row) throw new AppError('CUSTOMER_NOT_FOUND', `No customer with ${/^\d+$/.test(trimmed) ? 'id' : 'e-mail'} "${trimmed}".`, 404);
  return row.id;
}
