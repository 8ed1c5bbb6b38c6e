/** `customer add|show`, `purchase add`, `staff add`: the same operations as the admin and the till, same rules. */
import { InvalidArgumentError, type Command } from 'commander';
import { Value } from 'typebox/value';
import { AppError } from '../errors.js';
import { CustomerInput, normaliseEmail } from '../customers/schemas.js';
import type { Parts } from '../composition.js';
import { hashPin } from '../staff/staff-auth.js';
import { readSecret } from './read-secret.js';
import { print, withParts } from './context.js';

/** "42.50", "42,50" or "42" euros → 4250 cents, exactly (no floating point). */
export function parseAmount(raw: string): number {
  const m = /^(\d{1,7})(?:[.,](\d{1,2}))?$/.exec(raw.trim());
  if (!m) throw new InvalidArgumentError('expected an amount in euros such as 42.50');
  return Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
}

function positiveId(raw: string): number {
  if (!/^\d{1,12}$/.test(raw) || Number(raw) < 1) throw new InvalidArgumentError('expected a store id (a whole number)');
  return Number(raw);
}

/** `--customer 42`, `--customer M-000042` or `--customer camille@example.fr`. */
export function findCustomer(parts: Parts, ref: string): number {
  const trimmed = ref.trim();
  const id = /^(?:M-)?0*(\d{1,12})$/i.exec(trimmed);
  const found = id ? (parts.customers.customers.get(Number(id[1])) ? Number(id[1]) : undefined) : parts.customers.customers.idByEmail(trimmed);
  if (found === undefined) throw new AppError('CUSTOMER_NOT_FOUND', `No customer with ${id ? 'id' : 'e-mail'} "${trimmed}".`, 404);
  return found;
}

const euros = (cents: number): string => `${(cents / 100).toFixed(2)} €`;
const day = (ms: number | null): string => (ms === null ? '—' : new Date(ms).toISOString().slice(0, 10));

interface AddOptions {
  email: string;
  firstName?: string;
  lastName?: string;
  phone?: string;
  locale?: 'fr' | 'en';
  store?: number;
  consent?: boolean;
}

interface PurchaseOptions {
  customer: string;
  amount: number;
  store?: number;
  externalId?: string;
  channel: 'store' | 'online';
}

