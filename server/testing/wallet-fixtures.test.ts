import { describe, expect, it } from 'vitest';
import { openMigratedDatabase, seedRegisteredPasses } from './wallet-fixtures.js';

describe('seedRegisteredPasses', () => {
  it('seeds again after devices were deleted, with names, serials and tokens not used before', () => {
    const db = openMigratedDatabase();
    const first = seedRegisteredPasses(db, { passes: 3, passTypeIdentifier: 'pass.fr.example.card' });
    // Phones gone (unregistered, or dead for APNs): their rows are deleted, their passes stay.
    db.prepare('DELETE FROM devices').run();
    const second = seedRegisteredPasses(db, { passes: 3, passTypeIdentifier: 'pass.fr.example.card' });
    expect(second.passIds).toHaveLength(3);
    expect(second.tokens.filter((t) => first.tokens.includes(t))).toEqual([]);
    expect(db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM registrations').get()!.n).toBe(second.tokens.length);
  });
});
