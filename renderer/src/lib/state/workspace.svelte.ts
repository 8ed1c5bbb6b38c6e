import { api } from '../api';
import type { AppleIdentity, Brand, ServerInfo, Settings } from '../contract';
import { handleError } from '../handle-error';

/** What every page shares once signed in: the brand (sidebar, accent colour) and a version to reload on. */
class Workspace {
  brand = $state.raw<Brand | null>(null);
  server = $state.raw<ServerInfo | null>(null);
  /** The Apple signing identity, for the expiry warning every page shows (30 days ahead). */
  apple = $state.raw<AppleIdentity | null>(null);
  /** Bumped when data changed underneath every page (demo loaded): pages reload when it changes. */
  version = $state(0);

  async loadSettings(): Promise<void> {
    try {
      const [settings, apple] = await Promise.all([api.getSettings(), api.getAppleIdentity()]);
      this.apply(settings);
      this.apple = apple;
    } catch (error) {
      handleError(error);
    }
  }

  apply(settings: Settings): void {
    this.brand = settings.brand;
    this.server = settings.server;
  }

  async refreshAll(): Promise<void> {
    this.version++;
    await this.loadSettings();
  }

  reset(): void {
    this.brand = null;
    this.server = null;
    this.apple = null;
  }
}

export const workspace = new Workspace();
