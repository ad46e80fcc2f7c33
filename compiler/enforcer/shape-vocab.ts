// What the bundle structure check accepts, shared by both checkers (shape.ts explains, shape-fast.ts
// answers yes/no): one list of every enumeration and pattern, so the two cannot drift apart.

export type Obj = Record<string, unknown>;

const set = (...v: string[]): ReadonlySet<string> => new Set(v);

export const GATES = set('autonomous', 'notify', 'approve', 'human-executes', 'change-board');
export const AI_ROLES = set('recommend', 'draft', 'execute', 'prohibited');
export const OUTSIDE = set('approve', 'human-executes', 'change-board', 'deny');
export const ON_TIMEOUT = set('deny', 'escalate');
export const CONTACT_KINDS = set('person', 'rotation', 'team', 'channel', 'board');
export const ON = set(
  'stale-telemetry', 'inconsistent-telemetry', 'model-disagreement', 'out-of-distribution', 'low-confidence',
  'model-version-mismatch', 'policy-boundary', 'policy-expired', 'repeated-overrides', 'flapping', 'envelope-breach',
);
export const DAYS = set('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun');
export const SEVERITIES = set('sev1', 'sev2', 'sev3', 'sev4', 'sev5');
export const WHEN = set('above', 'below', 'rises-by', 'falls-by');
export const DATE = /^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;
export const TIME = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

/** schemas/bundle.schema.json#/$defs/id. Grant keys join ids with `|` and rule ids with `#`, and
 * the enforcer splits them again, so an id holding either must never load. */
const ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
export const isId = (v: unknown): v is string => typeof v === 'string' && v.length >= 2 && v.length <= 64 && ID.test(v);
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
export const nonEmptyString = (v: unknown): boolean => typeof v === 'string' && v.length > 0;
