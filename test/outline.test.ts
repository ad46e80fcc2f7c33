// The body outline (headings and links read off micromark's events) must be exactly what the
// mdast path gives: remark-parse + remark-frontmatter, mdast-util-to-string for heading text,
// and a walk over every `link` node. The mdast path stays available (parseMarkdown), so the two
// are compared on tricky Markdown and on generated Markdown.
import fc from 'fast-check';
import type { Nodes, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { describe, expect, it, vi } from 'vitest';
import { checkFile } from '../compiler/check/check-file.js';
import { BASE_BODY, BASE_FRONTMATTER, EXAMPLE_TODAY } from '../compiler/rules/examples/base.js';
import { deepestNode, parseMarkdown } from '../compiler/parse/markdown.js';
import { outlineMarkdown, type Outline } from '../compiler/parse/outline.js';
import { splitFrontmatter } from '../compiler/parse/frontmatter.js';
import { blankFrontmatter, outlineOf, parseRunbook, parseRunbookOutline } from '../compiler/parse/parse.js';
import { FILE_RULES } from '../compiler/rules/registry.js';
import type { FileRuleContext } from '../compiler/rules/types.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

/** The outline as the mdast path gives it. */
function viaMdast(text: string): Omit<Outline, 'depthBound'> {
  const root = parseMarkdown(text);
  const links: Outline['links'] = [];
  const visit = (node: Nodes) => {
    if (node.type === 'link') {
      const p = node.position!;
      links.push({ url: node.url, span: { start: { line: p.start.line, column: p.start.column }, end: { line: p.end.line, column: p.end.column } } });
    }
    if ('children' in node) for (const c of node.children) visit(c as Nodes);
  };
  visit(root);
  return {
    headings: root.children.flatMap((n) => (n.type === 'heading' ? [{ depth: n.depth, text: toString(n), line: n.position!.start.line }] : [])),
    links,
    frontmatterEndLine: root.children.find((n) => n.type === 'yaml')?.position?.end.line,
  };
}

function treeDepth(root: Root): number {
  const stack: Array<[{ children?: unknown[] }, number]> = [[root, 0]];
  let max = 0;
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    max = Math.max(max, depth);
    for (const c of node.children ?? []) stack.push([c as { children?: unknown[] }, depth + 1]);
  }
  return max;
}

/** Both ways check can get an outline agree with the mdast path: the whole text, and (when it
 * has frontmatter) the body alone, as parseRunbookOutline does. */
function expectSame(text: string): Outline {
  const outline = outlineMarkdown(text);
  const { depthBound, ...rest } = outline;
  expect(rest, JSON.stringify(text)).toEqual(viaMdast(text));
  expect(depthBound, JSON.stringify(text)).toBeGreaterThanOrEqual(treeDepth(parseMarkdown(text)));
  const split = splitFrontmatter('a.md', text);
  if (split.ok) {
    const blanked = blankFrontmatter(text, split.frontmatter);
    const { depthBound: bound, ...fromBody } = outlineOf({ text, frontmatter: split.frontmatter });
    expect(fromBody, JSON.stringify(text)).toEqual(viaMdast(blanked));
    expect(bound, JSON.stringify(text)).toBeGreaterThanOrEqual(treeDepth(parseMarkdown(blanked)));
  }
  return outline;
}

