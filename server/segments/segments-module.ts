/**
 * Segments: saved groups of conditions on customers, their live counts and samples. Campaigns receive `Segments`
 * from the composition root to find their audience.
 */
import type { Module } from '../module.js';
import type { Services } from '../services.js';
import { conditionCount, type CompiledSegment } from './compile.js';
import { segmentRoutes, tooManyConditions } from './routes.js';
import type { SegmentCount, SegmentDefinition, SegmentMember } from './schemas.js';
import { createSegmentsRepository, type SegmentsRepository } from './segments-repository.js';

/** More conditions than this make neither a sensible segment nor a reasonable query. */
export const MAX_CONDITIONS = 40;

export interface Segments {
  repository: SegmentsRepository;
  /** A definition as SQL over customers `c`, as of now (ages and "days ago" move with the clock). */
  compile(definition: SegmentDefinition, at?: number): CompiledSegment;
  /** A saved segment's SQL, or every customer's (`null`). */
  audience(segmentId: number | null, at?: number): CompiledSegment;
  count(definition: SegmentDefinition): SegmentCount;
  sample(definition: SegmentDefinition, limit: number): SegmentMember[];
}

export interface SegmentsDeps {
  /** The shop's zone (ages are counted on its calendar). */
  timeZone(): string;
}

export function createSegments(services: Services, deps: SegmentsDeps): { parts: Segments; module: Module } {
  const repository = createSegmentsRepository(services.db, services.now);
  const compile = (definition: SegmentDefinition, at = services.now()): CompiledSegment => {
    if (conditionCount(definition) > MAX_CONDITIONS) throw tooManyConditions(MAX_CONDITIONS);
    return repository.compile(definition, { now: at, timeZone: deps.timeZone() });
  };
  const parts: Segments = {
    repository,
    compile,
    audience: (segmentId, at) => (segmentId === null ? { where: '1', params: {} } : compile(repository.require(segmentId).definition, at)),
    count(definition) {
      const compiled = compile(definition);
      const started = performance.now();
      const count = repository.count(compiled);
      const ms = Math.round((performance.now() - started) * 10) / 10;
      return { count, total: repository.total(), ms };
    },
    sample: (definition, limit) => repository.sample(compile(definition), limit),
  };
  return { parts, module: { name: 'segments', adminRoutes: [segmentRoutes(services, { segments: parts })] } };
}
