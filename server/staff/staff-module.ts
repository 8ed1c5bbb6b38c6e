/** Staff accounts (admin), their PIN login and the `staff` access kind (public listener). */
import type { Module } from '../module.js';
import type { Services } from '../services.js';
import { createStaffAuth, type StaffAuth } from './staff-auth.js';
import { createStaffRepository, type StaffRepository } from './staff-repository.js';
import { staffAdminRoutes, staffLoginRoutes } from './staff-routes.js';

export interface StaffParts {
  staff: StaffRepository;
  auth: StaffAuth;
}

const PURGE_EVERY_MS = 3_600_000;

export function createStaff(services: Services): { parts: StaffParts; module: Module } {
  const staff = createStaffRepository(services.db, services.now);
  const auth = createStaffAuth({ staff, now: services.now });
  let purger: NodeJS.Timeout | undefined;
  return {
    parts: { staff, auth },
    module: {
      name: 'staff',
      adminRoutes: [staffAdminRoutes(services, { staff })],
      publicRoutes: [staffLoginRoutes(services, { auth })],
      access: { public: { staff: auth.verifier() } },
      start() {
        staff.purgeExpired();
        purger = setInterval(() => staff.purgeExpired(), PURGE_EVERY_MS);
        purger.unref();
      },
      stop() {
        if (purger) clearInterval(purger);
      },
    },
  };
}
