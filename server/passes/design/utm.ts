/**
 * UTM tags on the links a card or a message carries, so that the shop's analytics attribute visits to the wallet:
 * utm_source=wallet, utm_medium=<apple|google>, utm_campaign=<the card's or campaign's name>. Platform-neutral:
 * Apple's pass.json (to-apple.ts) and Google's object mapping call the same helpers. A tag the link already has is
 * kept (a campaign may set its own utm_campaign in a message); links that are not http(s) (mailto:, tel:) are left
 * alone, and so is the shop's own Passerelle (the preferences page is not marketing).
 */
export type UtmMedium = 'apple' | 'google';

export interface UtmTags {
  medium: UtmMedium;
  /** The card design's or the campaign's name; slugged (lower case, a-z 0-9 _ -). */
  campaign: string;
}

/** "Carte fidélité 2025" → "carte-fidelite-2025". */
export function utmSlug(name: string): string {
  return (
    name
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9_]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'wallet'
  );
}

/** The link with the tags it lacks; unchanged when it is not an http(s) URL or already fully tagged. */
export function tagLink(url: string, tags: UtmTags): string {
  if (!/^https?:\/\//i.test(url) || !URL.canParse(url)) return url;
  const u = new URL(url);
  const wanted: Array<[string, string]> = [
    ['utm_source', 'wallet'],
    ['utm_medium', tags.medium],
    ['utm_campaign', utmSlug(tags.campaign)],
  ];
  const missing = wanted.filter(([k]) => !u.searchParams.has(k));
  if (missing.length === 0) return url;
  for (const [k, v] of missing) u.searchParams.append(k, v);
  return u.toString();
}

const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/gi;

/** Every http(s) URL in a text (a lock-screen message) tagged the same way. */
export function tagLinksInText(text: string, tags: UtmTags): string {
  return text.replace(URL_IN_TEXT, (url) => tagLink(url, tags));
}

/**
 * A campaign's own tags on the links of its message, before the message reaches a wallet: utm_campaign is the
 * campaign's name and, in an A/B test, utm_content the variant (a, b, c), so the shop's analytics tell them apart.
 * The wallet adds source and medium afterwards and keeps these (tagLink keeps the tags a link has).
 */
export function tagCampaignLinks(text: string, campaign: string, variant?: string | null): string {
  const wanted: Array<[string, string]> = [['utm_campaign', utmSlug(campaign)]];
  if (variant) wanted.push(['utm_content', utmSlug(variant)]);
  return text.replace(URL_IN_TEXT, (url) => {
    if (!URL.canParse(url)) return url;
    const u = new URL(url);
    const missing = wanted.filter(([k]) => !u.searchParams.has(k));
    if (missing.length === 0) return url;
    for (const [k, v] of missing) u.searchParams.append(k, v);
    return u.toString();
  });
}
