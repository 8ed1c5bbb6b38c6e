import type { Locale } from '../contract';
import { en } from './en';
import { fr, type MessageKey, type Messages } from './fr';

export type { MessageKey };
export type Params = Record<string, string | number>;
/** Keys that come in `.one` / `.other` forms, named without the suffix. */
export type PluralKey = { [K in MessageKey]: K extends `${infer Base}.one` ? Base : never }[MessageKey];

const dictionaries: Record<Locale, Messages> = { fr, en };
/** Full tags for Intl: a French shop writes "1 234,50 €"; English uses British conventions (day-month-year, €). */
const intlTags: Record<Locale, string> = { fr: 'fr-FR', en: 'en-GB' };
const STORAGE_KEY = 'passerelle.locale';

function isLocale(value: unknown): value is Locale {
  return value === 'fr' || value === 'en';
}

function initialLocale(): Locale {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLocale(stored)) return stored;
  } catch {
    // Storage can be unavailable (privacy mode); fall back to the browser's language.
  }
  return navigator.language.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

class I18n {
  locale = $state<Locale>(initialLocale());
  readonly tag = $derived(intlTags[this.locale]);
  #messages = $derived(dictionaries[this.locale]);
  #numbers = $derived(new Intl.NumberFormat(this.tag));
  #money = $derived(new Intl.NumberFormat(this.tag, { style: 'currency', currency: 'EUR' }));
  #dates = $derived(new Intl.DateTimeFormat(this.tag, { dateStyle: 'medium' }));
  #metres = $derived(new Intl.NumberFormat(this.tag, { style: 'unit', unit: 'meter', unitDisplay: 'short' }));
  #plural = $derived(new Intl.PluralRules(this.tag));

  constructor() {
    document.documentElement.lang = this.locale;
  }

  setLocale(locale: Locale): void {
    this.locale = locale;
    document.documentElement.lang = locale;
    try {
      localStorage.setItem(STORAGE_KEY, locale);
    } catch {
      // Not persisted; the choice still holds for this window.
    }
  }

  t = (key: MessageKey, params?: Params): string => {
    const text = this.#messages[key];
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params[name];
      if (value === undefined) return whole;
      return typeof value === 'number' ? this.#numbers.format(value) : value;
    });
  };

  /** Whether the dictionary has this key (for keys built at run time, such as an error code's). */
  has = (key: string): key is MessageKey => Object.hasOwn(this.#messages, key);
  /**
   * The text of a server code (`prefix.CODE`) when there is one, else the server's own sentence: codes the UI does
   * not know yet still read.
   */
  code = (prefix: string, code: string, params: Params | undefined, fallback: string): string => {
    const key = `${prefix}.${code}`;
    return Object.hasOwn(this.#messages, key) ? this.t(key as MessageKey, params) : fallback;
  };

  /** For keys with `.one` / `.other` forms, e.g. `plural('customers.total', 3)`. */
  plural = (base: PluralKey, count: number): string => {
    const form = this.#plural.select(count) === 'one' ? 'one' : 'other';
    return this.t(`${base}.${form}`, { count });
  };

  number = (value: number): string => this.#numbers.format(value);
  money = (cents: number): string => this.#money.format(cents / 100);
  date = (epochMs: number): string => this.#dates.format(new Date(epochMs));
  metres = (value: number): string => this.#metres.format(value);
  /** Short weekday name, e.g. "lun." / "Mon", from our Monday-first keys. */
  weekday = (index: number): string =>
    new Intl.DateTimeFormat(this.tag, { weekday: 'short' }).format(new Date(Date.UTC(2024, 0, 1 + index, 12)));
}

export const i18n = new I18n();
