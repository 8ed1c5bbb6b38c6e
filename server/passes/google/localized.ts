/**
 * Google's LocalizedString: a default value in the brand's default language and translations for the others. The
 * same fallbacks as the Apple pass (to-apple.ts): an empty translation shows the default language's text.
 */
import { renderText, type PlaceholderValues } from '../design/placeholders.js';
import { LOCALES, type Locale, type Text } from '../design/schema.js';

export interface TranslatedString {
  language: string;
  value: string;
}

export interface LocalizedString {
  defaultValue: TranslatedString;
  translatedValues?: TranslatedString[];
}

/** The text in `locale`, or in the default language when that translation is empty, or in any language that has one. */
export function pick(t: Text, locale: Locale, defaultLocale: Locale): string {
  if (t[locale].trim() !== '') return t[locale];
  if (t[defaultLocale].trim() !== '') return t[defaultLocale];
  return LOCALES.map((l) => t[l]).find((s) => s.trim() !== '') ?? '';
}

export const hasText = (t: Text): boolean => LOCALES.some((l) => t[l].trim() !== '');

/** Per-language values of a text, rendered with that language's customer values when given. */
export function perLocale(t: Text, defaultLocale: Locale, values?: Record<Locale, PlaceholderValues>): Record<Locale, string> {
  const out = {} as Record<Locale, string>;
  for (const l of LOCALES) {
    const text = pick(t, l, defaultLocale);
    out[l] = values ? renderText(text, values[l]) : text;
  }
  return out;
}

/** A LocalizedString from per-language values; translations equal to the default are left out. */
export function localizedOf(texts: Record<Locale, string>, defaultLocale: Locale): LocalizedString {
  const translated = LOCALES.filter((l) => l !== defaultLocale && texts[l] !== texts[defaultLocale]).map((l) => ({
    language: l,
    value: texts[l],
  }));
  const out: LocalizedString = { defaultValue: { language: defaultLocale, value: texts[defaultLocale] } };
  if (translated.length > 0) out.translatedValues = translated;
  return out;
}

export const localized = (t: Text, defaultLocale: Locale, values?: Record<Locale, PlaceholderValues>): LocalizedString =>
  localizedOf(perLocale(t, defaultLocale, values), defaultLocale);

/** The same words in every language (a brand name). */
export const sameInAll = (value: string, defaultLocale: Locale): LocalizedString => ({ defaultValue: { language: defaultLocale, value } });
