// Loads the site description the builder wrote (site.json next to package.json, or SITE_DATA) and renders Markdown
// with raw HTML escaped: page bodies come from a language model and must not inject markup or scripts.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Marked } from 'marked';

const escapeHtml = (s) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

const marked = new Marked({
  gfm: true,
  renderer: {
    html(token) {
      return escapeHtml(token.text ?? token.raw ?? '');
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
