/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// A runbook full of XSS payloads (test/fixtures/site/xss/), in its frontmatter strings and its
// body, built into its own site: opening every page, searching and hovering runs nothing.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, open, screenshot, type Session } from './browser.js';
import { serve, type Served } from './server.js';

let site: string;
let served: Served;
let browser: Browser;
let s: Session;

function htmlPages(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'pagefind' || name === '_astro' ? [] : htmlPages(path);
    if (!name.endsWith('.html')) return [];
    const rel = `/${relative(site, path).split('\\').join('/')}`;
    return [rel.endsWith('/index.html') ? rel.slice(0, -'index.html'.length) : rel];
  });
}

/** Everything in the DOM that could run code or load something. */
async function dangerous(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    for (const el of document.querySelectorAll('*')) {
      for (const attr of el.getAttributeNames()) {
        if (/^on/i.test(attr)) found.push(`<${el.localName} ${attr}>`);
        const own = el.matches('link[rel="icon"][href="data:,"]'); // the site's own empty favicon
        if (!own && /^(?:href|src|action|formaction|data|xlink:href)$/i.test(attr) && /^\s*(?:javascript|vbscript|data):/i.test(el.getAttribute(attr) ?? '')) {
          found.push(`<${el.localName} ${attr}="${el.getAttribute(attr)}">`);
        }
      }
    }
    // The site's own forms are search and table filters; anything else came from content.
    for (const el of document.querySelectorAll('iframe, object, embed, frame, svg, math, form:not([role="search"]):not([data-table-tools]), base, meta[http-equiv], style:not(head style), link[rel="import"]')) {
      found.push(`<${el.localName}>`);
    }
    for (const script of document.querySelectorAll('script')) {
      if (script.type !== 'module' || /alert|fetch\(|evil/.test(script.textContent ?? '')) found.push(`<script> ${script.outerHTML.slice(0, 80)}`);
    }
    return found;
  });
}

beforeAll(async () => {
  site = inject('xssSite');
  served = await serve(site);
  browser = await launch();
  s = await open(browser);
});

afterAll(async () => {
  await s?.context.close();
  await browser?.close();
  await served?.close();
});

describe('the XSS corpus', () => {
  it('executes nothing on any page and leaves nothing executable in the DOM', async () => {
    const paths = htmlPages(site);
    expect(paths).toContain('/runbooks/xss-corpus/');
    for (const path of paths) {
      await s.page.goto(`${served.url}${path}`);
      expect(await dangerous(s.page), path).toEqual([]);
    }
    expect(s.problems.dialogs).toEqual([]);
    expect(s.problems.external).toEqual([]);
    expect(s.problems.pageErrors).toEqual([]);
  });

  it('shows frontmatter strings as text, exactly as written', async () => {
    await s.page.goto(`${served.url}/runbooks/xss-corpus/`);
    expect(await s.page.locator('h1').textContent()).toBe("Scale out <script>alert('title')</script> xss-api");
    expect(await s.page.title()).toBe("Scale out <script>alert('title')</script> xss-api · Gatebook");
    expect(await s.page.locator('.summary').first().textContent()).toContain(`"><img src=x onerror=alert('summary')>`);
    expect(await s.page.locator('h3[id="scale-out"]').textContent()).toBe("Add replicas <img src=x onerror=alert('action')>");
    expect(await s.page.locator('.chain').textContent()).toContain("On-call <iframe src=javascript:alert('contact')>");
    const html = readFileSync(join(site, 'runbooks', 'xss-corpus', 'index.html'), 'utf8');
    // Outside attribute values (where `<` is just a character), no payload survives as markup.
    const markup = html.replace(/="[^"]*"/g, '=""');
    expect(markup).not.toMatch(/<(?:img|iframe|svg|object|embed|base)\b/i);
    expect(markup).not.toMatch(/<[a-z][^<>]*\son[a-z]+=/i);
    expect(markup).not.toMatch(/<script\b[^>]*>[^<]*alert/i);
    await screenshot(s.page, 'xss-runbook');
  });

  it('hovering and following every link in the procedure runs nothing', async () => {
    await s.page.goto(`${served.url}/runbooks/xss-corpus/`);
    const links = s.page.locator('.prose a');
    for (let i = 0; i < (await links.count()); i++) {
      const href = (await links.nth(i).getAttribute('href')) ?? '';
      expect(href, `link ${i}`).toMatch(/^(?:https?:|mailto:|#|\/)/);
      await links.nth(i).hover();
    }
    expect(s.problems.dialogs).toEqual([]);
  });

  it('search and its results run nothing, even with a payload in the address', async () => {
    await s.page.goto(`${served.url}/search/?q=${encodeURIComponent("<img src=x onerror=alert('q')>")}`);
    await s.page.locator('[data-search-status]').filter({ hasText: /found|No runbook/ }).waitFor();
    await s.page.locator('#q').fill('script alert');
    await s.page.locator('[data-search-results] > li').first().waitFor();
    expect(await s.page.locator('[data-search-results] a.title').first().textContent()).toBe("Scale out <script>alert('title')</script> xss-api");
    expect(await dangerous(s.page)).toEqual([]);
    await s.page.locator('#q').fill('onerror');
    await s.page.locator('[data-search-results] > li').first().waitFor();
    expect(await dangerous(s.page)).toEqual([]);
    expect(s.problems.dialogs).toEqual([]);
    expect(s.problems.external).toEqual([]);
    expect(s.problems.pageErrors).toEqual([]);
  });
});
