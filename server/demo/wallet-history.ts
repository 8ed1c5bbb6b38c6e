/**
 * The demo brand's life in wallets, so that the dashboard has something true-looking to show: who put the card in
 * Apple Wallet or Google Wallet and when (the more a customer buys, the likelier; the brand's earlier customers
 * adopted it over the months after the card launched), who took it out (and a week when many did, after a busy
 * campaign: the alarm signal), the welcome and other automations' messages, five campaigns with a control group (one
 * an A/B test) whose recipients bought a little more afterwards, and the automations a shop would have on.
 *
 * Written with set-based SQL (a million customers), deterministic for a seed: its "random" draws are hashes of ids.
 */
import type { Db } from '../db/connection.js';

const DAY = 86_400_000;

/**
 * A draw in [0, 1) fixed per row id and stream: a 32-bit integer hash (multiply, xor-shift, multiply, xor-shift) of
 * the id and the stream, written in SQL (SQLite has no xor: a ^ b = (a | b) - (a & b)). Draws of two streams for the
 * same id are unrelated, so "who leaves" and "when" do not line up.
 */
const xorShift16 = (x: string) => `((${x}) | ((${x}) >> 16)) - ((${x}) & ((${x}) >> 16))`;
const draw = (id: string, stream: number) => {
  const seeded = `(((${id}) * 2654435761 + ${(stream * 2246822519) % 4294967296}) % 4294967296)`;
  const mixed = `(((${xorShift16(seeded)}) * 73244475) % 4294967296)`;
  return `((${xorShift16(mixed)}) / 4294967296.0)`;
};

interface DemoCampaign {
  name: string;
  category: 'relational' | 'inspiration' | 'commercial';
  mechanic: string;
  fr: string;
  en: string;
  daysAgo: number;
  variant?: { fr: string; en: string };
  /** Recipients who bought within two weeks, beyond their usual purchases. */
  extraBuyers: number;
}

const CAMPAIGNS: DemoCampaign[] = [
  { name: 'Soldes d’hiver', category: 'commercial', mechanic: 'promotion', fr: 'Les soldes commencent ❄️ Jusqu’à -40 % en boutique.', en: 'The sales are on ❄️ Up to 40% off in store.', daysAgo: 290, extraBuyers: 0.15 },
  { name: 'Nouvelle collection printemps', category: 'inspiration', mechanic: 'product', fr: 'Hello printemps 🌸 Découvrez nos essentiels de saison.', en: 'Hello spring 🌸 Discover our seasonal essentials.', daysAgo: 200, extraBuyers: 0.1 },
  {
    name: 'Fête des mères',
    category: 'commercial',
    mechanic: 'event',
    fr: 'Fête des mères 💐 Un coffret offert dès 40 € d’achat.',
    en: 'Mother’s Day 💐 A gift box with any purchase over €40.',
    variant: { fr: 'Pour elle 💐 Nos coffrets cadeaux sont arrivés, venez les découvrir.', en: 'For her 💐 Our gift boxes are in, come and see them.' },
    daysAgo: 120,
    extraBuyers: 0.18,
  },
  { name: 'Ventes privées', category: 'relational', mechanic: 'privilege', fr: 'Ventes privées ✨ Vos avantages de membre avant tout le monde.', en: 'Private sale ✨ Your member perks before everyone else.', daysAgo: 45, extraBuyers: 0.2 },
  { name: 'Nouveautés d’automne', category: 'inspiration', mechanic: 'product', fr: 'Envie de nouveauté ? 🍂 Les tendances de l’automne sont en boutique.', en: 'Something new? 🍂 Autumn’s trends are in store.', daysAgo: 10, extraBuyers: 0.12 },
];

/** Automated messages of the past months: which automation, its category and words. */
const AUTOMATED: Array<[string, 'relational' | 'inspiration' | 'commercial', string]> = [
  ['early_engagement', 'relational', 'Petit check-in 🧐 Jetez un œil à votre carte : vos avantages sont là.'],
  ['early_engagement', 'inspiration', 'À découvrir cette semaine ✨ La nouvelle collection est arrivée, et vos prochains points avec.'],
  ['tier_reached', 'relational', 'Palier Argent atteint 🏆 Félicitations ! De nouveaux privilèges vous attendent.'],
  ['birthday', 'relational', 'Joyeux anniversaire 🎂 On vous a préparé un petit cadeau. Profitez-en aujourd’hui.'],
  ['reactivation', 'inspiration', 'Envie de nouveauté ? ✨ Venez découvrir les dernières tendances en boutique.'],
  ['dormant_points', 'relational', 'Vos points vous attendent 😊 Utilisez-les lors de votre prochain passage.'],
  ['anniversary', 'relational', '1 an déjà ✨ Merci d’être avec nous ! Un petit cadeau vous attend.'],
  ['early_engagement', 'commercial', 'Et si vous reveniez ✨ Votre prochaine commande vous rapporte déjà des points.'],
];

