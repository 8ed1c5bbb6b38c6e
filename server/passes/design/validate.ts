/**
 * Design validation that explains itself. Errors block saving (the design would make a broken or unreadable card);
 * warnings are advice. Every issue points (JSON pointer) at what it concerns, in French and English.
 */
import {
  APPLE_STYLE,
  FIELD_LIMITS,
  SQUARE_BARCODE_SHARED_LIMIT,
  SQUARE_BARCODE_STYLES,
  pointBox,
  supportsRole,
  upscaleNeeded,
} from './apple-layout.js';
import { contrastRatio } from './colour.js';
import { parseTemplate } from './placeholders.js';
import { schemaIssues } from './schema-issues.js';
import { LOCALES, type Colours, type DesignContent, type DesignIssue, type ImageRole, type Text, type Zone } from './schema.js';

export interface ValidationContext {
  /** Decoded pixel size of an uploaded image; undefined when no such image exists. */
  imageSize(id: string): { width: number; height: number } | undefined;
  /** The loyalty programme's name of a tier (its look is the design's), for messages; the id when unknown. */
  tierName?(id: string): Text | undefined;
}

/** WCAG AA: body text needs 4.5:1; labels are small but secondary, 3:1 is the floor. */
export const MIN_FOREGROUND_CONTRAST = 4.5;
export const MIN_LABEL_CONTRAST = 3;

const RESERVED_KEY = /^(message|link_\d+)$/;

const ZONE_NAMES: Record<Exclude<Zone, 'back'>, Text> = {
  header: { fr: "champs d'en-tête", en: 'header fields' },
  primary: { fr: 'champ principal', en: 'primary field' },
  secondary: { fr: 'champs secondaires', en: 'secondary fields' },
  auxiliary: { fr: 'champs auxiliaires', en: 'auxiliary fields' },
};

const ROLE_NAMES: Record<ImageRole, Text> = {
  icon: { fr: "L'icône", en: 'The icon' },
  logo: { fr: 'Le logo', en: 'The logo' },
  strip: { fr: 'Le bandeau', en: 'The strip image' },
  thumbnail: { fr: 'La vignette', en: 'The thumbnail' },
  background: { fr: "L'image de fond", en: 'The background image' },
};

const KIND_NAMES: Record<DesignContent['kind'], Text> = {
  loyalty: { fr: 'une carte de fidélité', en: 'a loyalty card' },
  coupon: { fr: 'un coupon', en: 'a coupon' },
  eventTicket: { fr: 'un billet', en: 'an event ticket' },
  giftCard: { fr: 'une carte cadeau', en: 'a gift card' },
  generic: { fr: 'une carte générique', en: 'a generic card' },
};

const error = (path: string, code: string, fr: string, en: string): DesignIssue => ({ path, code, severity: 'error', message: { fr, en } });
const warning = (path: string, code: string, fr: string, en: string): DesignIssue => ({ path, code, severity: 'warning', message: { fr, en } });

export function validateDesign(content: unknown, ctx: ValidationContext): DesignIssue[] {
  const schema = schemaIssues(content);
  // The other rules read the structure; on a malformed design they would only repeat the schema's complaints.
  if (schema.length > 0) return schema;
  const design = content as DesignContent;
  return [
    ...fieldIssues(design),
    ...textIssues(design),
    ...imageIssues(design, ctx),
    ...colourIssues(design, ctx.tierName),
    ...tierIssues(design),
    ...barcodeIssues(design),
  ];
}

export const hasErrors = (issues: readonly DesignIssue[]): boolean => issues.some((i) => i.severity === 'error');