export function registerCustomerCommands(program: Command): void {
  const customer = program.command('customer').description('Customers: add one, or show one with points, tier and purchases');

  customer
    .command('add')
    .description('Add a customer (the e-mail must be new); prints the member number and referral code')
    .requiredOption('--email <email>', 'e-mail address (unique)')
    .option('--first-name <name>')
    .option('--last-name <name>')
    .option('--phone <phone>')
    .option('--locale <fr|en>', 'language of the card and messages')
    .option('--store <id>', 'preferred store id', positiveId)
    .option('--consent', 'the customer agreed to marketing messages')
    .action((opts: AddOptions) =>
      withParts(({ db, parts }) => {
        const input = {
          email: normaliseEmail(opts.email),
          ...(opts.firstName !== undefined ? { firstName: opts.firstName } : {}),
          ...(opts.lastName !== undefined ? { lastName: opts.lastName } : {}),
          ...(opts.phone !== undefined ? { phone: opts.phone } : {}),
          ...(opts.locale !== undefined ? { locale: opts.locale } : {}),
          ...(opts.store !== undefined ? { preferredStoreId: opts.store } : {}),
          consentMarketing: Boolean(opts.consent),
        };
        if (!Value.Check(CustomerInput, input)) {
          const first = Value.Errors(CustomerInput, input)[0];
          throw new AppError('VALIDATION_ERROR', `${first?.instancePath.replace(/^\//, '--') || 'input'}: ${first?.message ?? 'invalid'}`);
        }
        const { customers, loyalty } = parts;
        const created = db.transaction(() => {
          const c = customers.customers.create({ ...input, source: 'cli', consentSource: 'cli' }, loyalty.programme.tiers()[0]!.id);
          loyalty.till.enrolled(c.id);
          return customers.customers.require(c.id);
        })();
        print(`Customer ${created.id} added: ${created.memberId}, referral code ${created.referralCode}, tier ${created.tier}, ${created.pointsBalance} points.`);
      }),
    );

  customer
    .command('show')
    .description('One customer: identity, points, tier, referral, purchase aggregates and last purchases')
    .argument('<email|id>', 'e-mail, id or member number (M-000042)')
    .action((ref: string) =>
      withParts(({ parts }) => {
        const id = findCustomer(parts, ref);
        const c = parts.customers.customers.require(id);
        const tierName = parts.loyalty.programme.tiers().find((t) => t.id === c.tier)?.name.en ?? c.tier;
        const a = c.aggregates;
        print(`${c.firstName} ${c.lastName}`.trim() || '(no name)');
        print(`  id ${c.id} · ${c.memberId} · ${c.email ?? 'no e-mail'} · member since ${day(c.createdAt)} (${c.source})`);
        print(`  tier ${tierName} · ${c.pointsBalance} points (lifetime ${c.lifetimePoints})`);
        print(`  referral code ${c.referralCode} · ${c.referralCount} friend(s) referred${c.referredBy ? ` · referred by ${c.referredBy.name || `#${c.referredBy.id}`}` : ''}`);
        print(`  marketing consent ${c.consentMarketing ? `yes (${day(c.consentMarketingAt)}, ${c.consentSource ?? '?'})` : 'no'}`);
        print(`  purchases ${a.purchaseCount} · spent ${euros(a.spendCents)} · average ${euros(a.avgBasketCents)} · last ${day(a.lastPurchaseAt)}`);
        print(`  30/90/365 days: ${a.purchases30d}/${a.purchases90d}/${a.purchases365d} purchases, ${euros(a.spend30dCents)}/${euros(a.spend90dCents)}/${euros(a.spend365dCents)}`);
        for (const p of parts.customers.purchases.listOf(id, 5)) {
          print(`  - ${day(p.purchasedAt)} ${euros(p.amountCents)} ${p.channel}${p.storeName ? ` at ${p.storeName}` : ''}${p.externalId ? ` [${p.externalId}]` : ''}`);
        }
      }),
    );

  program
    .command('purchase')
    .description('Purchases')
    .command('add')
    .description('Record a purchase and credit its points; the same --external-id twice is one purchase')
    .requiredOption('--customer <email|id>', 'the customer, by e-mail, id or member number')
    .requiredOption('--amount <euros>', 'amount in euros, e.g. 42.50', parseAmount)
    .option('--store <id>', 'store id', positiveId)
    .option('--external-id <id>', 'the POS or e-shop id of the purchase (idempotent)')
    .option('--channel <store|online>', 'store or online', (v: string) => {
      if (v !== 'store' && v !== 'online') throw new InvalidArgumentError('expected store or online');
      return v;
    }, 'store')
    .action((opts: PurchaseOptions) =>
      withParts(({ parts }) => {
        const id = findCustomer(parts, opts.customer);
        const outcome = parts.loyalty.till.recordPurchase(
          id,
          {
            amountCents: opts.amount,
            channel: opts.channel,
            ...(opts.store !== undefined ? { storeId: opts.store } : {}),
            ...(opts.externalId !== undefined ? { externalId: opts.externalId } : {}),
          },
          { by: 'cli', source: 'cli' },
        );
        if (!outcome.created) {
          print(`Purchase ${opts.externalId} was already recorded (purchase ${outcome.purchase.id}): no points credited again. Balance ${outcome.balance} points.`);
          return;
        }
        const tier = outcome.tier !== outcome.previousTier ? ` New tier: ${outcome.tier}.` : '';
        print(`Purchase ${outcome.purchase.id} recorded: ${euros(outcome.purchase.amountCents)}, +${outcome.pointsEarned} points, balance ${outcome.balance}.${tier}`);
      }),
    );

  program
    .command('staff')
    .description('Staff accounts for the scanner on phones')
    .command('add')
    .description('Add a staff member who signs in to the phone scanner with a PIN (4 to 8 digits)')
    .requiredOption('--name <name>', 'the name they sign in with')
    .option('--pin-stdin', 'read the PIN from standard input instead of prompting')
    .action((opts: { name: string; pinStdin?: boolean }) =>
      withParts(async ({ parts }) => {
        const pin = (await readSecret('PIN (4 to 8 digits): ', Boolean(opts.pinStdin))).trim();
        const member = parts.staff.staff.create(opts.name, await hashPin(pin));
        print(`Staff member ${member.name} added (id ${member.id}); only the PIN's hash is stored.`);
      }),
    );
}
