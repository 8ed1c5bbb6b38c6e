import { api } from '../api';
import { Resource } from './resource.svelte';

/** What every design editor shares and the server states once: the placeholders and the images' recommended sizes. */
class DesignCatalog {
  readonly placeholders = new Resource(async (signal) => (await api.getPlaceholders(signal)).items);
  readonly imageRoles = new Resource(async (signal) => (await api.getImageRoles(signal)).items);

  /** Loads what is not loaded yet (or failed before). */
  ensure(): void {
    for (const resource of [this.placeholders, this.imageRoles]) {
      if (resource.data === undefined && !resource.loading) void resource.load();
    }
  }
}

export const designCatalog = new DesignCatalog();
