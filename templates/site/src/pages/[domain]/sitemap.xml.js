import { loadSites, siteUrl } from '../../lib/site.js';

const xmlEscape = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]);

export function getStaticPaths() {
  return loadSites().map((site) => ({ params: { domain: site.domain }, props: { site } }));
}

export function GET({ props: { site } }) {
  const urls = ['/', ...site.pages.map((p) => `/${p.slug}/`)].map((path) => siteUrl(site, path));
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' +
    urls.map((u) => `  <url><loc>${xmlEscape(u)}</loc></url>`).join('\n') +
    '\n</urlset>\n';
  return new Response(body, { headers: { 'Content-Type': 'application/xml' } });
}
