// grantChanges(): every field change between two grants, in the order a runbook declares them.

import type { Grant } from '../../bundle/types.js';
import type { FieldChange } from './change.js';
import { approvalChanges, contextCheckChanges, vetoChanges } from './approval.js';
import { floorChanges, modelChanges } from './authority.js';
import { describeChanges } from './describe.js';
import { envelopeChanges } from './envelope.js';
import { escalationChanges } from './escalation.js';
import { evidenceChanges } from './evidence.js';
import { canaryChanges, rollbackChanges } from './safeguards.js';
import { windowChanges } from './windows.js';

/** Every change between two grants for the same (actor, action, service), in the runbook's order. */
export function grantChanges(b: Grant, a: Grant): FieldChange[] {
  const out: FieldChange[] = [];
  floorChanges(b, a, out);
  modelChanges(b, a, out);
  envelopeChanges(b, a, out);
  evidenceChanges(b, a, out);
  windowChanges(b, a, out);
  approvalChanges(b, a, out);
  vetoChanges(b, a, out);
  contextCheckChanges(b, a, out);
  canaryChanges(b, a, out);
  rollbackChanges(b, a, out);
  escalationChanges(b, a, out);
  describeChanges(b, a, out);
  return out;
}
