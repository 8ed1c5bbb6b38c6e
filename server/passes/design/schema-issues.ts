/**
 * TypeBox's schema errors, turned into design issues a shop owner can act on, in French and English, each at the
 * JSON pointer of what it concerns (one issue per missing or unknown property, so the editor can place it).
 */
import { Value } from 'typebox/value';
import { DesignContent, type DesignIssue, type Text } from './schema.js';

interface SchemaError {
  keyword: string;
  schemaPath: string;
  instancePath: string;
  params: Record<string, unknown>;
  message: string;
}

const issue = (path: string, fr: string, en: string): DesignIssue => ({
  path,
  code: 'SCHEMA',
  severity: 'error',
  message: { fr, en },
});

function patternText(path: string): Text {
  if (/\/(background|foreground|label)$/.test(path) && path.includes('colours')) {
    return { fr: 'Couleur attendue au format #rrggbb.', en: 'Expected a colour like #rrggbb.' };
  }
  if (/\/url$/.test(path)) {
    return { fr: 'Lien attendu : https://…, mailto: ou tel:', en: 'Expected a link: https://…, mailto: or tel:' };
  }
  if (/^\/(images\/[a-z]+|tiers\/\d+\/strip)$/.test(path)) {
    return { fr: "Référence d'image invalide : téléversez l'image.", en: 'Invalid image reference: upload the image.' };
  }
  if (/\/key$/.test(path)) {
    return {
      fr: 'Clé : une lettre puis lettres, chiffres ou _ (40 caractères au plus).',
      en: 'Key: a letter, then letters, digits or _ (40 characters at most).',
    };
  }
  if (/^\/tiers\/\d+\/id$/.test(path)) {
    return {
      fr: 'Identifiant : minuscules, chiffres, - ou _ ; commence par une lettre.',
      en: 'Identifier: lower-case letters, digits, - or _; starts with a letter.',
    };
  }
  return { fr: 'Format invalide.', en: 'Invalid format.' };
}

function toIssues(e: SchemaError): DesignIssue[] {
  const p = e.params;
  const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
  switch (e.keyword) {
    case 'required':
      return list(p.requiredProperties).map((name) =>
        issue(`${e.instancePath}/${name}`, `« ${name} » est obligatoire.`, `"${name}" is required.`),
      );
    case 'additionalProperties':
      return list(p.additionalProperties).map((name) =>
        issue(`${e.instancePath}/${name}`, `« ${name} » n'est pas une propriété connue.`, `"${name}" is not a known property.`),
      );
    case 'enum': {
      const allowed = list(p.allowedValues).join(', ');
      return [issue(e.instancePath, `Valeur attendue parmi : ${allowed}.`, `Expected one of: ${allowed}.`)];
    }
    case 'pattern': {
      const t = patternText(e.instancePath);
      return [issue(e.instancePath, t.fr, t.en)];
    }
    case 'minLength':
      return [issue(e.instancePath, 'Ce texte ne peut pas être vide.', 'This text cannot be empty.')];
    case 'maxLength':
      return [issue(e.instancePath, `Texte trop long (${String(p.limit)} caractères au plus).`, `Text too long (${String(p.limit)} characters at most).`)];
    case 'maxItems':
      return [issue(e.instancePath, `Trop d'éléments (${String(p.limit)} au plus).`, `Too many items (${String(p.limit)} at most).`)];
    case 'minimum':
    case 'maximum':
      return [issue(e.instancePath, `Nombre hors limites (${e.keyword === 'minimum' ? 'minimum' : 'maximum'} ${String(p.limit)}).`, `Number out of range (${e.keyword} ${String(p.limit)}).`)];
    case 'format':
      return [issue(e.instancePath, 'Date attendue au format AAAA-MM-JJ.', 'Expected a date like YYYY-MM-DD.')];
    case 'type':
      return [issue(e.instancePath, `Type attendu : ${String(p.type)}.`, `Expected type: ${String(p.type)}.`)];
    case 'const':
    case 'anyOf':
    case 'oneOf':
      return [issue(e.instancePath, 'Valeur invalide.', 'Invalid value.')];
    case 'boolean':
      // `additionalProperties: false` reports each extra property twice; the additionalProperties entry says it.
      return [];
    default:
      return [issue(e.instancePath, 'Valeur invalide.', `Invalid value: ${e.message}.`)];
  }
}

const BRANCH = /^(.*?)\/anyOf\/(\d+)(?:\/.*)?$/;

/**
 * A union (the expiry) reports every branch's complaints. When exactly one branch matches the value's
 * discriminator (no `const` error), only that branch's errors are kept; otherwise one "invalid value" remains.
 */
function collapseUnions(errors: SchemaError[]): SchemaError[] {
  const unions = new Map<string, Map<string, SchemaError[]>>();
  const out: SchemaError[] = [];
  for (const e of errors) {
    const m = BRANCH.exec(e.schemaPath);
    if (!m) continue;
    const branches = unions.get(m[1]!) ?? new Map<string, SchemaError[]>();
    unions.set(m[1]!, branches);
    branches.set(m[2]!, [...(branches.get(m[2]!) ?? []), e]);
  }
  for (const e of errors) {
    if (BRANCH.test(e.schemaPath) || (e.keyword === 'anyOf' && unions.has(e.schemaPath))) continue;
    out.push(e);
  }
  for (const [prefix, branches] of unions) {
    const matching = [...branches.values()].filter((errs) => !errs.some((e) => e.keyword === 'const'));
    if (matching.length === 1) {
      out.push(...matching[0]!);
      continue;
    }
    const own = errors.find((e) => e.keyword === 'anyOf' && e.schemaPath === prefix);
    const anyBranch = [...branches.values()][0]![0]!;
    const atUnion = BRANCH.exec(anyBranch.schemaPath)?.[3] === undefined;
    const instancePath = own?.instancePath ?? (atUnion ? anyBranch.instancePath : anyBranch.instancePath.replace(/\/[^/]*$/, ''));
    out.push({ keyword: 'anyOf', schemaPath: prefix, instancePath, params: {}, message: '' });
  }
  return out;
}

/** Schema issues of `content`; empty when it is a well-formed DesignContent. */
export function schemaIssues(content: unknown): DesignIssue[] {
  if (Value.Check(DesignContent, content)) return [];
  const out: DesignIssue[] = [];
  const seen = new Set<string>();
  for (const e of collapseUnions(Value.Errors(DesignContent, content) as unknown as SchemaError[])) {
    for (const i of toIssues(e)) {
      const id = `${i.path}|${i.message.en}`;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push(i);
      if (out.length >= 50) return out;
    }
  }
  return out;
}
