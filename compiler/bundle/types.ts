// The compiled policy bundle (bundle.json), described by schemas/bundle.schema.json.
// Everything an enforcer needs is resolved here: defaults filled, durations in seconds,
// percentages as fractions. It is normalized so that each fact is stored once: a runbook holds
// its contacts and escalation, a rule (one per action) its gate and safeguards, naming contacts
// by id, and `grants` indexes (actor, action, service) → rule for constant-time lookup.
// grantView() (view.ts) joins them back into one Grant. Enforcers read only this; they never
// see a runbook.

import type { AiRole, BlastRadius, Category, Gate, Person, Severity } from '../language/runbook.js';

// v2: normalized (v1 repeated every contact and the escalation chain in every grant, which made
// a 10,000-runbook bundle 125 MB and its load take seconds). v3: no member repeats its own key
// (a runbook's, contact's or actor's id; a rule's runbook and action, which its key
// `<runbook>#<action>` names) and a runbook holds only the contacts its policy names — a
// tenth fewer values to parse on every load.
export const BUNDLE_SCHEMA_VERSION = 'gatebook.bundle/v3';

/** Decisions, least to most strict (DESIGN.md). */
export const DECISIONS = ['allow', 'notify', 'approve', 'human-executes', 'change-board', 'deny'] as const;
export type Decision = (typeof DECISIONS)[number];

/** A contact as a runbook stores it (`contacts[id]`); views add the id back (Contact). */
export interface StoredContact {
  name: string;
  kind: 'person' | 'rotation' | 'team' | 'channel' | 'board';
  email?: string;
  pager?: string;
  chat?: string;
  phone?: string;
}

/** A contact with its id: what a joined grant hands out. */
export interface BundleContact extends StoredContact {
  id: string;
}

export interface BundleCondition {
  id: string; // defaults to `<signal>-<when>`
  signal: string;
  when: 'above' | 'below' | 'rises-by' | 'falls-by';
  /** Absolute value for above/below; a fraction (0.2 for 20%) for rises-by/falls-by. */
  threshold: number;
  intervals: number; // default 1
  intervalSeconds: number; // default 60
}

export interface NumericBound {
  min?: number;
  max?: number;
  maxStep?: number;
  unit?: string;
}

export interface BundleEnvelope {
  /** Numeric bounds by request parameter name; `replicas` (with `maxStep`) comes from the runbook's replicas/maxStep. */
  numeric: Record<string, NumericBound>;
  /** Allowed values by request parameter name: `region`, `instanceType`, `dataClassification`. */
  sets: Record<string, string[]>;
  /** Spend per event: request parameter `spend` (same currency). */
  maxSpendPerEvent?: { amount: number; currency: string };
  cooldownSeconds?: number;
  /** Decision just outside the envelope. Default 'approve'. */
  outside: 'approve' | 'human-executes' | 'change-board' | 'deny';
  /** Past a numeric bound by more than this fraction of the bound → deny and escalate. Default 0.5. */
  farOutsideMargin: number;
}

/**
 * One grant resolved: the rule it points to, joined with its actor's model pin and its runbook's
 * contacts and escalation. Not stored as such (see BundleRule); grantView() builds it.
 */
export interface Grant {
  /** `<actor>|<action>|<service>` — the lookup key. */
  key: string;
  actor: string;
  action: string;
  service: string;
  runbook: string;
  /** The rule that authorizes it: `<runbook>#<action>` — the site anchors the same way. */
  rule: string;
  title: string;
  category: Category;
  blastRadius: BlastRadius;
  aiRole: AiRole;
  gate: Gate;
  /** The model this grant is pinned to; another version does not carry the grant. */
  model: { name: string; version: string };
  /** Policy expiry (approvedOn + reviewCycle), YYYY-MM-DD; from this day the grant needs approval. */
  expiresOn: string;
  veto?: { windowSeconds: number; notify: BundleContact[] };
  approval?: {
    approvers: BundleContact[];
    count: number; // default 1
    justification: boolean; // default true
    timeoutSeconds?: number;
    onTimeout: 'deny' | 'escalate'; // default 'deny'
  };
  envelope: BundleEnvelope;
  evidence?: { signals: string[]; minIndependent: number; maxAgeSeconds: number; minConfidence?: number };
  contextChecks: Array<{ id: string; question: string }>;
  changeWindows?: {
    timezone: string; // default 'UTC'
    allowed: Array<{ days: string[]; from: string; to: string }>; // empty = any time
    freezes: Array<{ from: string; to: string; reason: string }>;
    severityException?: Severity;
  };
  canary?: { durationSeconds: number; scope?: string; success: BundleCondition[] };
  rollback?: { triggers: BundleCondition[]; action: string; owner: BundleContact; automatic: boolean };
  escalation: {
    triggers: Array<{ on: string; count?: number; windowSeconds?: number; to?: BundleContact }>;
    chain: Array<{ contact: BundleContact; ackWithinSeconds: number }>;
  };
}

