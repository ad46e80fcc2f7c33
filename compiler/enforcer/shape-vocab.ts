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
const DATE = /^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;
/** A date YYYY-MM-DD that is on the calendar: the enforcer computes with it (2026-02-30 would be
 * NaN, and a NaN expiry never comes; parseDate() agrees, test/enforcer-shape.test.ts), so one that is not must not load. */
export function isDate(v: string): boolean {
  if (!DATE.test(v)) return false;
  const year = Number(v.slice(0, 4));
  const month = Number(v.slice(5, 7));
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  // As time.ts parses dates: years before 1000 are not read either.
  return year >= 1000 && Number(v.slice(8, 10)) <= (month === 2 ? (leap ? 29 : 28) : DAYS_IN_MONTH[month - 1]!);
}
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
export const TIME = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

/** schemas/bundle.schema.json#/$defs/id. Grant keys join ids with `|` and rule ids with `#`, and
 * the enforcer splits them again, so an id holding either must never load. */
const ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
export const isId = (v: unknown): v is string => typeof v === 'string' && v.length >= 2 && v.length <= 64 && ID.test(v);
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
export const nonEmptyString = (v: unknown): boolean => typeof v === 'string' && v.length > 0;
