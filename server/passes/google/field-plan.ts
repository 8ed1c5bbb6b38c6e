/**
 * Where each field of a design goes on a Google pass. Google has dedicated places for a few facts (a loyalty card's
 * points, tier, member name and number; a gift card's number; an offer's or event's title) and text modules for the
 * rest. A field that reads the same for every customer (no placeholder) goes on the class, so that editing it costs
 * one class update instead of a patch per object; a field bound to customer data goes on each object.
 */
import { parseTemplate } from '../design/placeholders.js';
import { LOCALES, ZONE_VALUES, type DesignContent, type Field, type Text, type Zone } from '../design/schema.js';

export type FieldRole =
  /** LoyaltyObject.loyaltyPoints */
  | 'points'
  /** LoyaltyClass.rewardsTier (a class per tier) */
  | 'tier'
  /** LoyaltyObject.accountName */
  | 'accountName'
  /** LoyaltyObject.accountId */
  | 'accountId'
  /** GiftCardObject.cardNumber (label: GiftCardClass.cardNumberLabel) */
  | 'cardNumber'
  /** OfferClass.title, EventTicketClass.eventName, GenericObject.header */
  | 'title'
  /** EventTicketObject.ticketHolderName */
  | 'holder'
  /** A text module */
  | 'module';

export interface PlannedField {
  field: Field;
  zone: Zone;
  role: FieldRole;
  /** Same for every customer: shown from the class. */
  onClass: boolean;
}

const isStaticText = (t: Text): boolean => LOCALES.every((l) => parseTemplate(t[l]).names.length === 0);
export const isStaticField = (f: Field): boolean => isStaticText(f.label) && isStaticText(f.value);

/** The value is exactly this placeholder in every language (`{{points}}`). */
const isBare = (f: Field, name: string): boolean => LOCALES.every((l) => f.value[l].trim() === `{{${name}}}`);

export function planFields(content: DesignContent): PlannedField[] {
  const taken = new Set<FieldRole>();
  const out: PlannedField[] = [];
  const firstPrimary = content.fields.primary[0];

  const roleOf = (f: Field): FieldRole => {
    const claim = (role: FieldRole, when: boolean): boolean => {
      if (!when || taken.has(role)) return false;
      taken.add(role);
      return true;
    };
    switch (content.kind) {
      case 'loyalty':
        if (claim('points', isBare(f, 'points'))) return 'points';
        // Without tiers there is one class, so the tier (an id then) stays a text module on each object.
        if (claim('tier', isBare(f, 'tier') && content.tiers.length > 0)) return 'tier';
        if (claim('accountName', isBare(f, 'fullName'))) return 'accountName';
        if (claim('accountId', isBare(f, 'memberId'))) return 'accountId';
        return 'module';
      case 'giftCard':
        return claim('cardNumber', isBare(f, 'memberId')) ? 'cardNumber' : 'module';
      case 'coupon':
      case 'eventTicket':
        // The title lives on the class: only a text that is the same for everyone can be one.
        if (claim('title', f === firstPrimary && isStaticField(f))) return 'title';
        if (content.kind === 'eventTicket' && claim('holder', isBare(f, 'fullName'))) return 'holder';
        return 'module';
      case 'generic':
        return claim('title', f === firstPrimary) ? 'title' : 'module';
    }
  };

  for (const zone of ZONE_VALUES) {
    for (const field of content.fields[zone]) {
      const role = roleOf(field);
      out.push({ field, zone, role, onClass: role === 'module' && isStaticField(field) });
    }
  }
  return out;
}

/** Links go on the class unless a label names the customer. */
export const linksAreStatic = (content: DesignContent): boolean => content.links.every((l) => isStaticText(l.label));