const TRICKY: Record<string, string> = {
  'frontmatter, blanked': '---\n\n\n---\n# Title\n\n## Steps\n',
  'frontmatter': '---\nid: a\n# not a heading\n[x](y.md)\n---\n# Title\n\n## Steps\n',
  'frontmatter, nothing after it': '---\nid: a\n---',
  'frontmatter, empty': '---\n---\nSteps\n---\n',
  'frontmatter, then a setext underline or fence': '---\na: 1\n---\n===\n```\n# in code\n',
  'frontmatter, then lazy-looking lines': '---\na: 1\n---\n    code\n> quote\nlazy\n',
  'no frontmatter': '# Title\n\n## Rollback\n',
  'frontmatter fence with trailing spaces': '---  \n\n---\t\n## Steps\n',
  'opening fence with a no-break space': '---\u00a0\n---\n## Steps\n',
  'empty document': '',
  'fenced code': '```md\n# not a heading\n[x](a.md)\n```\n~~~\n## nor this\n~~~\n## Steps\n',
  'unclosed fence': '## Before\n```\n# inside\n[x](a.md)\n',
  'indented code': '    # code\n    [x](a.md)\n\n## After\n',
  'setext headings': 'Steps\n=====\n\nRoll *back*\nplan\n---\n\nA  \nhard break\n---\n\nB\\\nescaped break\n===\n',
  'setext with trailing space and code': 'Roll `back\nnow` here \n---\n',
  'atx decorations': '#   Steps   ###\n## Roll\\#back ##\n###### six\n####### seven\n#no\n##\n',
  'inline code and html in headings': '## `kubectl` <kbd>Ctrl</kbd> &amp; &#35; &#x41; &copy; \\* x\n',
  'emphasis and strong': '## *Roll* **back** _a_ __b__ ***c***\n',
  'images in headings': '## ![alt *em* `c`](i.png) and ![ref][r] ![[x](l.md)](i.png)\n\n[r]: i.png\n',
  'links in headings': '## [Steps](./steps.md "t") [ref][r] [r] [r][] <http://x.y> <a@b.co>\n\n[r]: ./r.md\n',
  'reference links': '[full][d] [collapsed][] [d] [undefined][nope] [nope]\n\n[d]: ./d.md "title"\n[collapsed]: ./c.md\n',
  'inline links': '[a](b.md) [c](<d e.md>) [f]() [g](h.md#x) [i](j.md?q) [k](http://l.md) [m](/n.md) [o](#p)\n',
  'escapes and references in urls': '[a](b\\_c.md) [d](e&amp;f.md) [g](%20h.md) [i](j&#46;md)\n',
  'nested links and images': '[![img](i.png)](a.md) ![[in alt](b.md)](c.png) [a [b](c.md)](d.md) [<http://x>](e.md)\n',
  'links spanning lines': '[a\nb](c.md "t\nu") and [d\n][e]\n\n[e]: f.md\n',
  'links in containers': '- [a](a.md)\n  - > [b](b.md)\n\n> ## Not top level\n> [c](c.md)\n\n1. ## Nor this\n',
  'lazy continuation': '> # q\nlazy [x](x.md)\n- item\ncontinued\n---\n',
  'html blocks': '<div>\n# no\n[x](x.md)\n</div>\n\n<!-- [y](y.md) -->\n## Yes\n',
  'thematic break vs setext': 'a\n\n---\n\n***\n- - -\n',
  'tabs and CR-free lines': '#\tTab heading\n\t[x](x.md)\n',
  'unicode': '## Étapes ☕ 😀\n[é](é.md)\n',
  'tables stay paragraphs (no gfm)': '| a | [b](b.md) |\n|---|---|\n',
  'definition-looking headings': '## [x]: y.md\n',
};

