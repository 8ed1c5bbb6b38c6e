/** The public pages' language: the phone's (French if it asks for French first, English otherwise). */
export type PublicLocale = 'fr' | 'en';

export function phoneLocale(languages: readonly string[] = navigator.languages ?? [navigator.language]): PublicLocale {
  for (const l of languages) {
    const tag = l.toLowerCase();
    if (tag.startsWith('fr')) return 'fr';
    if (tag.startsWith('en')) return 'en';
  }
  return 'fr';
}

/** `{name}` placeholders filled from params. */
export function fill(text: string, params: Record<string, string | number> = {}): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (params[name] === undefined ? whole : String(params[name])));
}
