import { Type } from 'typebox';
import type { Server } from '../http/fastify.js';
import { publicUrlIssue } from '../http/public-url.js';
import { errorResponses } from '../http/schemas.js';
import type { Services } from '../services.js';
import { Brand, SettingsView } from './schemas.js';

export function settingsRoutes(services: Services) {
  const view = () => {
    const ports = services.urls.boundPorts();
    const publicUrl = services.urls.public();
    const issue = publicUrlIssue(publicUrl);
    return {
      brand: services.settings.brand(),
      server: {
        adminUrl: services.urls.admin(),
        publicUrl,
        publicUrlSource: services.urls.publicSource(),
        ...(issue ? { publicUrlIssue: issue } : {}),
        adminPort: ports.admin,
        publicPort: ports.public,
      },
    };
  };
  return async function (app: Server): Promise<void> {
    app.get('/api/settings', { config: { access: 'session' }, schema: { response: { 200: SettingsView, ...errorResponses } } }, async () => view());

    app.put(
      '/api/settings/brand',
      { config: { access: 'session' }, schema: { body: Brand, response: { 200: SettingsView, ...errorResponses } } },
      async (request) => {
        const b = request.body;
        // The registry validates each value again (website must be an http(s) URL or empty) and saves all or none.
        services.settings.setMany({
          'brand.name': b.name.trim(),
          'brand.primaryColor': b.primaryColor.toLowerCase(),
          'brand.defaultLocale': b.defaultLocale,
          'brand.website': b.website.trim(),
        });
        return view();
      },
    );
  };
}
