// What `check` needs from a Markdown body, read straight off micromark's event stream: the
// top-level headings (depth, text, line) and every link (url, span). remark builds an mdast from
// the same events, but building it (every paragraph, list item and text node, each with its
// position) costs about as much again as tokenizing, and check reads almost none of it.
//
// The tokenizer is the one remark uses (micromark with the frontmatter extension, same options),
// so what is a heading or a link is decided exactly as before. This file only repeats how
// mdast-util-from-markdown turns those tokens into node fields and how mdast-util-to-string
// flattens a heading; test/outline.test.ts compares both paths on tricky and generated Markdown.

import { parse, postprocess, preprocess } from 'micromark';
import { frontmatter } from 'micromark-extension-frontmatter';
import { decodeString } from 'micromark-util-decode-string';
import type { Event, ParseContext, Token } from 'micromark-util-types';
import type { Span } from '../diagnostics/diagnostic.js';

export interface OutlineHeading {
  depth: number;
  /** As mdast-util-to-string gives it: text, inline code, HTML and image alt; not trimmed. */
  text: string;
  line: number;
}

export interface OutlineLink {
  url: string;
  span: Span;
}

export interface Outline {
  /** Headings that are children of the root (not inside a list or block quote), any depth. */
  headings: OutlineHeading[];
  /** Every mdast `link` (inline links with a destination, and autolinks), in document order.
   * Not reference links, and not links inside an image's alt text (mdast keeps only the text). */
  links: OutlineLink[];
  /** Last line of the frontmatter, when the Markdown parser recognised one. */
  frontmatterEndLine: number | undefined;
  /** At least the depth of the deepest node of the mdast tree remark would build. */
  depthBound: number;
}

const extensions = [frontmatter(['yaml'])];
let parser: ParseContext | undefined;

/** Where a body starts in its file, when the text given is only the body. */
export interface BodyStart {
  /** 1-based line and 0-based offset of the body's first character in the file. */
  line: number;
  offset: number;
  /** Last line of the frontmatter before it. */
  frontmatterEndLine: number;
}

/** micromark's events for `text`, as remark-parse + remark-frontmatter(['yaml']) get them. */
function markdownEvents(text: string, from: BodyStart | undefined): Event[] {
  parser ??= parse({ extensions });
  // A parser keeps per-document state in two fields: the definitions seen and which lines are
  // lazy. Resetting them, rather than making a new parser, skips combining the construct
  // tables for every document.
  parser.defined = [];
  parser.lazy = {};
  const tokenizer = parser.document(from && { line: from.line, column: 1, offset: from.offset });
  return postprocess(tokenizer.write(preprocess()(text, undefined, true)));
}

/** Token types whose text mdast-util-from-markdown appends to the current text node. */
const TEXT = new Set(['data', 'codeTextData', 'htmlTextData', 'characterEscapeValue', 'autolinkProtocol', 'autolinkEmail']);

interface OpenLink {
  image: boolean;
  /** Has a `(destination)`: without one, mdast makes it a linkReference / imageReference. */
  resource: boolean;
  url: string;
  /** Where its outline entry goes, or -1 for an image or anything in an image's label (mdast
   * keeps only the label's text, as the alt). Order is by start, as a tree walk finds links. */
  slot: number;
}

/**
 * The outline of a Markdown document, or of a body alone (`from`): micromark then starts at the
 * body's line. A frontmatter, even blanked, costs the tokenizer about as much as the body (an
 * attempt at the closing fence per line), and once the fence has closed it leaves no state behind
 * that the body's tokens depend on.
 */