function fieldIssues(d: DesignContent): DesignIssue[] {
  const out: DesignIssue[] = [];
  for (const zone of Object.keys(FIELD_LIMITS) as Array<keyof typeof FIELD_LIMITS>) {
    const max = FIELD_LIMITS[zone];
    const n = d.fields[zone].length;
    if (n > max) {
      out.push(error(`/fields/${zone}`, 'TOO_MANY_FIELDS',
        `Apple Wallet affiche au plus ${max} ${ZONE_NAMES[zone].fr} ; ce modèle en a ${n}.`,
        `Apple Wallet shows at most ${max} ${ZONE_NAMES[zone].en}; this design has ${n}.`));
    }
  }
  const square = d.barcode.format === 'qr' || d.barcode.format === 'aztec';
  const shared = d.fields.secondary.length + d.fields.auxiliary.length;
  if (square && SQUARE_BARCODE_STYLES.includes(APPLE_STYLE[d.kind]) && shared > SQUARE_BARCODE_SHARED_LIMIT) {
    out.push(error('/fields/auxiliary', 'TOO_MANY_FIELDS_WITH_SQUARE_BARCODE',
      `Avec un code carré (QR, Aztec), ${KIND_NAMES[d.kind].fr} affiche au plus ${SQUARE_BARCODE_SHARED_LIMIT} champs secondaires et auxiliaires ensemble ; ce modèle en a ${shared}.`,
      `With a square barcode (QR, Aztec), ${KIND_NAMES[d.kind].en} shows at most ${SQUARE_BARCODE_SHARED_LIMIT} secondary and auxiliary fields together; this design has ${shared}.`));
  }
  const seen = new Set<string>();
  for (const zone of Object.keys(d.fields) as Zone[]) {
    d.fields[zone].forEach((f, i) => {
      const path = `/fields/${zone}/${i}/key`;
      if (RESERVED_KEY.test(f.key)) {
        out.push(error(path, 'FIELD_KEY_RESERVED',
          `La clé « ${f.key} » est réservée (message sur l'écran verrouillé, liens).`,
          `The key "${f.key}" is reserved (lock-screen message, links).`));
      } else if (seen.has(f.key)) {
        out.push(error(path, 'DUPLICATE_FIELD_KEY',
          `La clé « ${f.key} » est déjà utilisée par un autre champ : chaque champ a sa propre clé.`,
          `The key "${f.key}" is already used by another field: each field needs its own key.`));
      }
      seen.add(f.key);
    });
  }
  return out;
}

/** Every text of the design with its path; `optional` texts may be empty in both languages. */
function* texts(d: DesignContent): Generator<{ path: string; text: Text; optional: boolean; change?: boolean }> {
  yield { path: '/description', text: d.description, optional: false };
  for (const zone of Object.keys(d.fields) as Zone[]) {
    for (const [i, f] of d.fields[zone].entries()) {
      yield { path: `/fields/${zone}/${i}/label`, text: f.label, optional: true };
      yield { path: `/fields/${zone}/${i}/value`, text: f.value, optional: true };
      if (f.changeMessage) yield { path: `/fields/${zone}/${i}/changeMessage`, text: f.changeMessage, optional: true, change: true };
    }
  }
  for (const [i, l] of d.links.entries()) yield { path: `/links/${i}/label`, text: l.label, optional: false };
  yield { path: '/message/label', text: d.message.label, optional: false };
}

function placeholderIssues(path: string, template: string): DesignIssue[] {
  const parsed = parseTemplate(template);
  const out = parsed.unknown.map((name) =>
    error(path, 'UNKNOWN_PLACEHOLDER',
      `{{${name}}} n'est pas une donnée connue. Données possibles : {{firstName}}, {{points}}, {{tier}}, {{referralUrl}}…`,
      `{{${name}}} is not a known value. Known values: {{firstName}}, {{points}}, {{tier}}, {{referralUrl}}…`),
  );
  if (parsed.unclosed) {
    out.push(error(path, 'PLACEHOLDER_UNCLOSED',
      'Accolades non appariées : une donnée s’écrit {{nom}}.',
      'Unbalanced braces: a placeholder is written {{name}}.'));
  }
  return out;
}

