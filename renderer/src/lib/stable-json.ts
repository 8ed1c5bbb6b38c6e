/**
 * JSON with object keys sorted and `undefined` properties left out, so two designs that differ only in key order
 * (the server's copy and the edited one) compare equal. Used to tell whether a draft has unsaved changes.
 */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) return inner;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(inner).sort()) {
      const item = (inner as Record<string, unknown>)[key];
      if (item !== undefined) sorted[key] = item;
    }
    return sorted;
  });
}
