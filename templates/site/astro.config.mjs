// Static build of one Website Factory site. The builder writes site.json (content read from Directus) and sets
// SITE_URL; nothing here reaches the network at build time.
import { defineConfig } from 'astro/config';

export default defineConfig({
  site: process.env.SITE_URL || 'https://example.com',
  output: 'static',
  trailingSlash: 'ignore',
  build: { format: 'directory' },
  // Astro's dev toolbar and telemetry are irrelevant for unattended builds (ASTRO_TELEMETRY_DISABLED=1 is also set).
  devToolbar: { enabled: false },
});
