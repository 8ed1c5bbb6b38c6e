/**
 * Reading a design's stored JSON. Content saved through the API is always a valid DesignContent; rows written
 * before the model settled (the demo's first card: `colors`, plain-string values) are read part by part, keeping
 * every part that fits the model and taking the template's for the rest, so that the editor can open and re-save
 * them instead of failing.
 */
import { Value } from 'typebox/value';
import { DesignContent, type DesignKind } from './schema.js';
import { defaultDesign } from './templates.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function text(v: unknown): unknown {
  if (typeof v === 'string') return { fr: v, en: v };
  if (isObj(v) && (typeof v.fr === 'string' || typeof v.en === 'string')) {
    const fr = typeof v.fr === 'string' ? v.fr : String(v.en);
    return { fr, en: typeof v.en === 'string' ? v.en : fr };
  }
  return v;
}

function field(v: unknown): unknown {
  if (!isObj(v)) return v;
  const out: Obj = { key: v.key, label: text(v.label ?? ''), value: text(v.value ?? '') };
  if (v.changeMessage !== undefined) out.changeMessage = text(v.changeMessage);
  if (v.align !== undefined) out.align = v.align;
  return out;
}

function tier(v: unknown): unknown {
  if (!isObj(v)) return v;
  // Names and thresholds moved to the loyalty programme (migration 008): a tier here is its look only.
  const { colors, label: _label, minPoints: _minPoints, ...rest } = v;
  return { ...rest, ...(rest.colours === undefined && colors !== undefined ? { colours: colors } : {}) };
}

const list = (v: unknown, f: (x: unknown) => unknown): unknown => (Array.isArray(v) ? v.map(f) : v);

export interface StoredContent {
  content: DesignContent;
  /** True when the stored JSON was not a valid DesignContent and parts of it were replaced. */
  repaired: boolean;
}

export function readStoredContent(json: string, kind: DesignKind): StoredContent {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    raw = {};
  }
  if (Value.Check(DesignContent, raw)) return { content: raw, repaired: false };
  const r: Obj = isObj(raw) ? raw : {};
  const colours = isObj(r.colours) ? r.colours : r.colors;
  const brandName = typeof r.brandName === 'string' && r.brandName.trim() ? r.brandName.trim().slice(0, 60) : 'Ma boutique';
  const background = isObj(colours) && typeof colours.background === 'string' && /^#[0-9a-fA-F]{6}$/.test(colours.background)
    ? colours.background
    : '#1f4e79';
  const template = defaultDesign(kind, { name: brandName, primaryColor: background, website: '' });
  const fields = isObj(r.fields) ? r.fields : {};
  const candidates: Obj = {
    brandName,
    description: text(r.description),
    colours,
    images: r.images,
    fields: Object.fromEntries(
      (['header', 'primary', 'secondary', 'auxiliary', 'back'] as const).map((zone) => {
        const mapped = list(fields[zone], field);
        const ok = Value.Check(DesignContent.properties.fields.properties[zone], mapped);
        return [zone, ok ? mapped : template.fields[zone]];
      }),
    ),
    barcode: r.barcode,
    links: list(r.links, (l) => (isObj(l) ? { ...l, label: text(l.label) } : l)),
    tiers: list(r.tiers, tier),
    expiry: r.expiry,
    message: isObj(r.message) ? { label: text(r.message.label) } : r.message,
  };
  const content = { ...template } as Obj;
  for (const [key, value] of Object.entries(candidates)) {
    const schema = DesignContent.properties[key as keyof typeof DesignContent.properties];
    if (value !== undefined && Value.Check(schema, value)) content[key] = value;
  }
  return Value.Check(DesignContent, content) ? { content, repaired: true } : { content: template, repaired: true };
}
