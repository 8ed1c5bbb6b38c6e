/**
 * The k stores nearest to a point: a geohash prefilter (ngeohash integer cells at several depths) and the exact
 * great-circle distance on the few candidates it leaves.
 *
 * At each depth, from fine to coarse, the candidates are the stores of the point's cell and its eight neighbours (a
 * 3 × 3 block, cached per cell). Any store outside the block is farther than the point's distance to the block's edge,
 * so once the k-th candidate is within that distance the answer is exact; otherwise the next, coarser depth is
 * tried, and past the coarsest every store is scanned. Candidates are ranked by the haversine term
 * a = sin²(Δφ/2) + cos φ1 cos φ2 sin²(Δλ/2), which grows with the distance, so the arcsine is taken for the k winners
 * only. The brute-force scan ranks the same way: the benchmark compares the prefilter, not two formulas.
 */
import ngeohash from 'ngeohash';

export const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

export interface IndexedStore {
  id: number;
  latitude: number;
  longitude: number;
}

export interface Neighbour {
  id: number;
  distanceM: number;
}

/** Depths in bits, fine to coarse (30 bits: cells of about 600 m; 8 bits: 22° × 45°); each step halves a cell. */
const DEPTHS = Array.from({ length: 23 }, (_, i) => 30 - i);
const FINEST = 30;
/** Where a query in a region succeeded last is remembered per cell of this depth (about 20 km), to start there. */
const HINT_DEPTH = 20;
const DIVISORS = DEPTHS.map((depth) => 2 ** (FINEST - depth));
const HINT_DIVISOR = 2 ** (FINEST - HINT_DEPTH);
const METRES_PER_DEGREE = (EARTH_RADIUS_M * Math.PI) / 180;
/** Cached blocks per depth before that depth's cache is emptied (memory stays bounded over a million queries). */
const BLOCK_CACHE_LIMIT = 250_000;
/** A block is the point's cell and R cells around it: (2R + 1)² cells. */
const R = 4;

interface Block {
  /** Indexes into the store arrays, nearest to the block's middle first. */
  candidates: Int32Array;
  /** Their angular distances (radians) from the block's middle, ascending. */
  fromMiddle: Float64Array;
  midLat: number;
  midLon: number;
  /** The block's bounds in degrees; `edge` when it would cross a pole or the antimeridian (not used then). */
  south: number;
  north: number;
  west: number;
  east: number;
  edge: boolean;
}

export function haversineM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const s = Math.sin(dLat / 2);
  const t = Math.sin(dLon / 2);
  const a = s * s + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * t * t;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** The k smallest `a` values seen so far, kept sorted by insertion (k is 10: cheaper than a heap). */
class TopK {
  readonly a: Float64Array;
  readonly idx: Int32Array;
  size = 0;
  constructor(readonly k: number) {
    this.a = new Float64Array(k);
    this.idx = new Int32Array(k);
  }
  reset(): void {
    this.size = 0;
  }
  /** The largest kept value, or Infinity while fewer than k are kept. */
  bound(): number {
    return this.size < this.k ? Infinity : this.a[this.k - 1]!;
  }
  /** Keeps `index` if it is among the k smallest so far; says whether it did. */
  offer(value: number, index: number): boolean {
    if (this.size === this.k && value >= this.a[this.k - 1]!) return false;
    let i = this.size < this.k ? this.size++ : this.k - 1;
    while (i > 0 && this.a[i - 1]! > value) {
      this.a[i] = this.a[i - 1]!;
      this.idx[i] = this.idx[i - 1]!;
      i--;
    }
    this.a[i] = value;
    this.idx[i] = index;
    return true;
  }
}

/** Stores as flat arrays, ranked against one point by the haversine term; shared by the index and the scan. */
class StoreArrays {
  readonly ids: Int32Array;
  readonly lat: Float64Array;
  readonly lon: Float64Array;
  readonly latRad: Float64Array;
  readonly lonRad: Float64Array;
  readonly cosLat: Float64Array;
  /** Distances computed so far: the work the prefilter saves, whatever the machine's speed. */
  evaluations = 0;

