/**
 * Nearest 10 stores for 1,000,000 customers over 500 stores: the geohash-prefiltered index (server/stores/nearest-
 * index.ts) against a brute-force scan of every store, in the same run, on the same points, with the same distance
 * kernel (the haversine term). Stores are spread like a French chain (clusters in cities, weighted by the demo's
 * localities); customers live around them (80 %, a few km away) or anywhere in mainland France (20 %). Every answer
 * of a sample is checked against the scan. Ends with one JSON line. Target: ≥ 10×.
 *
 *   npm run bench:nearest [-- --customers 1000000 --stores 500]
 */
import { DEMO_STORES } from '../server/demo/stores-data.js';
import { createBruteForce, createNearestIndex, type NearestFinder } from '../server/stores/nearest-index.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const n = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number above 0`);
  return n;
}

const CUSTOMERS = arg('customers', 1_000_000);
const STORES = arg('stores', 500);
const K = 10;
const CHECKED = 20_000;

/** Deterministic (mulberry32): the same points in every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(20260101);
const gauss = (): number => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
const KM_LAT = 1 / 111.2;
const kmLon = (lat: number): number => 1 / (111.2 * Math.cos((lat * Math.PI) / 180));

// Cities: the demo's localities (73 places in 8 regions), weighted; stores cluster in them, a few kilometres apart.
const localities = DEMO_STORES.flatMap((s) => s.localities);
const totalWeight = localities.reduce((sum, l) => sum + l.weight, 0);
function pickLocality() {
  let r = random() * totalWeight;
  for (const l of localities) if ((r -= l.weight) <= 0) return l;
  return localities[localities.length - 1]!;
}
const stores = Array.from({ length: STORES }, (_, i) => {
  const l = pickLocality();
  const spread = 3 + random() * 12;
  return { id: i + 1, latitude: l.latitude + gauss() * spread * KM_LAT, longitude: l.longitude + gauss() * spread * kmLon(l.latitude) };
});
const points = new Float64Array(CUSTOMERS * 2);
for (let i = 0; i < CUSTOMERS; i++) {
  if (random() < 0.8) {
    const s = stores[Math.floor(random() * stores.length)]!;
    const km = 1 + random() * 8;
    points[2 * i] = s.latitude + gauss() * km * KM_LAT;
    points[2 * i + 1] = s.longitude + gauss() * km * kmLon(s.latitude);
  } else {
    points[2 * i] = 42.5 + random() * 8.5;
    points[2 * i + 1] = -4.5 + random() * 12.5;
  }
}

function run(finder: NearestFinder): { seconds: number; checksum: number } {
  const out = new Int32Array(K);
  let checksum = 0;
  const started = performance.now();
  for (let i = 0; i < CUSTOMERS; i++) {
    const n = finder.nearestIds(points[2 * i]!, points[2 * i + 1]!, out);
    checksum = (checksum + out[0]! * 31 + out[n - 1]!) % 1_000_000_007;
  }
  return { seconds: (performance.now() - started) / 1000, checksum };
}

const built = performance.now();
const index = createNearestIndex(stores, K);
const buildMs = performance.now() - built;
const brute = createBruteForce(stores, K);

// Warm both up on a slice, then time each on every customer.
for (let i = 0; i < 50_000; i++) {
  index.nearest(points[2 * i]!, points[2 * i + 1]!);
  brute.nearest(points[2 * i]!, points[2 * i + 1]!);
}
const scanBefore = brute.evaluations();
const scan = run(brute);
const scanEvaluations = (brute.evaluations() - scanBefore) / CUSTOMERS;
const indexBefore = index.evaluations();
const indexed = run(index);
const indexEvaluations = (index.evaluations() - indexBefore) / CUSTOMERS;

let mismatches = 0;
for (let i = 0; i < Math.min(CHECKED, CUSTOMERS); i++) {
  const j = Math.floor(random() * CUSTOMERS);
  const a = index.nearest(points[2 * j]!, points[2 * j + 1]!).map((n) => n.distanceM);
  const b = brute.nearest(points[2 * j]!, points[2 * j + 1]!).map((n) => n.distanceM);
  if (a.length !== b.length || a.some((d, x) => d !== b[x])) mismatches++;
}

const indexRate = CUSTOMERS / indexed.seconds;
const scanRate = CUSTOMERS / scan.seconds;
const ratio = indexRate / scanRate;
const fmt = (n: number) => Math.round(n).toLocaleString('en');
console.log(`nearest ${K} of ${STORES} stores for ${fmt(CUSTOMERS)} customers (index built in ${buildMs.toFixed(1)} ms)`);
console.log(`  geohash index + haversine: ${indexed.seconds.toFixed(2)} s, ${fmt(indexRate)} customers/s`);
console.log(`  brute-force scan:          ${scan.seconds.toFixed(2)} s, ${fmt(scanRate)} customers/s`);
console.log(`  ratio: ${ratio.toFixed(1)}× (target ≥ 10×); ${mismatches} of ${Math.min(CHECKED, CUSTOMERS).toLocaleString('en')} sampled answers differ from the scan`);
// Time on a shared machine moves with its load; the distances computed per customer do not.
console.log(
  `  distances computed per customer: ${indexEvaluations.toFixed(1)} (index) vs ${scanEvaluations.toFixed(0)} (scan), ${(scanEvaluations / indexEvaluations).toFixed(1)}× fewer`,
);
console.log(
  JSON.stringify({
    bench: 'nearest',
    customers: CUSTOMERS,
    stores: STORES,
    k: K,
    indexCustomersPerSecond: Math.round(indexRate),
    bruteForceCustomersPerSecond: Math.round(scanRate),
    ratio: Number(ratio.toFixed(2)),
    distancesPerCustomer: { index: Number(indexEvaluations.toFixed(2)), scan: scanEvaluations },
    mismatches,
    sameChecksum: indexed.checksum === scan.checksum,
  }),
);
if (mismatches > 0 || indexed.checksum !== scan.checksum) process.exitCode = 1;
