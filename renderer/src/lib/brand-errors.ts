import type { Brand } from './contract';

export type BrandField = keyof Brand;

// Most specific first: "name" also appears inside other words' messages less often than the others.
const FIELDS: BrandField[] = ['primaryColor', 'defaultLocale', 'website', 'name'];

/**
 * Which field a `VALIDATION_ERROR` is about. The server's message names the property (schema errors read like
 * `body/primaryColor must match pattern …`, business checks like `website must be an http(s) URL`).
 */
export function brandFieldOf(message: string): BrandField | null {
  for (const field of FIELDS) {
    if (new RegExp(`(^|[^A-Za-z])${field}([^A-Za-z]|$)`).test(message)) return field;
  }
  return null;
}
