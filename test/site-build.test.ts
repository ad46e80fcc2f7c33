// The built site, as HTML on disk: the example runbooks go through the same chain as
// `npm run build` (build → publish → astro → pagefind → schemas) into a temporary directory.

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ERRORS } from '../compiler/cli/errors.js';
import { CATALOG } from '../compiler/diagnostics/catalog.js';
import type { SiteData } from '../compiler/publish/types.js';
import { RULES } from '../compiler/rules/registry.js';
import { buildSite } from './e2e/site.js';
import { requireCompiledCli } from './build-cli-helpers.js';

let work: string;
let site: string;
let data: SiteData;
const pages = new Map<string, string>(); // site path (/runbooks/x/) → HTML

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const decode = (s: string) => s.replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16))).replace(/&amp;/g, '&').replace(/&quot;/g, '"');
const ids = (html: string) => [...html.matchAll(/\sid="([^"]*)"/g)].map((m) => decode(m[1]!));
const urls = (html: string) => [...html.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((m) => decode(m[1]!));

/** The file a site path is served from (directories serve index.html). */
function fileFor(path: string): string {
  const clean = decodeURIComponent(path.split('#')[0]!.split('?')[0]!);
  return join(site, clean.endsWith('/') ? `${clean}index.html` : clean);
}

beforeAll(() => {
  requireCompiledCli();
  work = mkdtempSync(join(tmpdir(), 'gatebook-site-'));
  site = join(work, 'site');
  const dataFile = join(work, 'site-data.json');
  buildSite({ paths: ['runbooks'], outDir: site, dataFile });
  data = JSON.parse(readFileSync(dataFile, 'utf8')) as SiteData;
  for (const file of walk(site).filter((f) => f.endsWith('.html'))) {
    const rel = `/${relative(site, file).split('\\').join('/')}`;
    pages.set(rel.endsWith('/index.html') ? rel.slice(0, -'index.html'.length) : rel, readFileSync(file, 'utf8'));
  }
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the built site', () => {
  it('has a page for every runbook, with every action anchored in the "What the AI may do here" card', () => {
    expect(data.runbooks.length).toBe(12);
    for (const r of data.runbooks) {
      const html = pages.get(`/runbooks/${r.id}/`);
      expect(html, r.id).toBeDefined();
      const card = html!.slice(html!.indexOf(`id="${r.sections.ai}"`), html!.indexOf(`id="${r.sections.escalation}"`));
      for (const a of r.actions) {
        expect(card, `${r.id}#${a.id}`).toContain(`id="${a.id}"`);
        expect(card).toContain(`>${a.gateText.replace(/&/g, '&amp;')}<`);
      }
      for (const id of [r.sections.ai, r.sections.escalation, r.sections.procedure, r.sections.approval]) expect(ids(html!)).toContain(id);
      for (const h of r.body.headings) expect(ids(html!)).toContain(h.id);
    }
  });

  it('has the section order a responder needs: card, escalation, procedure, approval', () => {
    for (const r of data.runbooks) {
      const html = pages.get(`/runbooks/${r.id}/`)!;
      const at = (id: string) => html.indexOf(`id="${id}"`);
      const s = r.sections;
      expect(at(s.ai)).toBeGreaterThan(0);
      expect(at(s.ai)).toBeLessThan(at(s.escalation));
      expect(at(s.escalation)).toBeLessThan(at(s.procedure));
      expect(at(s.procedure)).toBeLessThan(at(s.approval));
    }
  });

  it('never repeats an id on a page (every anchor is unambiguous)', () => {
    for (const [path, html] of pages) {
      const all = ids(html);
      expect(all.filter((id, i) => all.indexOf(id) !== i), path).toEqual([]);
    }
  });

  it('has no broken internal links or anchors', () => {
    const broken: string[] = [];
    for (const [path, html] of pages) {
      for (const url of urls(html)) {
        if (/^(?:https?:|mailto:|tel:|data:)/i.test(url)) continue;
        const [target = '', fragment] = url.split('#');
        const resolved = target === '' ? path : new URL(target, `http://site${path}`).pathname;
        const file = fileFor(resolved);
        if (!existsSync(file)) {
          broken.push(`${path} → ${url}`);
          continue;
        }
        if (fragment && file.endsWith('.html')) {
          const targetHtml = target === '' ? html : readFileSync(file, 'utf8');
          if (!ids(targetHtml).includes(decodeURIComponent(fragment))) broken.push(`${path} → ${url} (no such anchor)`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('runs no script from runbook content: only the site\'s own module scripts', () => {
    for (const [path, html] of pages) {
      for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
        expect(m[1], path).toMatch(/type="module"/);
        expect(m[2], path).not.toMatch(/alert|document\.cookie|eval\(/);
      }
      expect(html, path).not.toMatch(/\son(?:error|load|click|mouseover|toggle)=/i);
      expect(html, path).not.toMatch(/(?:href|src)="\s*javascript:/i);
    }
  });

  it('keeps every runbook page under 100 KB (HTML, CSS and JS; search excluded)', () => {
    for (const r of data.runbooks) {
      const html = pages.get(`/runbooks/${r.id}/`)!;
      const assets = new Set(
        [...html.matchAll(/(?:href|src)="(\/_astro\/[^"]+\.(?:css|js))"/g), ...html.matchAll(/from\s*"(\/_astro\/[^"]+\.js)"|import\s*"(\/_astro\/[^"]+\.js)"/g)]
          .map((m) => m[1] ?? m[2]!)
          .filter(Boolean),
      );
      const bytes = Buffer.byteLength(html) + [...assets].reduce((n, a) => n + statSync(fileFor(a)).size, 0);
      expect(bytes, r.id).toBeLessThan(100 * 1024);
      expect(html).not.toMatch(/https?:\/\/(?!gatebook\.dev|github\.com)[^"\s]*\.(?:css|js|woff2?)/); // nothing fetched from elsewhere
    }
  });

  it('has a page for every rule and catalog code, where diagnostics link', () => {
    for (const rule of RULES) {
      expect(rule.meta.url).toBe(`https://gatebook.dev/rules/${rule.meta.id}/`);
      expect(pages.has(`/rules/${rule.meta.id}/`), rule.meta.id).toBe(true);
    }
    for (const code of Object.keys(CATALOG)) expect(pages.has(`/rules/${code}/`), code).toBe(true);
    // And every command-line error, where the CLI's `docs:` line points.
    for (const code of Object.keys(CLI_ERRORS)) expect(pages.get(`/rules/${code}/`) ?? '', code).toContain('command-line error');
  });

  it('has the inventory, matrix, owners, approvals, language and downloads pages', () => {
    const actors = pages.get('/actors/')!;
    for (const a of data.actors) {
      expect(actors).toContain(`id="${a.id}"`);
      for (const p of a.pins) expect(actors).toContain(`${p.model.name}@${p.model.version}`);
    }
    expect((pages.get('/gates/')!.match(/<tr data-gate=/g) ?? []).length).toBe(data.matrix.length);
    for (const path of ['/', '/search/', '/runbooks/', '/services/', '/owners/', '/approvals/', '/rules/', '/language/', '/downloads/', '/404.html']) {
      expect(pages.has(path), path).toBe(true);
    }
    expect(pages.get('/language/')).toContain('id="actions-gate"');
  });

  it('lists runbooks by id on /runbooks/ and by expiry on /approvals/ (pages share one list; neither reorders it)', () => {
    const order = (path: string) => [...new Set([...pages.get(path)!.matchAll(/href="\/runbooks\/([^/"#]+)\/"/g)].map((m) => m[1]!))];
    const byId = data.runbooks.map((r) => r.id).sort();
    const byExpiry = [...data.runbooks].sort((a, b) => a.approval.expiresOn.localeCompare(b.approval.expiresOn) || a.id.localeCompare(b.id)).map((r) => r.id);
    expect(byExpiry).not.toEqual(byId); // the examples expire on different days: the two orders differ
    expect(order('/runbooks/')).toEqual(byId);
    expect(order('/approvals/')).toEqual(byExpiry);
  });

  it('serves the bundle, the OPA bundle and the schemas at stable URLs, and a search index', () => {
    for (const f of ['bundle/bundle.json', 'bundle/gatebook.tar.gz', 'schemas/runbook.schema.json', 'schemas/bundle.schema.json', 'pagefind/pagefind.js']) {
      expect(existsSync(join(site, f)), f).toBe(true);
    }
    const served = JSON.parse(readFileSync(join(site, 'bundle', 'bundle.json'), 'utf8')) as { digest: string };
    expect(served.digest).toBe(data.bundle.digest);
    expect(pages.get('/downloads/')).toContain(data.bundle.digest);
  });

  it('is one language, one h1 per page, and readable without JavaScript', () => {
    for (const [path, html] of pages) {
      expect(html, path).toMatch(/<html lang="en">/);
      expect((html.match(/<h1\b/g) ?? []).length, path).toBe(1);
    }
    // The gate of every action is in the HTML itself, not added by a script.
    expect(pages.get('/runbooks/checkout-scale-out/')).toMatch(/class="gate gate-autonomous"[^>]*>Acts on its own</);
  });
});
