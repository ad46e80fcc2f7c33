// The terminal form: the two sides, then each class with one line per change (file:line, the
// sentence, the field's old and new value), then who must approve.

import type { DiffOutput } from '../diff.js';
import type { ChangeClass, DiffResult, SideInfo } from '../types.js';
import { CLASSES } from '../types.js';
import { personText, valueText } from '../wording.js';
import { CLASS_TITLES, groupItems, type Group } from './group.js';

export interface RenderOptions {
  color: boolean;
  /** --require-approval-from-owner: name the owner for each widened change, flag approvals left unrenewed. */
  requireOwnerApproval: boolean;
  /** A URL for a file and line (markdown only), or null. */
  link?: ((file: string, line: number | null) => string | null) | null;
}

const CODES = { bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], cyan: [36, 39] } as const;
type Style = keyof typeof CODES;

export function sideText(s: SideInfo): string {
  switch (s.kind) {
    case 'git': return `${s.spec} (git ${s.revision?.slice(0, 12)}, ${s.runbooks}/)`;
    case 'directory': return `${s.spec} (directory)`;
    case 'bundle': return `${s.spec} (bundle ${s.digest.slice(0, 19)}…)`;
  }
}

/** The one-line verdict, counting changes as people see them (grouped), not per grant. */
export function headline(r: DiffResult, groups: readonly Group[]): string {
  const n = (cls: ChangeClass) => groups.filter((g) => g.class === cls).length;
  const parts = `${n('widened')} widened, ${n('narrowed')} narrowed, ${n('governance')} ownership/approval, ${n('neutral')} neutral`;
  return r.summary.widened > 0 ? `Authority widened: ${parts}.` : groups.length > 0 ? `No authority widened: ${parts}.` : 'No changes to what the AI may do.';
}

/** `old → new` for the value line, or null when the values are long or say nothing the sentence does not. */
export function valueLine(g: Group): string | null {
  const { field, before, after, kind } = g.lead;
  if (!field || (before === null && after === null) || SENTENCE_ONLY.has(kind)) return null;
  const b = valueText(field, before);
  const a = valueText(field, after);
  return b.length > 80 || a.length > 80 ? null : `${b} → ${a}`;
}

const SENTENCE_ONLY = new Set(['body', 'grant-added', 'grant-removed', 'runbook-added', 'runbook-removed', 'contacts', 'wording']);

export function renderPretty(output: DiffOutput, options: RenderOptions): string {
  const r = output.result;
  const paint = (style: Style, text: string) => (options.color ? `\u001b[${CODES[style][0]}m${text}\u001b[${CODES[style][1]}m` : text);
  const classStyle: Record<ChangeClass, Style> = { widened: 'red', narrowed: 'green', governance: 'yellow', neutral: 'dim' };
  const lines: string[] = [];
  lines.push(`${paint('bold', 'gatebook diff')}  ${sideText(r.base)}  →  ${sideText(r.head)}`);
  lines.push(paint('dim', `  ${r.base.counts.runbooks} runbooks, ${r.base.counts.grants} grants → ${r.head.counts.runbooks} runbooks, ${r.head.counts.grants} grants; ` +
    `grants ${r.summary.grants.added} added, ${r.summary.grants.removed} removed, ${r.summary.grants.changed} changed`));
  const groups = groupItems(output);
  for (const cls of CLASSES) {
    const of = groups.filter((g) => g.class === cls);
    if (of.length === 0) continue;
    lines.push('');
    lines.push(paint(classStyle[cls], paint('bold', `${CLASS_TITLES[cls]} (${of.length})`)));
    for (const g of of) {
      const at = g.lead.location.line === null ? g.lead.location.file : `${g.lead.location.file}:${g.lead.location.line}`;
      lines.push(`  ${paint('cyan', at)}  ${g.sentence}`);
      const change = valueLine(g);
      if (change) lines.push(paint('dim', `      ${g.lead.location.path ?? g.lead.field}: ${change}`));
      if (g.lead.note) lines.push(paint('dim', `      ${g.lead.note}`));
      if (cls === 'widened' && options.requireOwnerApproval && g.lead.owner) {
        lines.push(`      ${paint('yellow', 'needs approval from')} ${personText(g.lead.owner)} (owner of ${g.lead.runbook})`);
      }
    }
  }
  if (options.requireOwnerApproval && r.reviews.length) {
    lines.push('');
    lines.push(paint('bold', 'Approvals required'));
    for (const rv of r.reviews) {
      const n = groups.filter((g) => g.class === 'widened' && g.lead.runbook === rv.runbook).length;
      lines.push(`  ${rv.runbook}: ${personText(rv.owner)} must approve ${n} widened change${n === 1 ? '' : 's'}`);
      if (rv.approvalNotRenewed) {
        lines.push(`    ${paint('red', 'flag:')} widens authority but approval.approvedOn is unchanged (${rv.approvedOn.after}); have the owner re-approve and update approval.approvedOn and ticket (${rv.file})`);
      }
    }
  }
  lines.push('');
  lines.push(r.summary.widened > 0 ? paint('red', headline(r, groups)) : headline(r, groups));
  return `${lines.join('\n')}\n`;
}