function textIssues(d: DesignContent): DesignIssue[] {
  const out: DesignIssue[] = [];
  for (const { path, text, optional, change } of texts(d)) {
    for (const locale of LOCALES) out.push(...placeholderIssues(`${path}/${locale}`, text[locale]));
    const filled = LOCALES.filter((l) => text[l].trim() !== '');
    if (filled.length === 0 && !optional) {
      out.push(error(`${path}/fr`, 'TEXT_EMPTY', 'Ce texte est obligatoire.', 'This text is required.'));
    } else if (filled.length === 1) {
      const missing = LOCALES.find((l) => !filled.includes(l))!;
      out.push(warning(`${path}/${missing}`, 'EMPTY_TRANSLATION',
        `Traduction ${missing === 'fr' ? 'française' : 'anglaise'} manquante : le texte ${filled[0] === 'fr' ? 'français' : 'anglais'} sera affiché.`,
        `Missing ${missing === 'fr' ? 'French' : 'English'} translation: the ${filled[0] === 'fr' ? 'French' : 'English'} text will be shown.`));
    }
    if (change) {
      for (const locale of LOCALES) {
        if (text[locale].trim() !== '' && !text[locale].includes('%@')) {
          out.push(warning(`${path}/${locale}`, 'CHANGE_MESSAGE_WITHOUT_VALUE',
            'La notification devrait contenir %@, remplacé par la nouvelle valeur ; sinon Wallet affiche un message générique.',
            'The notification should contain %@, replaced by the new value; otherwise Wallet shows a generic message.'));
        }
      }
    }
  }
  out.push(...placeholderIssues('/barcode/message', d.barcode.message));
  if (d.barcode.altText !== undefined) out.push(...placeholderIssues('/barcode/altText', d.barcode.altText));
  return out;
}

function checkImage(d: DesignContent, role: ImageRole, id: string, path: string, ctx: ValidationContext): DesignIssue[] {
  const name = ROLE_NAMES[role];
  if (!supportsRole(d.kind, role)) {
    return [error(path, 'IMAGE_ROLE_UNSUPPORTED',
      `${name.fr} n'est pas affiché(e) sur ${KIND_NAMES[d.kind].fr} dans Apple Wallet : retirez-la ou changez de type.`,
      `${name.en} is not shown on ${KIND_NAMES[d.kind].en} in Apple Wallet: remove it or change the kind.`)];
  }
  const size = ctx.imageSize(id);
  if (!size) {
    return [error(path, 'IMAGE_NOT_FOUND', "Cette image n'existe plus : téléversez-la à nouveau.", 'This image no longer exists: upload it again.')];
  }
  const box = pointBox(role, d.kind);
  const px = (s: number) => `${box.width * s}×${box.height * s} px`;
  const have = `${size.width}×${size.height} px`;
  const within = box.fit === 'within' ? { fr: ' (dans un cadre de)', en: ' (to fit a box of)' } : { fr: '', en: '' };
  if (upscaleNeeded(size, box, 1) > 1.001) {
    return [error(path, 'IMAGE_TOO_SMALL',
      `${name.fr} mesure ${have} : il faut au moins${within.fr} ${px(1)}, et ${px(3)} pour les écrans Retina.`,
      `${name.en} is ${have}: it needs at least${within.en} ${px(1)}, and ${px(3)} for Retina screens.`)];
  }
  if (upscaleNeeded(size, box, 3) > 1.001) {
    return [warning(path, 'IMAGE_LOW_RESOLUTION',
      `${name.fr} mesure ${have} : elle sera floue sur les iPhone récents ; ${px(3)} recommandés.`,
      `${name.en} is ${have}: it will look blurry on recent iPhones; ${px(3)} recommended.`)];
  }
  return [];
}

function imageIssues(d: DesignContent, ctx: ValidationContext): DesignIssue[] {
  const out: DesignIssue[] = [];
  if (!d.images.icon) {
    out.push(error('/images/icon', 'ICON_MISSING',
      "Apple exige une icône (affichée sur l'écran verrouillé et dans les notifications) : téléversez-en une.",
      'Apple requires an icon (shown on the lock screen and in notifications): upload one.'));
  }
  for (const role of Object.keys(d.images) as ImageRole[]) {
    const id = d.images[role];
    if (id) out.push(...checkImage(d, role, id, `/images/${role}`, ctx));
  }
  d.tiers.forEach((t, i) => {
    if (t.strip) out.push(...checkImage(d, 'strip', t.strip, `/tiers/${i}/strip`, ctx));
  });
  const usesStrip = d.images.strip !== undefined || d.tiers.some((t) => t.strip !== undefined);
  if (d.kind === 'eventTicket' && usesStrip && (d.images.background || d.images.thumbnail)) {
    out.push(error(d.images.strip ? '/images/strip' : '/images/background', 'IMAGE_ROLES_CONFLICT',
      "Un billet affiche soit un bandeau, soit une image de fond avec une vignette, pas les deux.",
      'An event ticket shows either a strip image, or a background with a thumbnail, not both.'));
  }
  return out;
}

