// The rule registry: every rule, in a stable order. A rule's id is its file name.
export { default as approvalCurrent } from './approval-current.js';
export { default as blastRadiusGate } from './blast-radius-gate.js';
export { default as bodySections } from './body-sections.js';
export { default as changeWindowValid } from './change-window-valid.js';
export { default as dangerZoneGate } from './danger-zone-gate.js';
export { default as envelopeBounds } from './envelope-bounds.js';
export { default as evidenceSatisfiable } from './evidence-satisfiable.js';
export { default as executeNeedsRollback } from './execute-needs-rollback.js';
export { default as gateMatchesRole } from './gate-matches-role.js';
export { default as knownReference } from './known-reference.js';
export { default as ownerIsPerson } from './owner-is-person.js';
export { default as runbookLinks } from './runbook-links.js';
export { default as uniqueGrant } from './unique-grant.js';
export { default as uniqueIds } from './unique-ids.js';
export { default as uniqueRunbookId } from './unique-runbook-id.js';
export type * from './types.js';
