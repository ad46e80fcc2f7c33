// The gate's and the AI role's own findings, prepared once per grant. Approve and notify say who
// acts and how, from the grant: a sentence that said "a named human must approve with a
// justification" for every grant contradicted runbooks that need no justification, and named nobody.

import type { BundleContact, Grant } from '../bundle/types.js';
import { formatDuration } from '../util/duration.js';
import { fixed, frozen } from './fixed.js';
import type { GateResult } from './types.js';

const ROLE_CODES = {
  execute: 'AI_ROLE_EXECUTE', recommend: 'AI_ROLE_RECOMMEND_ONLY', draft: 'AI_ROLE_DRAFT_ONLY', prohibited: 'AI_ROLE_PROHIBITED',
} as const;

const GATE_CODES = {
  autonomous: 'GATE_AUTONOMOUS', notify: 'GATE_NOTIFY', approve: 'GATE_APPROVE',
  'human-executes': 'GATE_HUMAN_EXECUTES', 'change-board': 'GATE_CHANGE_BOARD',
} as const;

/**
 * The gate's finding. Approve and notify name who acts, and how: the grant's approvers (or its
 * escalation chain), how many, whether a justification is needed; who is notified to veto, and
 * for how long.
 */
export function gateFinding(g: Grant): GateResult {
  const code = GATE_CODES[g.gate];
  if (g.gate === 'approve') {
    const a = g.approval;
    return frozen(code, {
      approvers: who(a ? a.approvers : chainContacts(g), a?.count ?? 1),
      justification: a && !a.justification ? 'no written justification needed' : 'with a written justification',
    });
  }
  if (g.gate === 'notify') {
    const v = g.veto;
    return frozen(code, {
      notified: names(v ? v.notify : chainContacts(g)),
      window: v ? `within ${formatDuration(v.windowSeconds)}` : 'before it acts (the runbook sets no veto window)',
    });
  }
  return fixed(code);
}

/** The AI's role. A prohibited action says where a human turns instead: the runbook and its owner. */
export function roleFinding(g: Grant, owner: string): GateResult {
  return g.aiRole === 'prohibited' ? frozen('AI_ROLE_PROHIBITED', { runbook: g.runbook, owner }) : fixed(ROLE_CODES[g.aiRole]);
}

/** "Priya Raman", "one of Checkout on-call; Priya Raman", "2 of DBA on-call; Kenji Watanabe". */
function who(contacts: readonly BundleContact[], count: number): string {
  const unique = new Set(contacts.map((c) => c.id)).size;
  return unique === 1 ? names(contacts) : `${count === 1 ? 'one' : count} of ${names(contacts)}`;
}

/** Contact names, each once, apart by "; " (a name may hold a comma: "Okafor, Dana"). */
function names(contacts: readonly BundleContact[]): string {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const c of contacts) if (!seen.has(c.id)) { seen.add(c.id); out.push(c.name); }
  return out.join('; ');
}

/** The contacts of a grant's escalation chain, in order: who stands in when a grant names none. */
export function chainContacts(g: Grant): BundleContact[] {
  return g.escalation.chain.map((l) => l.contact);
}
