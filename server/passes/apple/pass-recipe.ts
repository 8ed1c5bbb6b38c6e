/**
 * A pass described by what it is made of rather than by its pass.json: the design-wide part (a template, the same for
 * every card of a design at one version, identity and address) and the customer's part (a recipe, a few hundred
 * bytes). Worker threads turn recipes into pass.json themselves, so a 10,000-card fan-out sends each worker one
 * template and 10,000 small recipes instead of writing and copying 10,000 pass.json objects on the server's thread.
 */
import type { CardLocation } from '../design/card-locations.js';
import type { CardCustomer } from '../design/placeholders.js';
import type { DesignContent, Locale } from '../design/schema.js';
import { toApplePassJson } from '../design/to-apple.js';
import type { PassInput, PreparedImage } from './packager.js';

export interface PassTemplate {
  content: DesignContent;
  webServiceUrl: string;
  passTypeIdentifier: string;
  teamIdentifier: string;
  defaultLocale: Locale;
  /** The card design's name, as utm_campaign of its links (passes/design/utm.ts). */
  utmCampaign?: string;
}

/** A template with the key naming it exactly, and its JSON (what crosses to worker threads, parsed once there). */
export interface TemplateRef {
  key: string;
  template: PassTemplate;
  json: string;
}

export interface PassRecipe {
  customer: CardCustomer;
  /** The tier whose look the card takes (undefined: the design has no tiers). */
  tier: string | undefined;
  serial: string;
  authToken: string;
  /** Epoch ms of first issue. */
  issuedAt: number;
  /** The latest lock-screen message ('' for none). */
  message: string;
  /** The stores nearest to the customer, nearest first (their text only while open). */
  locations?: CardLocation[];
}

export const templateRef = (key: string, template: PassTemplate): TemplateRef => ({ key, template, json: JSON.stringify(template) });

/** The packager's input for one pass. */
export function passInputOf(template: PassTemplate, recipe: PassRecipe, images: readonly PreparedImage[]): PassInput {
  const { passJson, localizations } = toApplePassJson(template.content, {
    customer: recipe.customer,
    tier: recipe.tier,
    serial: recipe.serial,
    authToken: recipe.authToken,
    webServiceUrl: template.webServiceUrl,
    passTypeIdentifier: template.passTypeIdentifier,
    teamIdentifier: template.teamIdentifier,
    defaultLocale: template.defaultLocale,
    issuedAt: recipe.issuedAt,
    message: recipe.message,
    locations: recipe.locations,
    utmCampaign: template.utmCampaign,
  });
  return { passJson, images, localizations };
}
