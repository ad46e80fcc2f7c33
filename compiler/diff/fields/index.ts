// Field-by-field comparison of two grants for the same (actor, action, service). Each change
// says how to classify it (README "Strictness order"):
//   decision    the enforcer's decision depends on it: classified by what undoing it in HEAD
//               would do to decisions (levels.ts), so masking by the gate and offsetting changes
//               are taken into account;
//   order       the decision does not depend on it (rollback, escalation, approval requirements,
//               veto, canary, context checks): classified by the field's own order;
//   neutral / governance   wording, contacts; the grant's runbook.
// Changes to sets are split into what was added and what was removed, so a change that both
// widens and narrows gives two items.


export { grantChanges } from './grant.js';
export type { Basis, FieldChange, Subject } from './change.js';
