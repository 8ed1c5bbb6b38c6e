/**
 * The push cost of opening hours: 10,000 cards (one registered phone each) of the demo brand's 10 stores, a week of
 * openings and closings played on a fake clock through the real path (the stores' upkeep → "cards changed" → Apple's
 * update flow and push outbox). Every card lists all 10 stores (Apple's limit is 10), so every flip concerns every
 * card: what saves pushes is coalescing the flips of one minute into one change per card. Prints each day's
 * openings/closings, cards updated and pushes, against one update per store flip, and one JSON line.
 *
 *   npm run bench:store-hours [-- --customers 10000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findAppRoot } from '../server/app-root.js';
import { loadConfig } from '../server/config.js';
import { closeDatabase } from '../server/db/connection.js';
import { openAppDatabase } from '../server/db/index.js';
import { loadDemoBrand } from '../server/demo/load.js';
import { createLogger } from '../server/http/logger.js';
import { compose } from '../server/composition.js';
import { createServices } from '../server/services.js';

const i = process.argv.indexOf('--customers');
const CUSTOMERS = i >= 0 ? Number(process.argv[i + 1]) : 10_000;
const ZONE = 'Europe/Paris';
// Monday 2025-03-10 00:00 in Paris: a plain week (no holiday, no DST change).
const START = Date.parse('2025-03-10T00:00:00+01:00');
const DAY = 86_400_000;
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

const dataDir = mkdtempSync(join(tmpdir(), 'passerelle-bench-hours-'));
let clock = Date.now();
const config = loadConfig({ env: { PASSERELLE_DATA_DIR: dataDir, PASSERELLE_LOG_LEVEL: 'silent' }, cwd: dataDir, appRoot: findAppRoot() });
const { db } = openAppDatabase(dataDir);
try {
  await loadDemoBrand(db, { customers: CUSTOMERS, now: START - DAY });
  const services = createServices(config, db, createLogger({ logLevel: 'silent' }), () => clock);
  services.settings.setMany({ 'brand.timeZone': ZONE });
  const { parts } = compose(services, { version: 'bench' });
  const { issuer, registrations } = parts.apple;
  const ids = db.prepare<[], { id: number }>('SELECT id FROM customers ORDER BY id').all().map((r) => r.id);
  const passes = db.transaction(() => ids.map((id) => issuer.issuePass(id)))();
  db.transaction(() => passes.forEach((p, n) => registrations.register(`library-${n}`, n.toString(16).padStart(64, '0'), p.id)))();

  const { directory } = parts.stores;
  // The stores module already tells "cards changed"; count what each change queued, as a second listener.
  let pushes = 0;
  let cards = 0;
  const countPushes = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM jobs WHERE kind = 'apns.push' AND status = 'pending'");
  const countCards = db.prepare<[], { n: number }>('SELECT coalesce(sum(version - 1), 0) AS n FROM passes');
  let cardsBefore = 0;
  const measure = () => {
    pushes += countPushes.get()!.n;
    const v = countCards.get()!.n;
    cards += v - cardsBefore;
    cardsBefore = v;
  };
  // The push worker is not running here: empty the outbox after each change, as the worker would between two
  // openings, so that each change is counted as the pushes it makes (pending ones would be coalesced).
  const drain = db.prepare("DELETE FROM jobs WHERE kind = 'apns.push'");
  await directory.refresh('all');
  clock = START;
  directory.syncHours();
  cardsBefore = countCards.get()!.n;
  drain.run();

  const days = WEEKDAYS.map((name) => ({ name, changes: 0, flips: 0, cards: 0, pushes: 0, perStorePushes: 0 }));
  const started = performance.now();
  for (;;) {
    const next = directory.syncHours().nextAt;
    if (next === undefined || next >= START + 7 * DAY) break;
    clock = next;
    const before = { cards, pushes };
    const holdersOf = new Map<number, number>();
    const result = directory.syncHours();
    measure();
    drain.run();
    for (const id of result.flipped) holdersOf.set(id, directory.customersHolding([id]).length);
    const day = days[Math.floor((clock - START) / DAY)]!;
    day.changes += result.flipped.length > 0 ? 1 : 0;
    day.flips += result.flipped.length;
    day.cards += cards - before.cards;
    day.pushes += pushes - before.pushes;
    // Without coalescing: one change per store flip, each pushing to every phone holding that store.
    day.perStorePushes += [...holdersOf.values()].reduce((s, n) => s + n, 0);
  }
  const seconds = (performance.now() - started) / 1000;
  const fmt = (n: number) => Math.round(n).toLocaleString('en');
  console.log(`${fmt(passes.length)} cards on ${fmt(passes.length)} phones, 10 stores, week of Monday 2025-03-10 (${ZONE})`);
  for (const d of days) {
    console.log(
      `  ${d.name}: ${d.flips} openings/closings in ${d.changes} changes → ${fmt(d.cards)} card updates, ${fmt(d.pushes)} pushes (one change per store flip: ${fmt(d.perStorePushes)})`,
    );
  }
  const total = days.reduce((s, d) => ({ pushes: s.pushes + d.pushes, perStore: s.perStore + d.perStorePushes, changes: s.changes + d.changes }), { pushes: 0, perStore: 0, changes: 0 });
  console.log(`  average day: ${fmt(total.pushes / 7)} pushes in ${(total.changes / 7).toFixed(1)} changes (${fmt(total.perStore / 7)} without coalescing); simulated in ${seconds.toFixed(1)} s`);
  console.log(
    JSON.stringify({
      bench: 'store-hours',
      cards: passes.length,
      stores: 10,
      pushesPerDay: Math.round(total.pushes / 7),
      changesPerDay: Number((total.changes / 7).toFixed(1)),
      pushesPerDayWithoutCoalescing: Math.round(total.perStore / 7),
      days: days.map((d) => ({ day: d.name, changes: d.changes, flips: d.flips, pushes: d.pushes })),
    }),
  );
} finally {
  closeDatabase(db);
  rmSync(dataDir, { recursive: true, force: true });
}
