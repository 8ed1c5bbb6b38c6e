/**
 * Cell values as French and English spreadsheets write them: dates (31/12/1990, 1990-12-31, with or without a time,
 * in the shop's time zone), amounts (42,50 € / 42.50 / 1 234,50), yes/no (oui/non, 1/0, x), gender. Each parser
 * gives the value or a problem for the import report.
 */
/** What is wrong with a cell: a code and its values (the UI says it in its language), and an English sentence. */
export const PROBLEMS = {
  EMPTY: () => 'empty',
  EMAIL_INVALID: (p: Params) => `"${p.value}" is not an e-mail address`,
  DUPLICATE: (p: Params) => `duplicate of row ${p.row}`,
  STORE_UNKNOWN: (p: Params) => `unknown store "${p.value}"`,
  DAY_FORMAT: (p: Params) => `wrong date format: "${p.value}" (expected DD/MM/YYYY or YYYY-MM-DD)`,
  DATE_TIME_FORMAT: (p: Params) => `wrong date format: "${p.value}" (expected DD/MM/YYYY [HH:MM] or YYYY-MM-DD [HH:MM])`,
  AMOUNT_INVALID: (p: Params) => `"${p.value}" is not an amount in euros (such as 42,50)`,
  YES_NO_INVALID: (p: Params) => `"${p.value}" is not yes or no (oui/non, 1/0)`,
  GENDER_INVALID: (p: Params) => `"${p.value}" is not a gender (F, M or autre)`,
  LOCALE_INVALID: (p: Params) => `"${p.value}" is not a language (fr or en)`,
  CHANNEL_INVALID: (p: Params) => `"${p.value}" is not a channel (store or online)`,
  ID_INVALID: (p: Params) => `"${p.value}" is not an id (no spaces, at most 120 characters)`,
  ID_OTHER_CUSTOMER: (p: Params) => `"${p.value}" belongs to another customer than ${p.email}`,
  CUSTOMER_EMAIL_UNKNOWN: (p: Params) => `no customer has the e-mail "${p.value}"`,
  CUSTOMER_ID_UNKNOWN: (p: Params) => `no customer has the id "${p.value}"`,
  CUSTOMER_MISSING: () => 'empty: which customer bought?',
  PURCHASE_OTHER_CUSTOMER: (p: Params) => `the purchase "${p.value}" belongs to another customer`,
  PURCHASE_UNKNOWN: (p: Params) => `no purchase ${p.value} in Passerelle`,
  VALUE_INVALID: (p: Params) => p.message ?? 'not accepted',
  NO_ROWS: () => 'the file has no rows under its header',
} as const;
export type ProblemCode = keyof typeof PROBLEMS;
type Params = Record<string, string>;
export interface Problem {
  code: ProblemCode;
  params: Params;
}
export const problem = (code: ProblemCode, params: Params = {}): Problem => ({ code, params });

export type Parsed<T> = { value: T } | { problem: Problem };

