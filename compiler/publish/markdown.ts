// Runbook bodies (untrusted Markdown) → sanitized HTML for the site:
//   remark-parse (+ GFM tables when available) → remark-rehype (raw HTML dropped)
//   → rehype-sanitize (GitHub's schema: no scripts, handlers, iframes, javascript:/data: URLs)
//   → our own pass: headings demoted under the page's sections, given stable ids (github-slugger),
//     links to other runbooks rewritten to their pages, remote images turned into links
//   → rehype-stringify.
// Everything our pass adds is built from sanitized text, so nothing unsafe can re-enter.

import type { Element, ElementContent, Root as HastRoot, RootContent } from 'hast';
import GithubSlugger from 'github-slugger';
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified, type Pluggable } from 'unified';
import { posix } from 'node:path';

export interface Heading {
  depth: number;
  text: string;
  id: string;
}

export interface RenderedMarkdown {
  html: string;
  headings: Heading[];
}

export interface LinkContext {
  /** The runbook's path (cwd-relative, forward slashes), to resolve relative links against. */
  file: string;
  /** Runbook file path → runbook id, for rewriting `./other.md` to `/runbooks/other/`. */
  runbookIds: ReadonlyMap<string, string>;
  /** Web view of a repository file, for relative links to files that are not runbooks. */
  fileUrl?: (path: string) => string;
}

export interface BodyOptions extends LinkContext {
  /** Ids the page already uses (action anchors, section ids): headings never take them. */
  reservedIds?: readonly string[];
  /** Drop a leading `# Title` (the page shows the title itself). Default true. */
  dropTitle?: boolean;
  /** Headings are shifted down by this many levels (h2 → h3 under the page's own h2). Default 1. */
  shift?: number;
}

/** GitHub's schema, minus images' and links' non-web protocols; ids are prefixed (no DOM clobbering). */
const SCHEMA: SanitizeSchema = {
  ...defaultSchema,
  protocols: {
    ...defaultSchema.protocols,
    href: ['http', 'https', 'mailto'],
    src: ['http', 'https'],
    cite: ['http', 'https'],
    longDesc: ['http', 'https'],
  },
};

/** remark-gfm (tables, strikethrough, autolinks) when installed; plain CommonMark otherwise. */
export async function loadGfm(): Promise<Pluggable | undefined> {
  const name = 'remark-gfm';
  try {
    const mod = (await import(name)) as { default: Pluggable };
    return mod.default;
  } catch {
    return undefined;
  }
}

export class MarkdownRenderer {
  private readonly gfm: Pluggable | undefined;

  constructor(options: { gfm?: Pluggable } = {}) {
    this.gfm = options.gfm;
  }

  /** Renders a runbook body. */
  body(markdown: string, options: BodyOptions): RenderedMarkdown {
    const headings: Heading[] = [];
    const tree = this.toSanitizedHast(markdown);
    finishTree(tree, options, headings);
    return { html: stringify(tree), headings };
  }

  /** Renders a short Markdown text (a rule's description, a message) with no headings of its own. */
  block(markdown: string): string {
    const tree = this.toSanitizedHast(markdown);
    finishTree(tree, { file: '', runbookIds: new Map(), dropTitle: false, shift: 2 }, []);
    return stringify(tree);
  }

  /** Renders one line of Markdown without the wrapping paragraph. */
  inline(markdown: string): string {
    const html = this.block(markdown).trim();
    const m = /^<p>([\s\S]*)<\/p>$/.exec(html);
    return m && !m[1]!.includes('<p>') ? m[1]! : html;
  }

  private toSanitizedHast(markdown: string): HastRoot {
    const processor = unified().use(remarkParse);
    if (this.gfm) processor.use([this.gfm]);
    const mdast = processor.parse(markdown);
    const transformed = processor.runSync(mdast);
    const toHast = unified()
      .use(remarkRehype, { allowDangerousHtml: false, clobberPrefix: '' })
      .use(rehypeSanitize, SCHEMA);
    return toHast.runSync(transformed as never) as HastRoot;
  }
}

function stringify(tree: HastRoot): string {
  return unified().use(rehypeStringify).stringify(tree);
}

const HEADING = /^h([1-6])$/;

