// The publish stage: runbook bodies to sanitized HTML, links, headings, gates in plain words,
// and the site data built from the example runbooks.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { grantViews } from '../compiler/bundle/view.js';
import type { Bundle, Grant } from '../compiler/bundle/types.js';
import { checkProject } from '../compiler/check/check.js';
import { compile } from '../compiler/compile/compile.js';
import { CLI_ERRORS } from '../compiler/cli/errors.js';
import { CATALOG } from '../compiler/diagnostics/catalog.js';
import { GATES } from '../compiler/language/runbook.js';
import { splitFrontmatter } from '../compiler/parse/frontmatter.js';
import { loadGfm, MarkdownRenderer } from '../compiler/publish/markdown.js';
import { publishSiteData } from '../compiler/publish/publish.js';
import { sectionIds } from '../compiler/publish/runbook.js';
import type { SiteData } from '../compiler/publish/types.js';
import { conditionWords, duration, envelopeLines, gateWords, outsideWords } from '../compiler/publish/words.js';
import { RULES } from '../compiler/rules/registry.js';
import { ROOT } from './helpers/cli.js';

const TODAY = '2026-11-21';
const md = new MarkdownRenderer();
const ctx = { file: 'runbooks/a.md', runbookIds: new Map([['runbooks/other.md', 'other-runbook'], ['runbooks/sub/deep.md', 'deep']]) };
const body = (text: string, extra: Partial<Parameters<MarkdownRenderer['body']>[1]> = {}) => md.body(text, { ...ctx, ...extra }).html;