const DAY = /^(\d{4})-(\d{2})-(\d{2})$|^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const DATE_TIME = /^(?:(\d{4})-(\d{2})-(\d{2})|(\d{1,2})\/(\d{1,2})\/(\d{4}))(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

function realDate(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return y >= 1900 && y <= 2100 && t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** A calendar day: YYYY-MM-DD or DD/MM/YYYY → "YYYY-MM-DD". */
export function parseDay(raw: string): Parsed<string> {
  const m = DAY.exec(raw.trim());
  if (m) {
    const [y, mo, d] = m[1] ? [Number(m[1]), Number(m[2]), Number(m[3])] : [Number(m[6]), Number(m[5]), Number(m[4])];
    if (realDate(y, mo, d)) return { value: `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}` };
  }
  return { problem: problem('DAY_FORMAT', { value: raw.trim() }) };
}

const formats = new Map<string, Intl.DateTimeFormat>();
function formatOf(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formats.set(timeZone, f);
  }
  return f;
}

/** The UTC offset (ms) of `timeZone` at the instant `at`. */
function offsetAt(at: number, timeZone: string): number {
  const parts = formatOf(timeZone).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - Math.floor(at / 1000) * 1000;
}

/** A wall-clock time in `timeZone` as epoch ms (the earlier instant when a clock change makes it twice). */
export function zonedTime(y: number, mo: number, d: number, h: number, mi: number, s: number, timeZone: string): number {
  const guess = Date.UTC(y, mo - 1, d, h, mi, s);
  const first = guess - offsetAt(guess, timeZone);
  return guess - offsetAt(first, timeZone);
}

/** A date, optionally with a time, or a full ISO instant → epoch ms (local times read in `timeZone`). */
export function parseInstant(raw: string, timeZone: string): Parsed<number> {
  const text = raw.trim();
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(text)) {
    const ms = Date.parse(text);
    if (Number.isFinite(ms)) return { value: ms };
  }
  const m = DATE_TIME.exec(text);
  if (m) {
    const [y, mo, d] = m[1] ? [Number(m[1]), Number(m[2]), Number(m[3])] : [Number(m[6]), Number(m[5]), Number(m[4])];
    const [h, mi, s] = [Number(m[7] ?? 12), Number(m[8] ?? 0), Number(m[9] ?? 0)];
    if (realDate(y, mo, d) && h < 24 && mi < 60 && s < 60) return { value: zonedTime(y, mo, d, h, mi, s, timeZone) };
  }
  return { problem: problem('DATE_TIME_FORMAT', { value: text }) };
}

/** Euros as written in a cell → cents, exactly: "42,50 €", "42.50", "1 234,5", "€42". */
export function parseAmount(raw: string): Parsed<number> {
  const text = raw.trim().replace(/\s|\u00a0|\u202f|€|EUR/gi, '');
  const m = /^(\d{1,9})(?:[.,](\d{1,2}))?$/.exec(text);
  if (!m) return { problem: problem('AMOUNT_INVALID', { value: raw.trim() }) };
  return { value: Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0')) };
}

const YES = new Set(['1', 'y', 'yes', 'true', 'oui', 'o', 'x', 'vrai']);
const NO = new Set(['0', 'n', 'no', 'false', 'non', 'faux', '']);
export function parseYesNo(raw: string): Parsed<boolean> {
  const t = raw.trim().toLowerCase();
  if (YES.has(t)) return { value: true };
  if (NO.has(t)) return { value: false };
  return { problem: problem('YES_NO_INVALID', { value: raw.trim() }) };
}

const GENDERS: Record<string, 'female' | 'male' | 'other'> = {
  f: 'female', female: 'female', femme: 'female', mme: 'female', madame: 'female', w: 'female', woman: 'female',
  m: 'male', male: 'male', homme: 'male', h: 'male', mr: 'male', monsieur: 'male', man: 'male',
  other: 'other', autre: 'other', x: 'other',
};
export function parseGender(raw: string): Parsed<'female' | 'male' | 'other' | null> {
  const t = raw.trim().toLowerCase().replace(/\.$/, '');
  if (t === '') return { value: null };
  const g = GENDERS[t];
  return g ? { value: g } : { problem: problem('GENDER_INVALID', { value: raw.trim() }) };
}

export function parseLocale(raw: string): Parsed<'fr' | 'en'> {
  const t = raw.trim().toLowerCase();
  if (['fr', 'français', 'francais', 'french', 'fr-fr'].includes(t)) return { value: 'fr' };
  if (['en', 'anglais', 'english', 'en-gb', 'en-us'].includes(t)) return { value: 'en' };
  return { problem: problem('LOCALE_INVALID', { value: raw.trim() }) };
}

export function parseChannel(raw: string): Parsed<'store' | 'online'> {
  const t = raw.trim().toLowerCase();
  if (['store', 'magasin', 'boutique', 'in store', 'en magasin'].includes(t)) return { value: 'store' };
  if (['online', 'en ligne', 'web', 'internet', 'e-shop', 'eshop', 'site'].includes(t)) return { value: 'online' };
  return { problem: problem('CHANNEL_INVALID', { value: raw.trim() }) };
}

/** Header text compared without case, accents, punctuation or spaces. */
export const headerKey = (h: string): string =>
  h
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