const WELCOME = 'Bienvenue ! 🎉 Votre carte est prête : cumulez des points, recevez des avantages exclusifs.';

export interface WalletHistoryOptions {
  now: number;
  /** When the demo's history starts (its first enrolments). */
  start: number;
}

export function writeWalletHistory(db: Db, o: WalletHistoryOptions): { passes: number; messages: number; purchases: number } {
  const { now } = o;
  const launch = o.start + 120 * DAY; // the card in wallets launched four months into the history
  const automationsFrom = now - 300 * DAY;
  const spike = now - 118 * DAY; // the week after the Mother's Day A/B campaign
  const design = db.prepare<[], { id: number }>(`SELECT id FROM card_designs WHERE kind = 'loyalty' AND is_default = 1`).get()!.id;

  // Who holds a card, on which wallet, since when, until when.
  db.exec('DROP TABLE IF EXISTS temp.demo_wallet');
  db.prepare(
    `CREATE TEMP TABLE demo_wallet AS
     SELECT id AS customer_id, platform, installed_at,
            CASE WHEN leave < 0.07 AND installed_at + 5 * ${DAY} + ${draw('id', 4)} * 240 * ${DAY} < @now
                   THEN installed_at + 5 * ${DAY} + CAST(${draw('id', 4)} * 240 * ${DAY} AS INTEGER)
                 WHEN leave < 0.10 AND installed_at < @spike THEN @spike + CAST(${draw('id', 5)} * 6 * ${DAY} AS INTEGER)
                 ELSE NULL END AS uninstalled_at
     FROM (SELECT c.id, ${draw('c.id', 3)} AS leave,
             CASE WHEN ${draw('c.id', 1)} < 0.66 THEN 'apple' ELSE 'google' END AS platform,
             CASE WHEN c.created_at < @launch THEN @launch + CAST(${draw('c.id', 2)} * 150 * ${DAY} AS INTEGER)
                  ELSE c.created_at + CAST(${draw('c.id', 2)} * 2 * ${DAY} AS INTEGER) END AS installed_at,
             ${draw('c.id', 0)} AS adopt, (SELECT COUNT(*) FROM purchases p WHERE p.customer_id = c.id) AS n
           FROM customers c)
     WHERE adopt < 0.32 + MIN(0.16, n * 0.008) AND installed_at < @now - 3600000`,
  ).run({ now, launch, spike });
  db.exec('CREATE INDEX temp.demo_wallet_customer ON demo_wallet (customer_id)');

  const passes = db
    .prepare(
      `INSERT INTO passes (customer_id, design_id, platform, serial, pass_type_identifier, auth_token, download_id, updated_at, created_at)
       SELECT customer_id, @design, platform, 'demo-' || customer_id, '', lower(hex(randomblob(16))), lower(hex(randomblob(24))), installed_at, installed_at
       FROM demo_wallet ORDER BY customer_id`,
    )
    .run({ design }).changes;
  // The wallet events, in time order (the customers' wallet columns follow them through their trigger).
  db.prepare(
    `INSERT INTO wallet_events (pass_id, customer_id, platform, kind, detail, occurred_at)
     SELECT pass_id, customer_id, platform, kind, detail, at FROM (
       SELECT p.id AS pass_id, w.customer_id, w.platform, 'installed' AS kind, '{"devices":1}' AS detail, w.installed_at AS at
       FROM demo_wallet w JOIN passes p ON p.customer_id = w.customer_id
       UNION ALL
       SELECT p.id, w.customer_id, w.platform, 'uninstalled', '{"reason":"unregistered","devices":0}', w.uninstalled_at
       FROM demo_wallet w JOIN passes p ON p.customer_id = w.customer_id WHERE w.uninstalled_at IS NOT NULL)
     ORDER BY at`,
  ).run();
  // The phones still holding an Apple card.
  db.prepare(
    `INSERT INTO devices (device_library_id, push_token, created_at, updated_at)
     SELECT 'demo-device-' || customer_id, lower(hex(randomblob(32))), installed_at, installed_at FROM demo_wallet
     WHERE platform = 'apple' AND uninstalled_at IS NULL`,
  ).run();
  db.prepare(
    `INSERT INTO registrations (device_id, pass_id, created_at)
     SELECT d.id, p.id, w.installed_at FROM demo_wallet w JOIN passes p ON p.customer_id = w.customer_id
       JOIN devices d ON d.device_library_id = 'demo-device-' || w.customer_id`,
  ).run();
  db.prepare(`INSERT INTO automation_activations (customer_id, installed_at) SELECT customer_id, installed_at FROM demo_wallet`).run();

  let messages = 0;
  const holds = (at: string) => `w.installed_at < ${at} AND (w.uninstalled_at IS NULL OR w.uninstalled_at > ${at})`;
  // The welcome of every card added since the automations were switched on.
  messages += db
    .prepare(
      `INSERT INTO message_sends (customer_id, origin, category, mechanic, outcome, text, devices, at)
       SELECT customer_id, 'automation', 'relational', 'welcome', 'sent', @text, 1, installed_at + 20000 FROM demo_wallet
       WHERE installed_at >= @from ORDER BY installed_at`,
    )
    .run({ text: WELCOME, from: automationsFrom }).changes;
  db.prepare(
    `INSERT INTO automation_occurrences (customer_id, automation, occurrence, outcome, send_id, at)
     SELECT customer_id, 'welcome', 'once', 'sent', id, at FROM message_sends WHERE mechanic = 'welcome'`,
  ).run();
  // Two or three other automated messages per card holder over the months.
  const automated = db.prepare(
    `INSERT INTO message_sends (customer_id, origin, category, mechanic, outcome, text, devices, at)
     SELECT w.customer_id, 'automation', @category, @mechanic, 'sent', @text, 1, t.at
     FROM (SELECT customer_id, installed_at + 3 * ${DAY} + CAST(${draw('customer_id', 6)} * @span AS INTEGER) AS at,
             CAST(${draw('customer_id', 7)} * @kinds AS INTEGER) AS kind FROM demo_wallet) t
     JOIN demo_wallet w ON w.customer_id = t.customer_id
     WHERE t.kind = @kind AND t.at >= @from AND t.at < @now AND (w.uninstalled_at IS NULL OR w.uninstalled_at > t.at)`,
  );
  for (const [round, span] of [[0, 120 * DAY], [1, 260 * DAY]] as const) {
    AUTOMATED.forEach(([mechanic, category, text], kind) => {
      messages += automated.run({ category, mechanic, text, kind: (kind + round * 3) % AUTOMATED.length, kinds: AUTOMATED.length, span, from: automationsFrom, now }).changes;
    });
  }

  // Campaigns to every card holder of the time, 10 % kept out as a control group.
  const insertCampaign = db.prepare(
    `INSERT INTO campaigns (name, category, mechanic, message_fr, message_en, schedule, send_at, time_zone, control_percent, status, created_at, updated_at)
     VALUES (@name, @category, @mechanic, @fr, @en, 'at', @at, 'Europe/Paris', 10, 'sent', @created, @at)`,
  );
  const insertRun = db.prepare(
    `INSERT INTO campaign_runs (campaign_id, planned_at, due_at, status, started_at, finished_at) VALUES (?, ?, ?, 'done', ?, ?)`,
  );
  const campaignSends = (control: number) => db.prepare(
    `INSERT INTO message_sends (customer_id, origin, campaign_id, run_id, category, mechanic, outcome, reason, text, devices, variant, at)
     SELECT w.customer_id, 'campaign', @campaign, @run, @category, @mechanic,
            CASE WHEN ${draw('w.customer_id', control)} < 0.10 THEN 'control'
                 WHEN @category <> 'relational' AND c.consent_marketing = 0 THEN 'held'
                 WHEN ${draw('w.customer_id', 8)} < 0.04 THEN 'held' ELSE 'sent' END AS outcome,
            CASE WHEN ${draw('w.customer_id', control)} < 0.10 THEN NULL
                 WHEN @category <> 'relational' AND c.consent_marketing = 0 THEN 'no_consent'
                 WHEN ${draw('w.customer_id', 8)} < 0.04 THEN 'weekly_cap' ELSE NULL END AS reason,
            CASE WHEN ${draw('w.customer_id', control)} < 0.10 THEN ''
                 WHEN @variantFr IS NOT NULL AND ${draw('w.customer_id', 9)} >= 0.5 THEN @variantFr ELSE @fr END,
            1,
            CASE WHEN ${draw('w.customer_id', control)} >= 0.10 AND @variantFr IS NOT NULL
                   THEN CASE WHEN ${draw('w.customer_id', 9)} >= 0.5 THEN 'B' ELSE 'A' END END,
            @at
     FROM demo_wallet w JOIN customers c ON c.id = w.customer_id
     WHERE ${holds('@at')} ORDER BY w.customer_id`,
  );
  // What recipients bought online in the two weeks after (their usual purchases are in the history already).
  const extraPurchases = db.prepare(
    `INSERT INTO purchases (customer_id, store_id, channel, amount_cents, item_count, external_id, purchased_at)
     SELECT s.customer_id, NULL, 'online',
            2500 + CAST(${draw('s.customer_id', 10)} * 6500 AS INTEGER), 1, 'demo-p-' || (9000000000 + s.run_id * 100000000 + s.customer_id),
            s.at + 3600000 + CAST(${draw('s.customer_id', 11)} * 12 * ${DAY} AS INTEGER)
     FROM message_sends s
     WHERE s.run_id = @run AND s.outcome = 'sent' AND ${draw('s.customer_id', 13)} < @share + CASE WHEN s.variant = 'B' THEN 0.06 ELSE 0 END
       AND s.at + 3600000 + CAST(${draw('s.customer_id', 11)} * 12 * ${DAY} AS INTEGER) < @now`,
  );
  const firstExtra = (db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM purchases').get() as { id: number }).id;
  let purchases = 0;
  CAMPAIGNS.forEach((k, i) => {
    const at = now - k.daysAgo * DAY + 9 * 3_600_000 - (now % DAY);
    const campaign = Number(
      insertCampaign.run({ name: k.name, category: k.category, mechanic: k.mechanic, fr: k.fr, en: k.en, at, created: at - 3 * DAY }).lastInsertRowid,
    );
    if (k.variant) db.prepare(`INSERT INTO campaign_variants (campaign_id, variant, message_fr, message_en) VALUES (?, 'B', ?, ?)`).run(campaign, k.variant.fr, k.variant.en);
    const run = Number(insertRun.run(campaign, at, at, at, at + 600_000).lastInsertRowid);
    messages += campaignSends(14 + i)
      .run({ campaign, run, category: k.category, mechanic: k.mechanic, fr: k.fr, variantFr: k.variant?.fr ?? null, at })
      .changes;
    purchases += extraPurchases.run({ run, share: k.extraBuyers, now }).changes;
  });
  // Their points, as the till would have credited them.
  db.prepare(
    `INSERT INTO points_ledger (customer_id, delta, reason, purchase_id, created_at)
     SELECT customer_id, amount_cents / 100, 'purchase', id, purchased_at FROM purchases WHERE id > ?`,
  ).run(firstExtra);
  db.prepare(`UPDATE message_sends SET devices = 0 WHERE outcome <> 'sent'`).run();

  // The automations a shop running this would have on, and its calendar.
  const setting = db.prepare(`INSERT INTO automation_settings (key, enabled, messages, params, updated_at) VALUES (?, 1, '[]', '{}', ?)`);
  for (const key of ['tier_reached', 'next_tier', 'reactivation', 'birthday', 'anniversary', 'early_engagement', 'seasonal', 'early_access', 'cart_reminder']) setting.run(key, automationsFrom);
  const entry = db.prepare(
    `INSERT INTO automation_calendar (name, date, time, yearly, category, message_fr, message_en, min_tier, created_at, updated_at)
     VALUES (?, ?, '10:00', ?, ?, ?, ?, ?, ?, ?)`,
  );
  const year = new Date(now).getUTCFullYear();
  entry.run('Printemps', `${year}-03-20`, 1, 'inspiration', 'Hello printemps 🌸 Découvrez nos essentiels fleuris de saison.', 'Hello spring 🌸 Discover our flowery seasonal essentials.', null, automationsFrom, automationsFrom);
  entry.run('Rentrée', `${year}-09-01`, 1, 'relational', 'Douce reprise ☕ On pense à vous pour la rentrée.', 'Back to it ☕ We are thinking of you this September.', null, automationsFrom, automationsFrom);
  entry.run('Black Friday', `${year}-11-27`, 0, 'commercial', 'C’est parti ✨ Les offres du Black Friday sont là, 48 h seulement.', 'Here we go ✨ Black Friday offers are on, 48 hours only.', null, automationsFrom, automationsFrom);
  entry.run('Avant-première Or', `${year}-12-05`, 0, 'relational', 'Drop VIP aujourd’hui ✨ Découvrez nos nouveautés avant tout le monde.', 'VIP drop today ✨ See what’s new before everyone else.', 'gold', automationsFrom, automationsFrom);
  db.exec('DROP TABLE temp.demo_wallet');
  return { passes, messages, purchases };
}
