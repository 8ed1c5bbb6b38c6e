/** File names people see (Content-Disposition, zip entries): plain ASCII, no path characters, never empty. */

const LIGATURES: Record<string, string> = { œ: 'oe', Œ: 'OE', æ: 'ae', Æ: 'AE', ß: 'ss', ø: 'o', Ø: 'O', ł: 'l', Ł: 'L', đ: 'd', Đ: 'D' };

/** "Maison Fauvette" → "Maison-Fauvette", "Zoé Lefèvre-Cœur" → "Zoe-Lefevre-Coeur". */
export function asciiSlug(text: string, max = 40): string {
  return text
    .replace(/[œŒæÆßøØłŁđĐ]/g, (c) => LIGATURES[c] ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/, '');
}

export function fileName(parts: readonly string[], extension: string, fallback = 'pass'): string {
  const name = parts.map((p) => asciiSlug(p)).filter(Boolean).join('-');
  return `${name || fallback}.${extension}`;
}

/** `attachment; filename="…"` with a name that needs no escaping. */
export const attachment = (name: string): string => `attachment; filename="${name.replace(/[^A-Za-z0-9._-]/g, '_')}"`;
