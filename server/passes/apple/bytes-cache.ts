/**
 * Signed .pkpass bytes by what they were built from. Bounded by count and by bytes (a design with large images weighs
 * ~150 KB a pass), least recently used out first. A key names every input, so an entry is never stale: a new design
 * or pass version, another identity, changed customer data all make a new key, and old keys age out.
 */
export interface BytesCache {
  get(key: string): Buffer | undefined;
  set(key: string, bytes: Buffer): void;
  readonly size: number;
  readonly bytes: number;
  clear(): void;
}

export function createBytesCache(maxEntries = 512, maxBytes = 64 * 1024 * 1024): BytesCache {
  const entries = new Map<string, Buffer>();
  let total = 0;

  const evict = (): void => {
    while (entries.size > maxEntries || total > maxBytes) {
      const oldest = entries.keys().next();
      if (oldest.done) return;
      total -= entries.get(oldest.value)!.length;
      entries.delete(oldest.value);
    }
  };

  return {
    get(key) {
      const hit = entries.get(key);
      if (hit) {
        // Map keeps insertion order: moving a hit to the end makes the first key the least recently used.
        entries.delete(key);
        entries.set(key, hit);
      }
      return hit;
    },
    set(key, bytes) {
      if (bytes.length > maxBytes) return;
      const old = entries.get(key);
      if (old) {
        total -= old.length;
        entries.delete(key);
      }
      entries.set(key, bytes);
      total += bytes.length;
      evict();
    },
    get size() {
      return entries.size;
    },
    get bytes() {
      return total;
    },
    clear() {
      entries.clear();
      total = 0;
    },
  };
}
