// The Markdown body as mdast: unified + remark-parse + remark-frontmatter, so body positions are
// file positions. One processor per process; parsing is the dominant cost of `check`.

import type { Root } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).freeze();

export function parseMarkdown(text: string): Root {
  return processor.parse(text);
}