  constructor(stores: readonly IndexedStore[]) {
    const n = stores.length;
    this.ids = new Int32Array(n);
    this.lat = new Float64Array(n);
    this.lon = new Float64Array(n);
    this.latRad = new Float64Array(n);
    this.lonRad = new Float64Array(n);
    this.cosLat = new Float64Array(n);
    stores.forEach((s, i) => {
      if (!Number.isFinite(s.latitude) || Math.abs(s.latitude) > 90 || !Number.isFinite(s.longitude) || Math.abs(s.longitude) > 180) {
        throw new RangeError(`store ${s.id}: coordinates out of range`);
      }
      this.ids[i] = s.id;
      this.lat[i] = s.latitude;
      this.lon[i] = s.longitude;
      this.latRad[i] = s.latitude * RAD;
      this.lonRad[i] = s.longitude * RAD;
      this.cosLat[i] = Math.cos(s.latitude * RAD);
    });
  }

  get length(): number {
    return this.ids.length;
  }

  /** Ranks store `i` against the point (φ, λ, cos φ in radians); says whether it is among the k nearest so far. */
  offer(top: TopK, i: number, phi: number, lambda: number, cosPhi: number): boolean {
    this.evaluations++;
    const s = Math.sin((this.latRad[i]! - phi) / 2);
    const t = Math.sin((this.lonRad[i]! - lambda) / 2);
    return top.offer(s * s + cosPhi * this.cosLat[i]! * t * t, i);
  }

  /** Writes the ids of the kept stores, nearest first, into `out`; returns how many. */
  writeIds(top: TopK, out: Int32Array): number {
    for (let j = 0; j < top.size; j++) out[j] = this.ids[top.idx[j]!]!;
    return top.size;
  }

  result(top: TopK): Neighbour[] {
    const out: Neighbour[] = new Array(top.size);
    for (let j = 0; j < top.size; j++) {
      out[j] = { id: this.ids[top.idx[j]!]!, distanceM: 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(top.a[j]!))) };
    }
    return out;
  }
}

/** Spreads the 15 low bits of v to the even bit positions (bit i → bit 2i). */
function spread15(v: number): number {
  v = (v | (v << 8)) & 0x00ff00ff;
  v = (v | (v << 4)) & 0x0f0f0f0f;
  v = (v | (v << 2)) & 0x33333333;
  return (v | (v << 1)) & 0x55555555;
}

/**
 * The 30-bit geohash cell of a point: the cell `ngeohash.encode_int(lat, lon, 30)` names (longitude bit first), by
 * arithmetic instead of 30 bisections (a point exactly on a cell's edge may land in the cell on the other side, which
 * is as good: it lies on both cells' closed bounds).
 */
export function geohashCell30(latitude: number, longitude: number): number {
  const x = Math.min(32767, Math.floor(((longitude + 180) / 360) * 32768));
  const y = Math.min(32767, Math.floor(((latitude + 90) / 180) * 32768));
  return (spread15(x) << 1) | spread15(y);
}

function assertPoint(latitude: number, longitude: number): void {
  if (!Number.isFinite(latitude) || Math.abs(latitude) > 90 || !Number.isFinite(longitude) || Math.abs(longitude) > 180) {
    throw new RangeError(`coordinates out of range: ${latitude}, ${longitude}`);
  }
}

/** Every store, ranked: the baseline the index is checked and benchmarked against. */
export function createBruteForce(stores: readonly IndexedStore[], k = 10) {
  const arrays = new StoreArrays(stores);
  const top = new TopK(k);
  function search(latitude: number, longitude: number): TopK {
    assertPoint(latitude, longitude);
    const phi = latitude * RAD;
    const lambda = longitude * RAD;
    const cosPhi = Math.cos(phi);
    top.reset();
    for (let i = 0; i < arrays.length; i++) arrays.offer(top, i, phi, lambda, cosPhi);
    return top;
  }
  return finder(arrays, search);
}

