/**
 * What each feature module hands the composition root (composition.ts): its routes for each listener, its job kinds,
 * the access kinds it can verify, and its start and stop. Modules are built once, in dependency order, each given
 * the parts it needs; nothing finds another module through a registry.
 */
import type { AccessVerifiers } from './http/access.js';
import type { HealthCheck } from './health/types.js';
import type { Server } from './http/fastify.js';
import type { JobHandler } from './jobs/types.js';

export type RoutePlugin = (app: Server) => Promise<void>;

export interface Module {
  name: string;
  adminRoutes?: RoutePlugin[];
  publicRoutes?: RoutePlugin[];
  jobs?: Array<JobHandler<never>>;
  /** What `passerelle doctor` and Settings → Health check for this feature, in the order shown. */
  checks?: HealthCheck[];
  /** Verifiers of the access kinds this module's routes declare, per listener. */
  access?: { admin?: AccessVerifiers; public?: AccessVerifiers };
  /** Once both listeners are bound (main.ts); in composition order. */
  start?(): void | Promise<void>;
  /** Before the database closes; in reverse order. Never throws. */
  stop?(): void | Promise<void>;
}