function finishTree(tree: HastRoot, options: BodyOptions, headings: Heading[]): void {
  const slugger = new GithubSlugger();
  for (const id of options.reservedIds ?? []) slugger.slug(id);
  const shift = options.shift ?? 1;

  if (options.dropTitle ?? true) {
    const first = tree.children.findIndex((n) => !(n.type === 'text' && n.value.trim() === ''));
    const node = tree.children[first];
    if (node && node.type === 'element' && node.tagName === 'h1') tree.children.splice(first, 1);
  }

  const ids = new Set<string>();
  collectIds(tree, ids);

  tree.children = mapChildren(tree.children, (el) => {
    const h = HEADING.exec(el.tagName);
    if (h) {
      const depth = Math.min(6, Number(h[1]) + shift);
      const text = textOf(el).trim();
      const id = slugger.slug(text || 'section');
      headings.push({ depth, text, id });
      // The heading's text becomes a link to itself: a stable address to paste into a channel.
      return [{ type: 'element', tagName: `h${depth}`, properties: { id }, children: [{ type: 'element', tagName: 'a', properties: { href: `#${id}`, className: ['anchor'] }, children: withoutLinks(el.children) }] }];
    }
    if (el.tagName === 'a') return rewriteLink(el, options, ids);
    if (el.tagName === 'img') return imageAsLink(el);
    if (el.tagName === 'input') {
      const checked = el.properties?.checked === true;
      return [{ type: 'text', value: checked ? '☑ ' : '☐ ' }];
    }
    return [el];
  });
}

/** Applies `fn` to every element, depth first (children first); `fn` returns the replacement nodes. */
function mapChildren<T extends RootContent | ElementContent>(children: T[], fn: (el: Element) => ElementContent[]): T[] {
  const out: T[] = [];
  for (const child of children) {
    if (child.type === 'element') {
      child.children = mapChildren(child.children, fn);
      out.push(...(fn(child) as T[]));
    } else {
      out.push(child);
    }
  }
  return out;
}

/** A link cannot contain a link: keeps the words of links inside a heading. */
function withoutLinks(children: ElementContent[]): ElementContent[] {
  return children.flatMap((c) => (c.type === 'element' && c.tagName === 'a' ? withoutLinks(c.children) : [c]));
}

function collectIds(node: HastRoot | Element, ids: Set<string>): void {
  for (const child of node.children) {
    if (child.type !== 'element') continue;
    const id = child.properties?.id;
    if (typeof id === 'string') ids.add(id);
    collectIds(child, ids);
  }
}

function textOf(node: Element | ElementContent): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element') return node.children.map(textOf).join('');
  return '';
}

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** Relative links: runbooks → their page; other repository files → the repository's web view, or plain text. */
function rewriteLink(a: Element, ctx: LinkContext, ids: ReadonlySet<string>): ElementContent[] {
  const href = typeof a.properties?.href === 'string' ? a.properties.href : undefined;
  if (href === undefined) return a.children; // sanitize removed an unsafe URL: keep the text only
  if (href.startsWith('#')) {
    // Footnote references point at ids that sanitize prefixed.
    const target = decodeURIComponent(href.slice(1));
    if (!ids.has(target) && ids.has(`user-content-${target}`)) a.properties.href = `#user-content-${target}`;
    return [a];
  }
  if (SCHEME.test(href) || href.startsWith('//')) return [a];

  const hashAt = href.indexOf('#');
  const pathPart = hashAt === -1 ? href : href.slice(0, hashAt);
  const hash = hashAt === -1 ? '' : href.slice(hashAt);
  const queryAt = pathPart.indexOf('?');
  const rawPath = queryAt === -1 ? pathPart : pathPart.slice(0, queryAt);
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return a.children;
  }
  const resolved = posix.normalize(decoded.startsWith('/') ? decoded.slice(1) : posix.join(posix.dirname(ctx.file), decoded));
  const id = ctx.runbookIds.get(resolved);
  if (id !== undefined) {
    a.properties.href = `/runbooks/${id}/${hash}`;
    return [a];
  }
  if (ctx.fileUrl && !resolved.startsWith('..')) {
    a.properties.href = ctx.fileUrl(resolved) + hash;
    return [a];
  }
  return a.children; // nowhere on the site to point at: keep the words, drop the broken link
}

/** The site fetches nothing from elsewhere: a remote image becomes a link to it. */
function imageAsLink(img: Element): ElementContent[] {
  const src = typeof img.properties?.src === 'string' ? img.properties.src : undefined;
  const alt = typeof img.properties?.alt === 'string' && img.properties.alt.trim() ? img.properties.alt.trim() : 'image';
  if (src && /^https?:/i.test(src)) {
    return [{ type: 'element', tagName: 'a', properties: { href: src }, children: [{ type: 'text', value: `Image: ${alt}` }] }];
  }
  return [{ type: 'text', value: `[${alt}]` }];
}
