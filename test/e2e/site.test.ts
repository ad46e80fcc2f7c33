/// <reference lib="dom" />
// The responder site in real Chromium: search, the "What the AI may do here" card, the `/`
// shortcut, no console errors, no accessibility violations, no requests leaving the machine.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteData } from '../../compiler/publish/types.js';
import { axe, launch, open, screenshot, type Problems, type Session } from './browser.js';
import { serve, type Served } from './server.js';
import { ROOT } from './site.js';

const DIST = join(ROOT, 'dist');
let served: Served;
let browser: Browser;
let data: SiteData;
const sessions: Session[] = [];

function htmlPages(dir = DIST): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'pagefind' || name === '_astro' ? [] : htmlPages(path);
    if (!name.endsWith('.html')) return [];
    const rel = `/${relative(DIST, path).split('\\').join('/')}`;
    return [rel.endsWith('/index.html') ? rel.slice(0, -'index.html'.length) : rel];
  }).sort();
}

async function session(options: Parameters<typeof open>[1] = {}): Promise<Session> {
  const s = await open(browser, options);
  sessions.push(s);
  return s;
}

function expectClean(p: Problems): void {
  expect(p.external, 'requests that left the machine').toEqual([]);
  expect(p.pageErrors, 'uncaught exceptions').toEqual([]);
  expect(p.consoleErrors, 'console errors').toEqual([]);
  expect(p.dialogs, 'dialogs').toEqual([]);
}

beforeAll(async () => {
  data = JSON.parse(readFileSync(join(ROOT, '.gatebook', 'site-data.json'), 'utf8')) as SiteData;
  served = await serve(DIST);
  browser = await launch();
});

afterAll(async () => {
  for (const s of sessions) await s.context.close().catch(() => undefined);
  await browser?.close();
  await served?.close();
});

const runbook = (id: string) => data.runbooks.find((r) => r.id === id)!;

describe('home and search', () => {
  it('focuses the search box on load', async () => {
    const { page, problems } = await session();
    await page.goto(`${served.url}/`);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q');
    await screenshot(page, 'home-light', false);
    expectClean(problems);
  });

  it('finds a runbook by a symptom word from its body, showing its title and the matching action', async () => {
    const { page, problems } = await session();
    await page.goto(`${served.url}/`);
    await page.locator('#q').fill('OOMKilled');
    const first = page.locator('[data-search-results] > li').first();
    await first.waitFor();
    await expect.poll(() => first.locator('a.title').textContent()).toBe(runbook('cost-rightsizing').title);
    expect(await first.locator('a.title').getAttribute('href')).toBe('/runbooks/cost-rightsizing/');

    // A word in an action: the result names the action and shows its gate.
    await page.locator('#q').fill('replicas');
    const scaleOut = page.locator('[data-search-results] a[href="/runbooks/checkout-scale-out/#scale-out"]');
    await scaleOut.waitFor();
    expect(await scaleOut.textContent()).toBe(runbook('checkout-scale-out').actions.find((a) => a.id === 'scale-out')!.title);
    expect(await scaleOut.locator('xpath=following-sibling::span[contains(@class,"gate")]').first().textContent()).toBe('Acts on its own');
    await screenshot(page, 'search-results', false);
    expectClean(problems);
  });

  it('filters by gate, service, owner, category and actor', async () => {
    const { page, problems } = await session();
    const titles = async () => {
      await page.locator('[data-search-status]').filter({ hasText: /found|No runbook/ }).waitFor();
      return (await page.locator('[data-search-results] a.title').allTextContents()).sort();
    };
    const expected = (key: keyof SiteData['runbooks'][number]['filters'], value: string) =>
      data.runbooks.filter((r) => r.filters[key].includes(value)).map((r) => r.title).sort();

    await page.goto(`${served.url}/search/?gate=change-board`);
    expect(await titles()).toEqual(expected('gate', 'change-board'));

    await page.goto(`${served.url}/search/`);
    await page.selectOption('select[name="service"]', 'checkout-api');
    expect(await titles()).toEqual(expected('service', 'checkout-api'));
    expect(page.url()).toContain('service=checkout-api');

    for (const [key, value] of [['owner', runbook('cost-rightsizing').owner.name], ['category', 'database'], ['actor', 'Ops Copilot']] as const) {
      await page.goto(`${served.url}/search/?${key}=${encodeURIComponent(value)}`);
      expect(await titles(), `${key}=${value}`).toEqual(expected(key, value));
    }

    // Text and a filter together.
    await page.goto(`${served.url}/search/?q=rollback&service=orders-db`);
    const both = await titles();
    expect(both.length).toBeGreaterThan(0);
    for (const t of both) expect(expected('service', 'orders-db')).toContain(t);
    expectClean(problems);
  });

  it('answers within seconds whether the AI may scale checkout-api on its own', async () => {
    const { page, problems } = await session();
    await page.goto(`${served.url}/`);
    await page.keyboard.type('checkout latency');
    await page.locator('[data-search-results] a.title', { hasText: 'Scale out checkout-api' }).click();
    await page.waitForURL(/\/runbooks\/checkout-scale-out\/$/);
    const row = page.locator('.gate-table tr', { hasText: 'Add replicas' });
    expect(await row.locator('.gate').textContent()).toBe('Acts on its own');
    const box = await row.boundingBox();
    expect(box!.y + box!.height).toBeLessThan(900); // above the fold, no scrolling
    expectClean(problems);
  });
});