/** The two ways to read a search: objects with distances, or bare ids into a caller's array (bulk work). */
function finder(arrays: StoreArrays, search: (latitude: number, longitude: number) => TopK) {
  return {
    size: arrays.length,
    nearest: (latitude: number, longitude: number): Neighbour[] => arrays.result(search(latitude, longitude)),
    /** Ids of the nearest stores, nearest first, written into `out` (length ≥ k); returns how many. No allocation. */
    nearestIds: (latitude: number, longitude: number, out: Int32Array): number => arrays.writeIds(search(latitude, longitude), out),
    /** How many store distances were computed so far. */
    evaluations: (): number => arrays.evaluations,
  };
}

export type NearestFinder = ReturnType<typeof createBruteForce>;

/** Lower bound of the distance (as a haversine term) from the point to anything outside the block. */
function guaranteedA(block: Block, latitude: number, longitude: number, cosPhi: number): number {
  const dLat = Math.min(latitude - block.south, block.north - latitude) * RAD;
  const dLon = Math.min(Math.min(longitude - block.west, block.east - longitude) * RAD, Math.PI / 2);
  // A point with a latitude outside [south, north] is at least R·Δφ away; one with a longitude outside [west, east]
  // is at least as far as the nearest of those two meridians, R·asin(cos φ · sin Δλ) (Δλ ≤ 90°). Both are lowered
  // with sin x ≥ x − x³/6 and asin y ≥ y, without trigonometry: a smaller guarantee is still a guarantee.
  const halfLat = dLat / 2;
  const g1 = halfLat * (1 - (halfLat * halfLat) / 6);
  const meridian = cosPhi * dLon * (1 - (dLon * dLon) / 6);
  const halfLon = meridian / 2;
  const g2 = halfLon * (1 - (halfLon * halfLon) / 6);
  return Math.min(g1 * g1, g2 * g2);
}

