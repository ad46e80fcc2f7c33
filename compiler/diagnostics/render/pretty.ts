// The default, human renderer: `file:line:col`, severity, message and rule, then a code frame
// with a caret under the finding, the hint and the docs link. Colour only on a TTY.

import type { Diagnostic, Summary } from '../diagnostic.js';
import type { RenderOptions } from './types.js';

const MAX_FRAME_WIDTH = 120;

export function renderPretty(diagnostics: readonly Diagnostic[], summary: Summary, options: RenderOptions): string {
  const c = colours(options.color);
  const out: string[] = [];
  for (const d of diagnostics) {
    const sev = d.severity === 'error' ? c.red('error') : c.yellow('warning');
    out.push(`${c.bold(`${d.file}:${d.line}:${d.column}`)}  ${sev}  ${d.message}  ${c.dim(d.rule)}`);
    const source = options.source?.(d.file);
    if (source !== undefined) out.push(...frame(source, d, c));
    if (d.hint) out.push(`  ${c.cyan('hint:')} ${d.hint}`);
    out.push(`  ${c.dim(`docs: ${d.url}`)}`, '');
  }
  const { files, errors, warnings } = summary;
  const counts = `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
  const scope = `${files} runbook${files === 1 ? '' : 's'}`;
  out.push(errors + warnings === 0 ? c.green(`✓ ${scope} checked, no problems`) : `${errors ? c.red('✖') : c.yellow('!')} ${counts} in ${scope}`);
  return `${out.join('\n')}\n`;
}

function frame(source: string, d: Diagnostic, c: Colours): string[] {
  const lines = source.split(/\r\n?|\n/);
  const text = lines[d.line - 1];
  if (text === undefined) return [];
  const gutter = String(d.line).length;
  const start = Math.max(1, d.column);
  const end = d.endLine === d.line ? Math.max(start + 1, d.endColumn) : text.length + 1;
  // Long lines are shown as a window around the finding, so a 100 KB line cannot flood the terminal.
  let from = 0;
  if (text.length > MAX_FRAME_WIDTH) from = Math.max(0, Math.min(start - 1 - 20, text.length - MAX_FRAME_WIDTH));
  const shown = text.slice(from, from + MAX_FRAME_WIDTH);
  const prefix = from > 0 ? '…' : '';
  const suffix = from + MAX_FRAME_WIDTH < text.length ? '…' : '';
  const caretStart = start - 1 - from + prefix.length;
  const caretLen = Math.max(1, Math.min(end - start, shown.length - (start - 1 - from)));
  const pad = ' '.repeat(gutter);
  const before = lines[d.line - 2];
  const rows: string[] = [];
  if (before !== undefined && before.trim() !== '' && before.length <= MAX_FRAME_WIDTH) {
    rows.push(`  ${c.dim(`${String(d.line - 1).padStart(gutter)} |`)} ${before}`);
  }
  rows.push(`${c.red('>')} ${c.dim(`${String(d.line)} |`)} ${prefix}${shown.replace(/\t/g, ' ')}${suffix}`);
  rows.push(`  ${c.dim(`${pad} |`)} ${' '.repeat(Math.max(0, caretStart))}${c.red('^'.repeat(caretLen))}`);
  return rows;
}

type Colours = Record<'red' | 'yellow' | 'green' | 'cyan' | 'dim' | 'bold', (s: string) => string>;

function colours(on: boolean): Colours {
  const wrap = (open: number, close: number) => (s: string) => (on ? `\u001b[${open}m${s}\u001b[${close}m` : s);
  return { red: wrap(31, 39), yellow: wrap(33, 39), green: wrap(32, 39), cyan: wrap(36, 39), dim: wrap(2, 22), bold: wrap(1, 22) };
}