describe('runbook pages', () => {
  it('show every action with its gate in the "What the AI may do here" card', async () => {
    const { page, problems } = await session();
    for (const r of data.runbooks) {
      await page.goto(`${served.url}/runbooks/${r.id}/`);
      const card = page.locator('.ai-card');
      expect(await card.locator('h2').first().textContent()).toBe('What the AI may do here');
      for (const a of r.actions) {
        const section = card.locator(`section.action:has(h3[id="${a.id}"])`);
        expect(await section.locator('.action-gate .gate').textContent(), `${r.id}#${a.id}`).toBe(a.gateText);
        expect(await section.locator('.action-gate .gate').getAttribute('class')).toBe(`gate gate-${a.gate}`);
        expect(await card.locator('.gate-table tr', { has: page.locator(`a[href="#${a.id}"]`) }).locator('.gate').textContent()).toBe(a.gateText);
      }
    }
    expectClean(problems);
  });

  it('scroll an action into view from its anchor', async () => {
    const { page, problems } = await session();
    await page.goto(`${served.url}/runbooks/checkout-scale-in/#scale-in`);
    const heading = page.locator('h3[id="scale-in"]');
    expect(await heading.isVisible()).toBe(true);
    const box = await heading.boundingBox();
    expect(box!.y).toBeLessThan(200);
    expectClean(problems);
  });

  it('take screenshots in light and dark mode, and print', async () => {
    const light = await session({ colorScheme: 'light' });
    await light.page.goto(`${served.url}/runbooks/checkout-scale-out/`);
    await screenshot(light.page, 'runbook-light');
    const dark = await session({ colorScheme: 'dark' });
    await dark.page.goto(`${served.url}/runbooks/checkout-scale-out/`);
    expect(await dark.page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(15, 18, 22)');
    await screenshot(dark.page, 'runbook-dark');
    await dark.page.emulateMedia({ media: 'print', colorScheme: 'light' });
    expect(await dark.page.locator('.site-header').isVisible()).toBe(false);
    await screenshot(dark.page, 'runbook-print');
    expectClean(light.problems);
    expectClean(dark.problems);
  });

  it('fit a phone screen without sideways scrolling', async () => {
    const { page, problems } = await session({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
    for (const path of ['/', '/runbooks/checkout-scale-out/', '/gates/', '/actors/', '/language/']) {
      await page.goto(`${served.url}${path}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
    await page.goto(`${served.url}/runbooks/checkout-scale-out/`);
    await screenshot(page, 'runbook-phone', false);
    expectClean(problems);
  });

  it('are readable without JavaScript', async () => {
    const { page, problems } = await session({ javaScriptEnabled: false });
    await page.goto(`${served.url}/runbooks/checkout-scale-out/`);
    expect(await page.locator('section.action:has(h3[id="scale-out"]) .action-gate').textContent()).toContain('Acts on its own');
    expect(await page.locator('.chain li').count()).toBe(runbook('checkout-scale-out').escalation.chain.length);
    await page.goto(`${served.url}/gates/`);
    expect(await page.locator('#matrix tbody tr').count()).toBe(data.matrix.length);
    expectClean(problems);
  });
});

describe('keyboard', () => {
  it('`/` focuses search from any page, but types a slash inside a field', async () => {
    const { page, problems } = await session();
    await page.goto(`${served.url}/runbooks/checkout-scale-out/`);
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('header-q');
    await page.keyboard.type('a/b');
    expect(await page.locator('#header-q').inputValue()).toBe('a/b');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\/\?q=a%2Fb/);

    await page.goto(`${served.url}/`);
    await page.locator('h1').click();
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q');
    expectClean(problems);
  });

  it('starts with a skip link to the content', async () => {
    const { page, problems } = await session();
    await page.goto(`${served.url}/gates/`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    // Following the link is a same-document navigation the page does after the key press returns:
    // wait for it (it times out if it never happens) rather than read the URL at once.
    await page.waitForURL(/#main$/, { timeout: 5000 });
    expect(page.url()).toMatch(/#main$/);
    await page.waitForFunction(() => document.activeElement?.id === 'main', undefined, { timeout: 5000 }).catch(() => undefined);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    expectClean(problems);
  });

  it('sorts and filters the gates matrix', async () => {
    const { page, problems } = await session();
    await page.goto(`${served.url}/gates/`);
    await page.locator('form[data-table-tools] select[name="gate"]').selectOption('approve');
    const visible = page.locator('#matrix tbody tr:not([hidden])');
    expect(await visible.count()).toBe(data.matrix.filter((r) => r.gate === 'approve').length);
    await page.locator('form[data-table-tools] select[name="gate"]').selectOption('');
    const blast = page.locator('#matrix thead th', { hasText: 'Blast radius' });
    await blast.locator('button').click();
    await blast.locator('button').click(); // descending: critical first
    expect(await blast.getAttribute('aria-sort')).toBe('descending');
    expect((await page.locator('#matrix tbody tr').first().locator('td').nth(3).textContent())?.trim()).toMatch(/^critical/);
    expectClean(problems);
  });
});

describe('every page', () => {
  it('loads with no console errors, no uncaught exceptions and nothing fetched from elsewhere', async () => {
    const { page, problems } = await session();
    const paths = htmlPages();
    expect(paths.length).toBeGreaterThan(40);
    for (const path of paths) {
      const response = await page.goto(`${served.url}${path}`);
      expect(response?.status(), path).toBe(200);
    }
    const missing = await page.goto(`${served.url}/runbooks/no-such-runbook/`);
    expect(missing?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('Page not found');
    expect(problems.external).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
  });

  it('has no accessibility violations reported by axe-core, in light and dark mode', async () => {
    const paths = ['/', '/search/?q=scale', '/runbooks/', '/runbooks/checkout-scale-out/', '/runbooks/incident-summary-assistant/', '/actors/', '/gates/', '/owners/', '/approvals/', '/services/', '/rules/', '/rules/danger-zone-gate/', '/rules/schema/', '/language/', '/downloads/', '/404.html'];
    const found: string[] = [];
    for (const colorScheme of ['light', 'dark'] as const) {
      const { page, problems } = await session({ colorScheme });
      for (const path of paths) {
        await page.goto(`${served.url}${path}`);
        if (path.startsWith('/search/')) await page.locator('[data-search-results] > li').first().waitFor();
        for (const v of await axe(page)) found.push(`${colorScheme} ${path}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
      }
      expectClean(problems);
    }
    expect(found).toEqual([]);
  });
});
