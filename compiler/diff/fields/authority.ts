// The gate and the AI role (together the least strict decision a grant gives), and the model pin.

import type { Grant } from '../../bundle/types.js';
import { GATE_LEVEL, ROLE_LEVEL } from '../levels.js';
import { GATE_WORDS } from '../wording.js';
import { inAction, inActor } from '../yaml-path.js';
import { on, same, says, who, type FieldChange } from './change.js';

export function floorChanges(b: Grant, a: Grant, out: FieldChange[]): void {
  if (b.gate !== a.gate) {
    out.push({
      kind: 'gate', field: 'gate', before: b.gate, after: a.gate, basis: 'decision',
      direction: GATE_LEVEL[a.gate] < GATE_LEVEL[b.gate] ? 'looser' : 'stricter',
      revert: (g) => { g.gate = b.gate; },
      yaml: inAction('gate'),
      say: says('gate', b.gate, a.gate,
        (s) => `${who(s)} may now run ${s.action} on ${on(s)} ${s.mode}: the gate is ${GATE_WORDS[a.gate]} (was ${GATE_WORDS[b.gate]}).`,
        (s) => `${who(s)} may now run ${s.action} on ${on(s)} ${s.mode}: the gate is ${GATE_WORDS[a.gate]} (was ${GATE_WORDS[b.gate]}).`),
    });
  }
  if (b.aiRole !== a.aiRole) {
    const direction = ROLE_LEVEL[a.aiRole] === ROLE_LEVEL[b.aiRole] ? 'none' : ROLE_LEVEL[a.aiRole] < ROLE_LEVEL[b.aiRole] ? 'looser' : 'stricter';
    out.push({
      kind: 'ai-role', field: 'aiRole', before: b.aiRole, after: a.aiRole, basis: 'decision', direction,
      revert: (g) => { g.aiRole = b.aiRole; },
      yaml: inAction('aiRole'),
      say: says('AI role', b.aiRole, a.aiRole,
        (s) => `${who(s)} may now ${a.aiRole === 'execute' ? 'carry out' : a.aiRole} ${s.action} on ${on(s)}${a.aiRole === 'execute' ? `, ${s.mode}` : ''} (AI role ${a.aiRole}, was ${b.aiRole}).`,
        (s) => `${who(s)} may no longer ${b.aiRole === 'execute' ? 'carry out' : b.aiRole} ${s.action} on ${on(s)}: its role is now ${a.aiRole} (was ${b.aiRole}).`),
    });
  }
}

export function modelChanges(b: Grant, a: Grant, out: FieldChange[]): void {
  if (!same(b.model, a.model)) {
    const before = `${b.model.name} ${b.model.version}`;
    const after = `${a.model.name} ${a.model.version}`;
    out.push({
      kind: 'model-pin', field: 'model', before: b.model, after: a.model, basis: 'decision',
      revert: (g) => { g.model = structuredClone(b.model); },
      yaml: inActor('model'),
      say: says('model pin', before, after,
        (s) => `${who(s)} may now run ${s.action} on ${on(s)} ${s.mode}, with model ${after}, which this policy had not approved (was pinned to ${before}).`,
        (s) => `${who(s)} on model ${before} (the old pin) no longer carries the grant for ${s.action} on ${on(s)}: its requests now need a human's approval.`),
    });
  }
}
