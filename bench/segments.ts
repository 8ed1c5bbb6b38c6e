/**
 * Segment counts on a million customers (ENGINEERING.md target: ≤ 200 ms each, median, on the 2-core machine): the
 * twenty typical definitions of segment-definitions.ts, each counted as the builder's live count does (the server's
 * own compile and query: the count and how many of them have a card in a wallet), several rounds; prints each one's median and worst, then the median of medians and the
 * worst of all, and one JSON line.
 *
 * The data: a data folder holding `demo --customers 1000000` (1 M customers, ~10 M purchases). Generating it takes
 * many minutes, so it is made once and kept outside the repository:
 *
 *   npm run bench:segments -- <data folder>        (default: $PASSERELLE_BENCH_DATA or ../passerelle-bench-1m)
 *
 * An empty folder is filled with the demo first. The demo makes no wallet cards, so the bench gives the customers of
 * its own copy a wallet state once (deterministic by id: 45 % Apple, 20 % Google, 5 % uninstalled lately), written
 * through the same columns the wallet-event trigger keeps. The first round warms the page cache and is not counted.
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { closeDatabase } from '../server/db/connection.js';
import { databasePath, openAppDatabase } from '../server/db/index.js';
import { loadDemoBrand } from '../server/demo/load.js';
import { compileSegment } from '../server/segments/compile.js';
import { createSegmentsRepository } from '../server/segments/segments-repository.js';
import { TYPICAL_SEGMENTS } from './segment-definitions.js';

const TARGET_MS = 200;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CUSTOMERS = 1_000_000;
const DAY = 86_400_000;

const dataDir = resolve(process.argv[2] ?? process.env.PASSERELLE_BENCH_DATA ?? '../passerelle-bench-1m');
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function main(): Promise<void> {
  const fresh = !existsSync(databasePath(dataDir));
  const { db } = openAppDatabase(dataDir);
  try {
    const count = (db.prepare('SELECT COUNT(*) AS n FROM customers').get() as { n: number }).n;
    if (fresh || count === 0) {
      console.log(`generating the demo brand with ${CUSTOMERS.toLocaleString('en')} customers into ${dataDir} (several minutes, once)…`);
      const t = performance.now();
      const summary = await loadDemoBrand(db, { customers: CUSTOMERS });
      console.log(`  ${summary.customers} customers, ${summary.purchases} purchases in ${((performance.now() - t) / 1000).toFixed(0)} s`);
    }
    const now = Date.now();
    const inWallet = (db.prepare('SELECT COUNT(*) AS n FROM customers WHERE wallet_apple > 0 OR wallet_google > 0').get() as { n: number }).n;
    if (inWallet === 0) {
      const t = performance.now();
      db.prepare(
        `UPDATE customers SET
           wallet_apple = ((id * 7919) % 100 < 45),
           wallet_google = ((id * 7919) % 100 BETWEEN 45 AND 64),
           wallet_installed_at = CASE WHEN (id * 7919) % 100 < 65 THEN created_at END,
           wallet_uninstalled_at = CASE WHEN (id * 7919) % 100 BETWEEN 65 AND 69 THEN @now - ((id * 13) % 90) * ${DAY} END`,
      ).run({ now });
      console.log(`bench wallet state given to the customers in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
    const customers = (db.prepare('SELECT COUNT(*) AS n FROM customers').get() as { n: number }).n;
    const purchases = (db.prepare('SELECT COUNT(*) AS n FROM purchases').get() as { n: number }).n;
    console.log(`data: ${customers.toLocaleString('en')} customers, ${purchases.toLocaleString('en')} purchases (${dataDir})`);

    const repo = createSegmentsRepository(db, () => now);
    const compiled = TYPICAL_SEGMENTS.map((s) => ({ ...s, sql: compileSegment(s.definition, { now, timeZone: 'Europe/Paris' }) }));
    const times = compiled.map(() => [] as number[]);
    const counts = compiled.map(() => 0);
    for (let round = 0; round <= ROUNDS; round++) {
      compiled.forEach((s, i) => {
        const t = performance.now();
        counts[i] = repo.count(s.sql);
        const ms = performance.now() - t;
        if (round > 0) times[i]!.push(ms);
      });
    }
    // Baselines measured in the same run, so that a loaded machine reads as one: the floor (one pass over the compact
    // index that every covered count reads at most) and the naive way (a segment's behaviour from the purchases).
    const floor = median(
      Array.from({ length: ROUNDS }, () => {
        const t = performance.now();
        db.prepare('SELECT COUNT(*) FROM customers c WHERE +c.consent_marketing >= 0').pluck().get();
        return performance.now() - t;
      }),
    );
    const naiveSql = `SELECT COUNT(*) FROM (SELECT customer_id FROM purchases WHERE purchased_at > ? GROUP BY customer_id HAVING COUNT(*) >= 4)`;
    const naiveStart = performance.now();
    const naiveCount = db.prepare(naiveSql).pluck().get(now - 90 * DAY) as number;
    const naive = performance.now() - naiveStart;
    const ours = median(times[TYPICAL_SEGMENTS.findIndex((d) => d.name === '≥ 4 purchases in 90 days')]!);
    console.log(
      `\nbaselines: one pass over the compact index ${floor.toFixed(1)} ms; "≥ 4 purchases in 90 days" from the purchases table ` +
        `${naive.toFixed(0)} ms (${naiveCount.toLocaleString('en')}) against ${ours.toFixed(1)} ms from the aggregates: ×${(naive / ours).toFixed(0)}`,
    );
    console.log(`\n${'segment'.padEnd(72)} ${'count'.padStart(9)} ${'median'.padStart(9)} ${'worst'.padStart(9)}`);
    const medians: number[] = [];
    let worst = { ms: 0, name: '' };
    compiled.forEach((s, i) => {
      const m = median(times[i]!);
      const w = Math.max(...times[i]!);
      medians.push(m);
      if (w > worst.ms) worst = { ms: w, name: s.name };
      const flag = m > TARGET_MS ? '  > target' : '';
      console.log(`${s.name.slice(0, 72).padEnd(72)} ${counts[i]!.toLocaleString('en').padStart(9)} ${m.toFixed(1).padStart(7)}ms ${w.toFixed(1).padStart(7)}ms${flag}`);
    });
    const overall = median(medians);
    const slowest = Math.max(...medians);
    const over = medians.filter((m) => m > TARGET_MS).length;
    console.log(
      `\nmedian of the ${compiled.length} medians: ${overall.toFixed(1)} ms (target ≤ ${TARGET_MS} ms); slowest segment's median: ${slowest.toFixed(1)} ms; ` +
        `worst single count: ${worst.ms.toFixed(1)} ms (${worst.name}); segments over target: ${over}; median of medians / floor ×${(overall / floor).toFixed(2)} ` +
        `(the floor moves with the machine's load: ${loadavg()[0]!.toFixed(1)} now)`,
    );
    console.log(
      JSON.stringify({
        bench: 'segments',
        customers,
        purchases,
        rounds: ROUNDS,
        medianMs: Math.round(overall * 10) / 10,
        slowestMedianMs: Math.round(slowest * 10) / 10,
        worstMs: Math.round(worst.ms * 10) / 10,
        overTarget: over,
        floorMs: Math.round(floor * 10) / 10,
        medianToFloor: Math.round((overall / floor) * 100) / 100,
        naivePurchasesScanMs: Math.round(naive),
        ok: overall <= TARGET_MS,
      }),
    );
  } finally {
    closeDatabase(db);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
