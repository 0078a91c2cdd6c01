// Static build of one or many Website Factory sites in one run. The builder writes the sites' content (SITES_DATA: a
// JSON array of sites, one site object, or a directory of *.json files, each read from Directus by .NET); every site's
// pages land under dist/<domain>/. Nothing here reaches the network at build time, and nothing reads a global site
// URL: canonical URLs, the sitemap and robots.txt take each site's own domain.
import { defineConfig } from 'astro/config';

export default defineConfig({
  output: 'static',
  trailingSlash: 'ignore',
  // CSS inlined into every page, so each site's folder is self-contained (no shared _astro/ assets to copy around).
  build: { format: 'directory', inlineStylesheets: 'always' },
  // Astro's dev toolbar and telemetry are irrelevant for unattended builds (ASTRO_TELEMETRY_DISABLED=1 is also set).
  devToolbar: { enabled: false },
  // Vite's cache in the build's own folder: node_modules is a symlink to the cache every build shares, and two builds
  // re-optimizing dependencies there at once collided (ENOTEMPTY renaming deps_temp; one site of 500 failed its build).
  vite: { cacheDir: '.vite' },
});
