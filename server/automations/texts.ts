/**
 * An automation's text for one customer: their language's template (French when the English one is empty), the
 * moment's own placeholders ({{pointsToNext}}, {{store}}…) then the card's ({{firstName}}, {{points}}…), bounded like
 * the card's field.
 */
import { AppError } from '../errors.js';
import { cardCustomer, type CustomerRow } from '../passes/cards/customer-facts.js';
import { SHOWN_MAX } from '../passes/cards/lock-screen.js';
import { isPlaceholderName, parseTemplate, placeholderValues, renderText } from '../passes/design/placeholders.js';
import type { FactsRow } from './automations-repository.js';

export type Locale = 'fr' | 'en';
const EXTRA = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

export interface TextContext {
  publicUrl: string;
  brandName: string;
}

export function localeOf(row: Pick<FactsRow, 'locale'>, en: string): Locale {
  return row.locale === 'en' && en.trim() ? 'en' : 'fr';
}

/** Refuses a template that would show braces or nothing on a card. */
export function checkTemplate(text: string, field: string, extra: readonly string[]): void {
  const parsed = parseTemplate(text);
  const unknown = parsed.names.find((n) => !isPlaceholderName(n) && !extra.includes(n));
  if (unknown !== undefined) throw new AppError('UNKNOWN_PLACEHOLDER', `${field}: unknown placeholder {{${unknown}}}.`, 400, { field, name: unknown });
  if (parsed.unclosed) throw new AppError('UNCLOSED_PLACEHOLDER', `${field}: a {{ has no matching }}.`, 400, { field });
}

/** The moment's own placeholder values, in the customer's language. */
export type Extras = Readonly<Record<string, string>> | ((locale: Locale) => Readonly<Record<string, string>>);

export function render(template: { fr: string; en: string }, row: FactsRow, ctx: TextContext, extras: Extras = {}): string {
  const locale = localeOf(row, template.en);
  let text = locale === 'en' ? template.en : template.fr;
  if (text.includes('{{')) {
    const extra = typeof extras === 'function' ? extras(locale) : extras;
    text = text.replace(EXTRA, (token, name: string) => (name in extra ? extra[name]! : token));
    const values = placeholderValues(cardCustomer(row as CustomerRow, ctx.publicUrl), { brandName: ctx.brandName, locale });
    text = renderText(text, values);
  }
  text = text.replace(/\s+/g, ' ').trim();
  return text.length > SHOWN_MAX ? `${text.slice(0, SHOWN_MAX - 1)}…` : text;
}

/** "1 an" / "3 ans", "1 year" / "3 years". */
export function yearsText(years: number, locale: Locale): string {
  if (locale === 'en') return `${years} year${years === 1 ? '' : 's'}`;
  return `${years} an${years === 1 ? '' : 's'}`;
}
