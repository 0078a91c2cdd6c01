// Loads the site description the builder wrote (site.json next to package.json, or SITE_DATA) and renders Markdown
// with raw HTML escaped: page bodies come from a language model and must not inject markup or scripts.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
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

/** @returns {{domain:string, brand:string, language:string, description?:string, matomo?:{url:string, siteId:number}|null, googleSiteVerification?:string|null, pages:Array<{slug:string,title:string,metaDescription:string,bodyMarkdown:string,faq:Array<{question:string,answer:string}>}>}} */
export function loadSite() {
  if (!cached) {
    const file = resolve(process.env.SITE_DATA || 'site.json');
    cached = JSON.parse(readFileSync(file, 'utf8'));
    if (!Array.isArray(cached.pages)) {
      throw new Error(`${file}: "pages" must be an array`);
    }
  }
  return cached;
}

export function renderMarkdown(markdown) {
  return marked.parse(markdown ?? '');
}