export function outlineMarkdown(text: string, from?: BodyStart): Outline {
  const headings: OutlineHeading[] = [];
  const slots: Array<OutlineLink | undefined> = [];
  let frontmatterEndLine = from?.frontmatterEndLine;
  let depth = 0;
  let lists = 0;
  let containers = 0;
  let depthBound = from ? 1 : 0; // the frontmatter node itself
  let heading: OutlineHeading | undefined;
  // Inside a link's or image's `(destination "title")` or `[reference]`: not part of any text.
  let hidden = 0;
  let setextSlurp = false;
  let atHardBreak = false;
  let destination: OpenLink | undefined;
  const open: OpenLink[] = [];

  for (const [kind, token, context] of markdownEvents(text, from)) {
    const type: string = token.type;
    if (kind === 'enter') {
      depth++;
      switch (type) {
        case 'blockQuote':
          containers++;
          break;
        case 'listOrdered':
        case 'listUnordered':
          containers++;
          lists++; // mdast adds a listItem node that has no token of its own
          break;
        case 'atxHeading':
        case 'setextHeading':
          if (containers === 0) heading = { depth: 0, text: '', line: token.start.line };
          break;
        case 'resource':
          open[open.length - 1]!.resource = true;
          hidden++;
          break;
        case 'reference':
          hidden++;
          break;
        case 'resourceDestinationString':
          destination = open[open.length - 1];
          break;
        case 'link':
        case 'image':
        case 'autolink': {
          const image = type === 'image';
          const slot = image || open.some((o) => o.image) ? -1 : slots.push(undefined) - 1;
          open.push({ image, resource: type === 'autolink', url: '', slot });
          break;
        }
      }
      // mdast depth ≤ open tokens + open lists: every node sits inside its parent's token.
      if (depth + lists > depthBound) depthBound = depth + lists;
      continue;
    }

    depth--;
    if (TEXT.has(type)) {
      const value = context.sliceSerialize(token);
      if (heading && hidden === 0) heading.text += value;
      if (destination) destination.url += value;
      if (type === 'autolinkProtocol') open[open.length - 1]!.url = value;
      else if (type === 'autolinkEmail') open[open.length - 1]!.url = `mailto:${value}`;
      continue;
    }
    switch (type) {
      case 'characterReference': {
        const value = decodeString(context.sliceSerialize(token));
        if (heading && hidden === 0) heading.text += value;
        if (destination) destination.url += value;
        break;
      }
      case 'lineEnding':
        // A hard break swallows the line ending after it; after a setext heading's text the
        // line ending belongs to the underline; in a destination, title or reference it is not
        // text. Everywhere else in a heading it is kept, as mdast keeps it.
        if (atHardBreak) atHardBreak = false;
        else if (heading && hidden === 0 && !setextSlurp) heading.text += context.sliceSerialize(token);
        break;
      case 'hardBreakEscape':
      case 'hardBreakTrailing':
        atHardBreak = true;
        break;
      case 'atxHeadingSequence':
        if (heading && heading.depth === 0) heading.depth = context.sliceSerialize(token).length;
        break;
      case 'setextHeadingText':
        setextSlurp = true;
        break;
      case 'setextHeadingLineSequence':
        if (heading) heading.depth = context.sliceSerialize(token).codePointAt(0) === 61 ? 1 : 2;
        break;
      case 'atxHeading':
      case 'setextHeading':
        if (type === 'setextHeading') setextSlurp = false;
        if (heading && containers === 0) {
          headings.push(heading);
          heading = undefined;
        }
        break;
      case 'blockQuote':
        containers--;
        break;
      case 'listOrdered':
      case 'listUnordered':
        containers--;
        lists--;
        break;
      case 'resource':
      case 'reference':
        hidden--;
        break;
      case 'resourceDestinationString':
        destination = undefined;
        break;
      case 'link':
      case 'image':
      case 'autolink': {
        const link = open.pop()!;
        if (link.slot !== -1 && link.resource) slots[link.slot] = { url: link.url, span: spanOf(token) };
        break;
      }
      case 'yaml':
        if (containers === 0 && frontmatterEndLine === undefined) frontmatterEndLine = token.end.line;
        break;
    }
  }
  return { headings, links: slots.filter((l): l is OutlineLink => l !== undefined), frontmatterEndLine, depthBound };
}

function spanOf(token: Token): Span {
  return {
    start: { line: token.start.line, column: token.start.column },
    end: { line: token.end.line, column: token.end.column },
  };
}
