import type { Locale, PlaceholderInfo, ProgrammeTier } from './contract';

/**
 * Placeholders in card texts (`{{firstName}}`, `{{points}}` …), filled here with a sample customer for the preview.
 * The server fills them with the real customer when it builds a pass; this is the renderer's own small copy.
 */
const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;

export type Sample = Readonly<Record<string, string>>;

/** `text` with every known placeholder replaced by the sample's value; unknown ones stay as typed. */
export function renderPlaceholders(text: string, sample: Sample): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => (Object.hasOwn(sample, name) ? (sample[name] ?? '') : whole));
}

/** The placeholder names a text uses, in order, without repeats. */
export function placeholdersIn(text: string): string[] {
  return [...new Set(Array.from(text.matchAll(PLACEHOLDER), (match) => match[1] ?? ''))];
}

export function placeholderToken(name: string): string {
  return `{{${name}}}`;
}

/** Inserts `token` into `text` in place of the selection `[start, end)`; returns the text and the new caret. */
export function insertAt(text: string, token: string, start: number, end = start): { text: string; caret: number } {
  const from = Math.max(0, Math.min(start, text.length));
  const to = Math.max(from, Math.min(end, text.length));
  return { text: text.slice(0, from) + token + text.slice(to), caret: from + token.length };
}

const SAMPLE_SINCE = Date.UTC(2024, 2, 14);

export interface SampleInput {
  /** The server's placeholders and their example values. */
  placeholders: readonly PlaceholderInfo[];
  locale: Locale;
  /** The programme's tier shown in the preview, if any. */
  tier: ProgrammeTier | undefined;
  /** Intl tag of the preview language, e.g. `fr-FR`. */
  tag: string;
}

/**
 * The sample customer of the preview: the server's examples, with the values that depend on the preview's tier and
 * language computed here (so switching to Gold shows Gold points and the tier's name in the card's language).
 */
export function sampleCustomer({ placeholders, locale, tier, tag }: SampleInput): Sample {
  const sample: Record<string, string> = {};
  for (const { name, example } of placeholders) sample[name] = example;
  const points = Math.max(tier?.threshold ?? 0, 0) + 240;
  sample['points'] = new Intl.NumberFormat(tag).format(points);
  if (tier) sample['tier'] = tier.name[locale] || tier.id;
  // Month and year, as the server writes it on cards.
  sample['memberSince'] = new Intl.DateTimeFormat(tag, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(SAMPLE_SINCE);
  return sample;
}
