// Loads the sites the builder wrote (SITES_DATA: a JSON array of sites, one site object, or a directory of *.json
// files; default sites.json next to package.json) and renders Markdown with raw HTML escaped: page bodies come from a
// language model and must not inject markup or scripts. One build renders every listed site under dist/<domain>/, and a
// site's pages depend on nothing but its own entry, so a site built alone and in a batch gives the same bytes.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Marked } from 'marked';

const escapeHtml = (s) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

// The scheme of a URL as a browser would read it: entities decoded, control characters and whitespace removed.
const schemeOf = (url) => {
  const decoded = String(url ?? '')
    .replace(/&#x([0-9a-f]+);?/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);?/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&colon;/gi, ':')
    .replace(/[\u0000-\u0020\u007f-\u009f]/g, '')
    .toLowerCase();
  const m = /^([a-z][a-z0-9+.-]*):/.exec(decoded);
  return m ? m[1] : null; // null: a relative URL
};

/** Links: web, mail and relative URLs only (no javascript:, data:, vbscript:, file: ...). */
export const isSafeLink = (href) => ['http', 'https', 'mailto', null].includes(schemeOf(href));

/** Images: https or relative only (no http trackers or mixed content, no data: or script URLs). */
export const isSafeImage = (src) => ['https', null].includes(schemeOf(src));

const marked = new Marked({
  gfm: true,
  renderer: {
    html(token) {
      return escapeHtml(token.text ?? token.raw ?? '');
    },
    // Returning false keeps marked's own rendering; an unsafe URL loses its link (the text stays) or its image (the alt
    // text stays), since page bodies come from a model and a prompt can be injected through a site brief.
    link(token) {
      return isSafeLink(token.href) ? false : this.parser.parseInline(token.tokens);
    },
    image(token) {
      return isSafeImage(token.href) ? false : escapeHtml(token.text ?? '');
    },
  },
});

let cached;

// A domain becomes a folder name and a URL host: lower-case labels of letters, digits and hyphens only.
const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/;

function readSites(path) {
  const file = resolve(path);
  if (statSync(file).isDirectory()) {
    return readdirSync(file)
      .filter((name) => name.endsWith('.json'))
      .sort()
      .flatMap((name) => readSites(join(file, name)));
  }

  const data = JSON.parse(readFileSync(file, 'utf8'));
  return (Array.isArray(data) ? data : [data]).map((site, i) => {
    const where = `${file}${Array.isArray(data) ? `[${i}]` : ''}`;
    if (typeof site?.domain !== 'string' || !DOMAIN.test(site.domain)) {
      throw new Error(`${where}: "domain" must be a lower-case domain name`);
    }
    if (!Array.isArray(site.pages)) {
      throw new Error(`${where} (${site.domain}): "pages" must be an array`);
    }
    return site;
  });
}

/** @returns {Array<{domain:string, brand:string, language:string, description?:string, matomo?:{url:string, siteId:number}|null, googleSiteVerification?:string|null, pages:Array<{slug:string,title:string,metaDescription:string,bodyMarkdown:string,faq:Array<{question:string,answer:string}>}>}>} */
export function loadSites() {
  if (!cached) {
    const sites = readSites(process.env.SITES_DATA || 'sites.json');
    const seen = new Set();
    for (const site of sites) {
      if (seen.has(site.domain)) {
        throw new Error(`${site.domain} is listed twice`);
      }
      seen.add(site.domain);
    }
    cached = sites;
  }
  return cached;
}

/** The absolute URL of a root-relative path on the site's own domain (canonical links, sitemap, robots.txt). */
export const siteUrl = (site, path) => new URL(path, `https://${site.domain}/`).href;

export function renderMarkdown(markdown) {
  return marked.parse(markdown ?? '');
}