describe('body sanitization', () => {
  const corpus = [
    '<script>alert(1)</script>',
    '<img src="x" onerror="alert(1)">',
    '<iframe src="https://evil.example"></iframe>',
    '<svg onload="alert(1)"></svg>',
    '<a href="javascript:alert(1)">x</a>',
    '[x](javascript:alert(1))',
    '[x](JaVaScRiPt:alert(1))',
    '[x](jav&#x61;script:alert(1))',
    '[x](data:text/html;base64,PHNjcmlwdD4=)',
    '[x](vbscript:msgbox(1))',
    '<javascript:alert(1)>',
    '![x](javascript:alert(1))',
    '<details open ontoggle="alert(1)"><summary>x</summary></details>',
    '<style>body{}</style>',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<object data="x"></object><embed src="x">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="https://evil.example/">',
  ];

  it.each(corpus)('renders %s without anything executable', (payload) => {
    const html = body(`# T\n\nBefore ${payload} after\n\n${payload}\n`);
    expect(html).not.toMatch(/<(script|iframe|svg|object|embed|style|form|meta|base|details)\b/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).not.toMatch(/(?:href|src|action|data)="\s*(?:javascript|vbscript|data):/i);
  });

  it('keeps code that shows HTML as text', () => {
    const html = body('```html\n<script>alert(1)</script>\n```\n\nInline `<img onerror=x>`.\n');
    expect(html).toContain('&#x3C;script>alert(1)&#x3C;/script>');
    expect(html).toContain('<code>&#x3C;img onerror=x></code>');
  });

  it('escapes a link title that tries to break out of its attribute', () => {
    const html = body('[t](https://example.com "\\" onmouseover=\\"alert(1)")\n');
    expect(html).toContain('href="https://example.com"');
    expect(html).not.toMatch(/" onmouseover=/);
  });

  it('turns remote images into links and fetches nothing', () => {
    const html = body('![pixel](https://evil.example/p.png) ![local](./p.png)\n');
    expect(html).not.toContain('<img');
    expect(html).toContain('<a href="https://evil.example/p.png">Image: pixel</a>');
    expect(html).toContain('[local]');
  });
});

describe('links', () => {
  it('rewrites relative links to runbooks to their pages, keeping the fragment', () => {
    const html = body('[o](./other.md) [r](other.md#rollback) [d](sub/deep.md) [u](../runbooks/other.md)\n');
    expect(html).toContain('<a href="/runbooks/other-runbook/">o</a>');
    expect(html).toContain('<a href="/runbooks/other-runbook/#rollback">r</a>');
    expect(html).toContain('<a href="/runbooks/deep/">d</a>');
    expect(html).toContain('<a href="/runbooks/other-runbook/">u</a>');
  });

  it('points other repository files at the repository when it is known, else keeps only the words', () => {
    expect(body('[notes](./notes.txt) [gone](./missing.md)\n')).toContain('<p>notes gone</p>');
    const withRepo = body('[notes](./notes.txt#L3)\n', { fileUrl: (p) => `https://git.example/org/repo/blob/main/${p}` });
    expect(withRepo).toContain('<a href="https://git.example/org/repo/blob/main/runbooks/notes.txt#L3">notes</a>');
  });

  it('keeps web and mail links and in-page anchors', () => {
    const html = body('[w](https://example.com/x?a=1&b=2) [m](mailto:a@example.com) [s](#steps)\n');
    expect(html).toContain('href="https://example.com/x?a=1&#x26;b=2"');
    expect(html).toContain('href="mailto:a@example.com"');
    expect(html).toContain('href="#steps"');
  });
});

describe('headings', () => {
  it('drops the leading title, shifts levels under the page sections and gives stable ids', () => {
    const r = md.body('# Title\n\n## Steps\n\n### Check it\n\n## Steps\n', ctx);
    expect(r.html).not.toContain('<h1');
    expect(r.headings).toEqual([
      { depth: 3, text: 'Steps', id: 'steps' },
      { depth: 4, text: 'Check it', id: 'check-it' },
      { depth: 3, text: 'Steps', id: 'steps-1' },
    ]);
    expect(r.html).toContain('<h3 id="steps"><a href="#steps" class="anchor">Steps</a></h3>');
  });

  it('never reuses an id the page needs (actions, sections)', () => {
    const r = md.body('## Scale out\n\n## Procedure\n', { ...ctx, reservedIds: ['scale-out', 'procedure'] });
    expect(r.headings.map((h) => h.id)).toEqual(['scale-out-1', 'procedure-1']);
  });

  it('keeps a link inside a heading as words (no link inside a link)', () => {
    expect(body('## See [other](./other.md)\n')).toBe('<h3 id="see-other"><a href="#see-other" class="anchor">See other</a></h3>');
  });

  it('moves section anchors aside when an action has taken them', () => {
    expect(sectionIds(['procedure', 'scale-out']).procedure).toBe('procedure-section');
    expect(sectionIds(['scale-out']).procedure).toBe('procedure');
  });
});

describe('GitHub-flavoured Markdown', () => {
  it('renders tables when remark-gfm is available', async () => {
    const gfm = await loadGfm();
    expect(gfm).toBeDefined();
    const html = new MarkdownRenderer({ gfm: gfm! }).body('| a | b |\n|---|---|\n| 1 | <script>x</script> |\n', ctx).html;
    expect(html).toContain('<table>');
    expect(html).not.toContain('<script');
  });
});

describe('plain words', () => {
  const contact = (name: string) => ({ id: name.toLowerCase().replace(/\W+/g, '-'), name, kind: 'person' as const });
  const g = (over: Partial<Grant>): Pick<Grant, 'gate' | 'aiRole' | 'veto' | 'approval'> => ({ gate: 'autonomous', aiRole: 'execute', ...over });

  it('says what each gate lets the AI do', () => {
    expect(gateWords(g({ gate: 'autonomous' })).text).toBe('Acts on its own');
    expect(gateWords(g({ gate: 'notify', veto: { windowSeconds: 600, notify: [contact('Checkout on-call')] } })).text).toBe('Acts unless vetoed within 10 min');
    expect(gateWords(g({ gate: 'notify', veto: { windowSeconds: 600, notify: [contact('Checkout on-call')] } })).human).toBe('Can veto within 10 min: Checkout on-call');
    const approval = { approvers: [contact('Priya Raman'), contact('Platform Engineering')], count: 1, justification: true, onTimeout: 'deny' as const, timeoutSeconds: 1800 };
    expect(gateWords(g({ gate: 'approve', aiRole: 'recommend', approval })).text).toBe('Needs approval from Priya Raman or Platform Engineering');
    expect(gateWords(g({ gate: 'approve', approval })).detail).toBe(
      'Blocked until Priya Raman or Platform Engineering approves, with a written justification. Without an answer within 30 min it is denied.',
    );
    expect(gateWords(g({ gate: 'approve', approval: { ...approval, approvers: [...approval.approvers, contact('Lee Okafor')], count: 2 } })).text).toBe(
      'Needs approval from 2 of Priya Raman, Platform Engineering and Lee Okafor',
    );
    expect(gateWords(g({ gate: 'human-executes', aiRole: 'draft' })).text).toBe('A human performs it');
    expect(gateWords(g({ gate: 'human-executes', aiRole: 'prohibited' })).detail).toBe('The AI takes no part; a person does it.');
    expect(gateWords(g({ gate: 'change-board', aiRole: 'recommend' })).text).toBe('Needs the change board');
  });

  it('has words for every gate', () => {
    for (const gate of GATES) expect(gateWords(g({ gate })).text.length).toBeGreaterThan(5);
  });

  it('writes durations the way people say them', () => {
    expect(duration(30)).toBe('30 s');
    expect(duration(600)).toBe('10 min');
    expect(duration(5400)).toBe('1 h 30 min');
    expect(duration(7200)).toBe('2 h');
    expect(duration(86400)).toBe('1 day');
    expect(duration(90 * 86400)).toBe('90 days');
  });

  it('describes rollback conditions, envelopes and what happens outside them', () => {
    const signals = new Map([['p95', { name: 'p95 latency', unit: 'ms' }], ['err', { name: '5xx ratio', unit: 'ratio' }]]);
    expect(conditionWords({ id: 'a', signal: 'p95', when: 'rises-by', threshold: 0.2, intervals: 2, intervalSeconds: 60 }, signals)).toBe(
      'p95 latency rises by 20 % for 2 consecutive 1 min intervals',
    );
    expect(conditionWords({ id: 'b', signal: 'err', when: 'above', threshold: 0.02, intervals: 1, intervalSeconds: 300 }, signals)).toBe('5xx ratio above 0.02 for 5 min');
    const envelope = { numeric: { replicas: { min: 6, max: 48, maxStep: 8 } }, sets: { region: ['eu-west-1'] }, cooldownSeconds: 180, outside: 'approve' as const, farOutsideMargin: 0.5 };
    expect(envelopeLines(envelope)).toEqual(['replicas: between 6 and 48, at most 8 per step', 'Regions: eu-west-1', 'At least 3 min between changes']);
    expect(outsideWords(envelope)).toBe('Outside these bounds it needs approval; more than 50 % past a limit is denied and escalated.');
    expect(outsideWords({ numeric: {}, sets: {}, outside: 'approve', farOutsideMargin: 0.5 })).toBeUndefined();
  });
});

describe('publishSiteData over the example runbooks', () => {
  let data: SiteData;
  let bundle: Bundle;

  beforeAll(async () => {
    const result = await checkProject({ paths: ['runbooks'], cwd: ROOT, today: TODAY, jobs: 1, keepRunbooks: true });
    expect(result.summary.errors).toBe(0);
    bundle = compile(result.runbooks, { revision: null });
    const bodies = new Map(result.runbooks.map((r) => {
      const text = readFileSync(join(ROOT, r.file), 'utf8');
      const split = splitFrontmatter(r.file, text);
      if (!split.ok) throw new Error(r.file);
      return [r.file, text.slice(split.frontmatter.yamlOffset + split.frontmatter.yaml.length).replace(/^[^\n]*\n/, '')];
    }));
    const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'runbook.schema.json'), 'utf8')) as Record<string, unknown>;
    const gfm = await loadGfm();
    data = publishSiteData(result.runbooks, bundle, { bodies, schema, today: TODAY, ...(gfm ? { gfm } : {}), sourceUrl: 'https://github.com/example/gatebook' });
  });

  it('has every runbook, each action with the gate the bundle enforces', () => {
    expect(data.runbooks.map((r) => r.id)).toEqual(Object.keys(bundle.runbooks).sort());
    for (const r of data.runbooks) {
      for (const a of r.actions) {
        const grants = Object.values(grantViews(bundle)).filter((g) => g.runbook === r.id && g.action === a.id);
        expect(grants.length).toBeGreaterThan(0);
        expect(a.gate).toBe(grants[0]!.gate);
        expect(a.gateText).toBe(gateWords(grants[0]!).text);
        expect(new Set(a.actors.map((x) => x.id))).toEqual(new Set(grants.map((g) => g.actor)));
      }
      expect(r.escalation.chain.length).toBeGreaterThan(0);
      expect(r.body.html).not.toMatch(/<script|\son[a-z]+=|javascript:/i);
    }
  });

  it('shows the resolved policy: defaults filled in', () => {
    const scaleOut = data.runbooks.find((r) => r.id === 'checkout-scale-out')!.actions.find((a) => a.id === 'scale-out')!;
    expect(scaleOut.gateText).toBe('Acts on its own');
    expect(scaleOut.envelope[0]).toBe('replicas: between 6 and 48, at most 8 per step');
    expect(scaleOut.rollback?.triggers).toEqual(['checkout-api 5xx ratio above 0.02 for 3 consecutive 1 min intervals']);
    expect(scaleOut.outside).toMatch(/needs approval/);
  });

  it('links sources to the repository and rewrites links between runbooks', () => {
    const r = data.runbooks.find((x) => x.id === 'checkout-scale-out')!;
    expect(r.source.url).toBe('https://github.com/example/gatebook/blob/main/runbooks/checkout-scale-out.md');
    expect(r.body.html).toContain('href="/runbooks/postgres-parameter-tuning/"');
    expect(r.body.html).not.toMatch(/href="[^"]*\.md"/);
  });

  it('lists every actor with its owner, pins and every decision class it holds', () => {
    expect(data.actors.map((a) => a.id)).toEqual(Object.keys(bundle.actors).sort());
    const holds = data.actors.reduce((n, a) => n + a.holds.length, 0);
    const pairs = new Set(Object.values(grantViews(bundle)).map((g) => `${g.actor}|${g.runbook}|${g.action}`));
    expect(holds).toBe(pairs.size);
    expect(data.matrix.length).toBe(data.runbooks.reduce((n, r) => n + r.actions.length, 0));
  });

  it('documents every rule and catalog code, and the language from the schema', () => {
    expect(data.rules.map((r) => r.id)).toEqual(RULES.map((r) => r.meta.id));
    for (const r of data.rules) expect(r.examples.diagnostics.length).toBeGreaterThan(0);
    expect(data.catalog.filter((c) => c.scope === 'file').map((c) => c.id).sort()).toEqual(Object.keys(CATALOG).sort());
    expect(data.catalog.filter((c) => c.scope === 'cli').map((c) => c.id).sort()).toEqual(Object.keys(CLI_ERRORS).sort());
    const gate = data.language.entries.find((e) => e.path === 'actions[].gate')!;
    expect(gate.values).toEqual([...GATES]);
    expect(gate.required).toBe(true);
    expect(data.language.entries.find((e) => e.path === 'actions[].veto')!.constraints.join(' ')).toContain('Required when <code>gate</code> is <code>notify</code>');
    expect(data.language.types.map((t) => t.name)).toContain('duration');
  });

  it('keeps frontmatter strings as plain text (the site escapes them)', () => {
    const r = data.runbooks[0]!;
    expect(typeof r.title).toBe('string');
    expect(r.title).not.toContain('&lt;');
  });
});