describe('outlineMarkdown matches the mdast path', () => {
  for (const [name, text] of Object.entries(TRICKY)) {
    it(name, () => {
      expectSame(text);
    });
  }

  it('the example runbook', () => {
    const outline = expectSame(`---\n${BASE_FRONTMATTER.replace(/[^\n]/g, '')}---\n${BASE_BODY}`);
    expect(outline.headings.map((h) => h.text)).toContain('Steps');
  });

  // Fragments that change what the parser sees when put side by side, in any order.
  const PIECES = [
    '#', '##', '# ', '### ', '=', '===', '-', '---', '- ', '* ', '1. ', '> ', '  ', '    ', '\t', '\n', '\n\n',
    '```', '~~~', '`', '``', '*', '**', '_', '\\', '&amp;', '&#65;', '&bogus;', '<', '>', '<b>', '</b>', '<!--', '-->',
    '[', ']', '(', ')', '![', '](', '][', '[]', '"', "'", '<http://x.y>', '<a@b.c>', 'a.md', './b.md', '../c.md#s',
    'd.md?q', 'http://e.md', '[r]', '[r]: ./r.md', '\n[r]: r.md\n', 'Steps', 'Rollback', 'text', ' ', 'é', '😀',
  ];
  const markdown = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((parts) => parts.join(''));

  it('on generated Markdown', () => {
    fc.assert(fc.property(markdown, fc.boolean(), (body, withFrontmatter) => {
      expectSame(withFrontmatter ? `---\n\n---\n${body}` : body);
    }), { numRuns: RUNS });
  }, 60_000);

  it('on generated Markdown after generated frontmatter', () => {
    const fence = fc.constantFrom('---', '--- ', '---\t', '---  \t', '---\u00a0', '---\v', '----', ' ---');
    const yamlish = fc.array(fc.constantFrom('a: 1', '# c', '- x', '[x](y.md)', '', '  ', '---x', '...', 'Steps', '==='), { maxLength: 5 });
    fc.assert(fc.property(fence, yamlish, fence, fc.constantFrom('\n', ''), markdown, (open, lines, close, eol, body) => {
      expectSame(`${open}\n${lines.map((l) => `${l}\n`).join('')}${close}${eol}${body}`);
    }), { numRuns: RUNS });
  }, 60_000);

  it('on generated Markdown around a link or heading', () => {
    const link = fc.tuple(fc.constantFrom('[', '!['), markdown, fc.constantFrom('](', '][', ']'), markdown, fc.constantFrom(')', ']', ''));
    fc.assert(fc.property(markdown, link, fc.constantFrom('', '# ', '## ', '\n===\n', '> ', '- '), (before, parts, lead) => {
      expectSame(`${lead}${before}${parts.join('')}\n\n[r]: ./r.md\n`);
    }), { numRuns: RUNS });
  }, 60_000);
});

describe('parseRunbookOutline agrees with parseRunbook', () => {
  const VALID = `---\n${BASE_FRONTMATTER}---\n${BASE_BODY}`;
  const cases: Record<string, string> = {
    valid: VALID,
    'emphasis nested past the tree budget': `${VALID}\nIntro ${'*a '.repeat(300)}x${' b*'.repeat(300)}\n`,
    'links nested in emphasis, deep but within budget': `${VALID}\n${'*a '.repeat(100)}[x](x.md)${' b*'.repeat(100)}\n`,
    'block quotes past the nesting budget': `${VALID}\n${'>'.repeat(100)} deep\n`,
  };
  for (const [name, text] of Object.entries(cases)) {
    it(name, () => {
      const bytes = Buffer.from(text);
      const full = parseRunbook('a.md', bytes);
      const outlined = parseRunbookOutline('a.md', bytes);
      expect(outlined.ok).toBe(full.ok);
      if (!full.ok && !outlined.ok) expect(outlined.diagnostics).toEqual(full.diagnostics);
      if (full.ok && outlined.ok) {
        expect(deepestNode(full.document.markdown)).toBeUndefined();
        expect(outlined.document.data).toEqual(full.document.data);
      }
    });
  }

  it('a rule that reads ctx.markdown gets the full tree, built on demand', () => {
    const rule = FILE_RULES[0]!;
    const seen: FileRuleContext[] = [];
    const spy = vi.spyOn(rule, 'check').mockImplementation((ctx) => {
      seen.push(ctx);
    });
    try {
      const outcome = checkFile('a.md', Buffer.from(VALID), { today: EXAMPLE_TODAY, keepRunbook: true });
      expect(outcome.diagnostics).toEqual([]);
    } finally {
      spy.mockRestore();
    }
    const parsed = parseRunbook('a.md', Buffer.from(VALID));
    expect(parsed.ok && seen[0]!.markdown).toEqual(parsed.ok && parsed.document.markdown);
    expect(seen[0]!.outline.headings.map((h) => h.text)).toEqual(expect.arrayContaining(['Steps', 'Rollback']));
  });
});
