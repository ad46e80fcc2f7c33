// Fields that describe a grant without changing what it allows, and the runbook it comes from.

import type { Grant } from '../../bundle/types.js';
import { quote } from '../wording.js';
import { inAction } from '../yaml-path.js';
import { on, says, who, type FieldChange } from './change.js';

export function describeChanges(b: Grant, a: Grant, out: FieldChange[]): void {
  if (b.title !== a.title) {
    out.push({ kind: 'wording', field: 'title', before: b.title, after: a.title, basis: 'neutral', yaml: inAction('title'), say: says('title', quote(b.title), quote(a.title)) });
  }
  if (b.category !== a.category) {
    out.push({ kind: 'category', field: 'category', before: b.category, after: a.category, basis: 'neutral', yaml: inAction('category'), say: says('category', b.category, a.category) });
  }
  if (b.blastRadius !== a.blastRadius) {
    out.push({ kind: 'blast-radius', field: 'blastRadius', before: b.blastRadius, after: a.blastRadius, basis: 'neutral', yaml: inAction('blastRadius'), say: says('blast radius', b.blastRadius, a.blastRadius) });
  }
  if (b.runbook !== a.runbook) {
    out.push({
      kind: 'grant-moved', field: 'runbook', before: b.runbook, after: a.runbook, basis: 'governance', yaml: inAction(),
      say: (s) => `${who(s)}'s grant for ${s.action} on ${on(s)} now comes from runbook ${a.runbook} (was ${b.runbook}), with that runbook's owner and approval.`,
    });
  }
}
