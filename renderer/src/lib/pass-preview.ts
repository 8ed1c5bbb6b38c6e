import type { BarcodeFormat, Colours, DesignContent, Field, FieldAlign, ImageRole, Locale, Text, TierVariant } from './contract';
import { parseHex } from './color';
import { renderPlaceholders, type Sample } from './placeholders';
import { imageRolesFor } from './wallet-layout';

/** What the preview draws: the design resolved for one tier, one language and the sample customer. */
export interface PreviewField {
  key: string;
  label: string;
  value: string;
  align: FieldAlign;
}

export interface PassView {
  colours: Colours;
  /** Image ids by role, only for roles this kind of card shows (the tier's strip replaces the design's). */
  images: Partial<Record<ImageRole, string>>;
  logoText: string;
  description: string;
  header: PreviewField[];
  primary: PreviewField[];
  secondary: PreviewField[];
  auxiliary: PreviewField[];
  back: PreviewField[];
  barcode: { format: Exclude<BarcodeFormat, 'none'>; message: string; altText: string } | null;
  links: { label: string; url: string }[];
  messageLabel: string;
}

const FALLBACK: Colours = { background: '#ffffff', foreground: '#111111', label: '#6b6b6b' };

/** A colour still being typed (`#12`) keeps the last sound one: the tier's, then the design's, then a default. */
function colour(...candidates: (string | undefined)[]): string {
  for (const candidate of candidates) if (candidate && parseHex(candidate)) return candidate;
  return '#000000';
}

export function resolveColours(base: Colours, tier: TierVariant | undefined): Colours {
  const over = tier?.colours ?? {};
  return {
    background: colour(over.background, base.background, FALLBACK.background),
    foreground: colour(over.foreground, base.foreground, FALLBACK.foreground),
    label: colour(over.label, base.label, FALLBACK.label),
  };
}

export interface PreviewInput {
  locale: Locale;
  tier: TierVariant | undefined;
  sample: Sample;
}

export function passView(content: DesignContent, { locale, tier, sample }: PreviewInput): PassView {
  const text = (value: Text | undefined): string => renderPlaceholders(value?.[locale] ?? '', sample);
  const fields = (list: Field[]): PreviewField[] =>
    list.map((field) => ({ key: field.key, label: text(field.label), value: text(field.value), align: field.align ?? 'natural' }));

  const images: Partial<Record<ImageRole, string>> = {};
  for (const role of imageRolesFor(content.kind)) {
    const id = role === 'strip' ? (tier?.strip ?? content.images.strip) : content.images[role];
    if (id) images[role] = id;
  }
  // Apple: an event ticket with a background image shows no strip.
  if (images.background) delete images.strip;

  const { barcode } = content;
  return {
    colours: resolveColours(content.colours, tier),
    images,
    logoText: content.brandName,
    description: text(content.description),
    header: fields(content.fields.header),
    primary: fields(content.fields.primary),
    secondary: fields(content.fields.secondary),
    auxiliary: fields(content.fields.auxiliary),
    back: fields(content.fields.back),
    barcode:
      barcode.format === 'none'
        ? null
        : {
            format: barcode.format,
            message: renderPlaceholders(barcode.message, sample),
            altText: renderPlaceholders(barcode.altText ?? '', sample),
          },
    links: content.links.map((link) => ({ label: text(link.label), url: link.url })),
    messageLabel: text(content.message.label),
  };
}