// Rounded down, so a ratio just under the floor never reads as reaching it.
const ratio = (r: number): string => (Math.floor(r * 10) / 10).toFixed(1);
const lead = (prefix: string, sentence: string): string =>
  prefix ? `${prefix}${sentence}` : `${sentence[0]!.toUpperCase()}${sentence.slice(1)}`;

function contrastIssues(c: Colours, at: (what: 'foreground' | 'label') => string, who: Text): DesignIssue[] {
  const out: DesignIssue[] = [];
  const fg = contrastRatio(c.foreground, c.background);
  if (fg < MIN_FOREGROUND_CONTRAST) {
    out.push(error(at('foreground'), 'CONTRAST_TOO_LOW',
      lead(who.fr, `texte peu lisible : contraste ${ratio(fg)}:1 avec le fond, il faut au moins ${MIN_FOREGROUND_CONTRAST}:1.`),
      lead(who.en, `text hard to read: contrast ${ratio(fg)}:1 with the background, at least ${MIN_FOREGROUND_CONTRAST}:1 needed.`)));
  }
  const label = contrastRatio(c.label, c.background);
  if (label < MIN_LABEL_CONTRAST) {
    out.push(warning(at('label'), 'LABEL_CONTRAST_LOW',
      lead(who.fr, `libellés peu lisibles : contraste ${ratio(label)}:1 avec le fond, ${MIN_LABEL_CONTRAST}:1 au moins conseillé.`),
      lead(who.en, `labels hard to read: contrast ${ratio(label)}:1 with the background, at least ${MIN_LABEL_CONTRAST}:1 advised.`)));
  }
  return out;
}

function colourIssues(d: DesignContent, tierName: ValidationContext['tierName']): DesignIssue[] {
  const out = contrastIssues(d.colours, (w) => `/colours/${w}`, { fr: '', en: '' });
  d.tiers.forEach((t, i) => {
    if (!t.colours) return;
    const merged: Colours = { ...d.colours, ...t.colours };
    // Point at what the tier changed: its own text colour if it set one, else its background.
    const at = (w: 'foreground' | 'label') => `/tiers/${i}/colours/${t.colours?.[w] ? w : 'background'}`;
    const label = tierName?.(t.id);
    const name = { fr: `Statut ${label?.fr || t.id} : `, en: `Tier ${label?.en || t.id}: ` };
    out.push(...contrastIssues(merged, at, name));
  });
  return out;
}

function tierIssues(d: DesignContent): DesignIssue[] {
  const out: DesignIssue[] = [];
  if (d.tiers.length > 0 && d.kind !== 'loyalty') {
    out.push(warning('/tiers', 'TIERS_UNUSED',
      'Les statuts ne servent que sur une carte de fidélité.', 'Tiers are used only on a loyalty card.'));
  }
  const ids = new Set<string>();
  d.tiers.forEach((t, i) => {
    if (ids.has(t.id)) {
      out.push(error(`/tiers/${i}/id`, 'DUPLICATE_TIER_ID',
        `Le statut « ${t.id} » existe déjà.`, `The tier "${t.id}" already exists.`));
    }
    ids.add(t.id);
  });
  return out;
}

function barcodeIssues(d: DesignContent): DesignIssue[] {
  if (d.barcode.format === 'none' || d.barcode.message.trim() !== '') return [];
  return [error('/barcode/message', 'BARCODE_MESSAGE_EMPTY',
    'Le code-barres doit encoder quelque chose, par exemple {{memberId}}.',
    'The barcode must encode something, for example {{memberId}}.')];
}