export function createNearestIndex(stores: readonly IndexedStore[], k = 10) {
  const arrays = new StoreArrays(stores);
  const top = new TopK(k);
  const bruteSearch = (latitude: number, longitude: number): TopK => {
    const phi = latitude * RAD;
    const lambda = longitude * RAD;
    const cosPhi = Math.cos(phi);
    top.reset();
    for (let i = 0; i < arrays.length; i++) arrays.offer(top, i, phi, lambda, cosPhi);
    return top;
  };
  // Per depth: store indexes by cell, and the 3 × 3 blocks built so far.
  const cells = DEPTHS.map((depth) => {
    const byCell = new Map<number, number[]>();
    for (let i = 0; i < arrays.length; i++) {
      const cell = Math.floor(geohashCell30(arrays.lat[i]!, arrays.lon[i]!) / 2 ** (FINEST - depth));
      const list = byCell.get(cell);
      if (list) list.push(i);
      else byCell.set(cell, [i]);
    }
    return byCell;
  });
  const blocks = DEPTHS.map(() => new Map<number, Block>());

  function blockOf(level: number, cell: number): Block {
    const cache = blocks[level]!;
    const hit = cache.get(cell);
    if (hit) return hit;
    const depth = DEPTHS[level]!;
    const byCell = cells[level]!;
    const box = ngeohash.decode_bbox_int(cell, depth) as unknown as [number, number, number, number];
    const [minLat, minLon, maxLat, maxLon] = box;
    const h = maxLat - minLat;
    const w = maxLon - minLon;
    const midLat = (minLat + maxLat) / 2;
    const midLon = (minLon + maxLon) / 2;
    const edge = minLat - R * h < -90 || maxLat + R * h > 90 || minLon - R * w < -180 || maxLon + R * w > 180 || (2 * R + 1) * w >= 180;
    const found: number[] = [];
    if (!edge) {
      for (let dy = -R; dy <= R; dy++) {
        for (let dx = -R; dx <= R; dx++) {
          const list = byCell.get(ngeohash.encode_int(midLat + dy * h, midLon + dx * w, depth));
          if (list) for (const i of list) found.push(i);
        }
      }
    }
    // Nearest to the block's middle first: a query meets its likely winners early, and stops at the first candidate
    // that is farther from the middle than the query's k-th store plus the query's own distance to the middle.
    const ranked = found
      .map((i) => ({ i, d: haversineM(midLat, midLon, arrays.lat[i]!, arrays.lon[i]!) / EARTH_RADIUS_M }))
      .sort((a, b) => a.d - b.d);
    const block: Block = {
      candidates: Int32Array.from(ranked, (r) => r.i),
      fromMiddle: Float64Array.from(ranked, (r) => r.d),
      midLat,
      midLon,
      south: minLat - R * h,
      north: maxLat + R * h,
      west: minLon - R * w,
      east: maxLon + R * w,
      edge,
    };
    if (cache.size >= BLOCK_CACHE_LIMIT) cache.clear();
    cache.set(cell, block);
    return block;
  }

  // Without a hint, start at the finest depth where most stores' own blocks already hold k stores: customers live
  // near stores, and finer depths would only fail first.
  let start = DEPTHS.length;
  if (arrays.length > k) {
    for (let level = 0; level < DEPTHS.length; level++) {
      let enough = 0;
      for (let i = 0; i < arrays.length; i++) {
        const cell = Math.floor(geohashCell30(arrays.lat[i]!, arrays.lon[i]!) / DIVISORS[level]!);
        if (blockOf(level, cell).candidates.length >= k) enough++;
      }
      if (enough * 2 >= arrays.length) {
        start = level;
        break;
      }
    }
  }
  const hints = new Map<number, number>();
  /** The smaller side of a cell at `level` near latitude φ, in metres. */
  const side = (level: number, cosPhi: number): number => {
    const depth = DEPTHS[level]!;
    return Math.min((180 / 2 ** Math.floor(depth / 2)) * METRES_PER_DEGREE, (360 / 2 ** Math.ceil(depth / 2)) * METRES_PER_DEGREE * cosPhi);
  };

  function search(latitude: number, longitude: number): TopK {
    assertPoint(latitude, longitude);
    if (start >= DEPTHS.length) return bruteSearch(latitude, longitude);
    const phi = latitude * RAD;
    const lambda = longitude * RAD;
    const cosPhi = Math.cos(phi);
    const finest = geohashCell30(latitude, longitude);
    const hintCell = Math.floor(finest / HINT_DIVISOR);
    const hinted = hints.get(hintCell);
    let level = hinted ?? start;
    while (level < DEPTHS.length) {
      // A coarser cell is the finer cell's hash without its last bits (the geohash prefix property).
      const cell = Math.floor(finest / DIVISORS[level]!);
      const block = blockOf(level, cell);
      if (block.edge || block.candidates.length < k) {
        level++;
        continue;
      }
      top.reset();
      const c = block.candidates;
      const fromMiddle = block.fromMiddle;
      // Triangle inequality: a candidate farther from the middle than (query to middle + k-th distance) cannot win,
      // nor can any after it.
      const toMiddle = haversineM(latitude, longitude, block.midLat, block.midLon) / EARTH_RADIUS_M;
      // The limit is brought up to date only when a candidate is past it: the k-th distance only shrinks, so a stale
      // limit is larger than the true one and never stops the scan too early.
      let limit = Infinity;
      let limitBound = Infinity;
      for (let j = 0; j < c.length; j++) {
        if (fromMiddle[j]! > limit) {
          if (top.bound() === limitBound) break;
          limitBound = top.bound();
          limit = toMiddle + 2 * Math.asin(Math.min(1, Math.sqrt(limitBound)));
          if (fromMiddle[j]! > limit) break;
        }
        arrays.offer(top, c[j]!, phi, lambda, cosPhi);
        if (limit === Infinity && top.size === k) {
          limitBound = top.bound();
          limit = toMiddle + 2 * Math.asin(Math.min(1, Math.sqrt(limitBound)));
        }
      }
      if (top.bound() <= guaranteedA(block, latitude, longitude, cosPhi)) {
        if (hinted !== level) {
          if (hints.size >= BLOCK_CACHE_LIMIT) hints.clear();
          hints.set(hintCell, level);
        }
        return top;
      }
      // The k-th candidate's distance bounds the answer: go straight to the first depth whose block surely covers it.
      const kth = 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(top.bound())));
      level++;
      while (level < DEPTHS.length - 1 && R * side(level, cosPhi) < kth) level++;
    }
    return bruteSearch(latitude, longitude);
  }
  return finder(arrays, search);
}

export type NearestIndex = ReturnType<typeof createNearestIndex>;
