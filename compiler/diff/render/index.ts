// The three output forms of `gatebook diff`.
import type { DiffOutput } from '../diff.js';
import { renderMarkdown } from './markdown.js';
import { renderPretty, type RenderOptions } from './pretty.js';

export const DIFF_FORMATS = ['pretty', 'markdown', 'json'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];
export type { RenderOptions } from './pretty.js';
export { MARKDOWN_MARKER } from './markdown.js';
export { groupItems, type Group } from './group.js';

export function renderDiff(format: DiffFormat, output: DiffOutput, options: RenderOptions): string {
  switch (format) {
    case 'json': return `${JSON.stringify(output.result, null, 2)}\n`;
    case 'markdown': return renderMarkdown(output, options);
    case 'pretty': return renderPretty(output, options);
  }
}
