import { loadSites, siteUrl } from '../../lib/site.js';

export function getStaticPaths() {
  return loadSites().map((site) => ({ params: { domain: site.domain }, props: { site } }));
}

export function GET({ props: { site } }) {
  return new Response(`User-agent: *\nAllow: /\n\nSitemap: ${siteUrl(site, '/sitemap.xml')}\n`, { headers: { 'Content-Type': 'text/plain' } });
}