/** A contact reference: the id of a contact in the rule's runbook (`runbooks[id].contacts`). */
export type ContactRef = string;

/** One action of one runbook, with defaults filled; contacts are named by id. Its runbook and
 * action are its key's two halves (`<runbook>#<action>`, splitRuleId). */
export interface BundleRule {
  title: string;
  category: Category;
  blastRadius: BlastRadius;
  aiRole: AiRole;
  gate: Gate;
  /** The AI actors it names, sorted; each has a grant for each service. */
  actors: string[];
  /** The services it covers (the action's, else the runbook's), sorted. */
  services: string[];
  expiresOn: string;
  veto?: { windowSeconds: number; notify: ContactRef[] };
  approval?: Omit<NonNullable<Grant['approval']>, 'approvers'> & { approvers: ContactRef[] };
  envelope: BundleEnvelope;
  evidence?: Grant['evidence'];
  contextChecks: Grant['contextChecks'];
  changeWindows?: Grant['changeWindows'];
  canary?: Grant['canary'];
  rollback?: Omit<NonNullable<Grant['rollback']>, 'owner'> & { owner: ContactRef };
}

/** A runbook's escalation rules as stored: contacts by id. */
export interface BundleEscalation {
  triggers: Array<{ on: string; count?: number; windowSeconds?: number; to?: ContactRef }>;
  chain: Array<{ contact: ContactRef; ackWithinSeconds: number }>;
}

/** A runbook's metadata, contacts and escalation; its id is its key in `runbooks`. */
export interface BundleRunbook {
  title: string;
  owner: Person;
  services: string[];
  approval: { approvedBy: Person; approvedOn: string; ticket: string; reviewCycleDays: number; expiresOn: string };
  source: { path: string; sha256: string };
  actions: string[];
  audit?: { recordFields: string[]; retentionDays: number };
  /** The contacts its policy names (escalation, approvers, veto, rollback owner), by id. */
  contacts: Record<string, StoredContact>;
  escalation: BundleEscalation;
}

/** An AI actor; its id is its key in `actors`. */
export interface BundleActor {
  name: string;
  kind: string;
  owner: Person;
  /** Every (runbook, model pin) this actor holds grants under. */
  pins: Array<{ runbook: string; model: { name: string; version: string } }>;
}

export interface Bundle {
  schemaVersion: typeof BUNDLE_SCHEMA_VERSION;
  /** The git commit the runbooks came from, or null outside git. */
  revision: string | null;
  /** `sha256:<hex>` over the canonical JSON of the bundle without `digest`. */
  digest: string;
  /** Only when SOURCE_DATE_EPOCH is set, so builds stay byte-identical. */
  generatedAt?: string;
  runbooks: Record<string, BundleRunbook>;
  actors: Record<string, BundleActor>;
  /** Rules by `<runbook>#<action>` (the site anchors the same way). */
  rules: Record<string, BundleRule>;
  /** `<actor>|<action>|<service>` → the rule granting it. A triple that is not here is denied. */
  grants: Record<string, string>;
}

export function grantKey(actor: string, action: string, service: string): string {
  return `${actor}|${action}|${service}`;
}

/** `actor|action|service` → [actor, action, service]; ids never contain `|`. */
export function splitGrantKey(key: string): [string, string, string] {
  const [actor = '', action = '', service = ''] = key.split('|');
  return [actor, action, service];
}

export function ruleId(runbook: string, action: string): string {
  return `${runbook}#${action}`;
}

/** `<runbook>#<action>` → [runbook, action]; ids never contain `#`. */
export function splitRuleId(id: string): [string, string] {
  const at = id.indexOf('#');
  return at < 0 ? [id, ''] : [id.slice(0, at), id.slice(at + 1)];
}
