// The runbook language v1 as TypeScript types. `schemas/runbook.schema.json` is the contract;
// these types mirror it so every later stage (rules, compile, site) reads typed data.

export type Duration = string; // "5m", "1h30m", "90d" — see util/duration.ts
export type IsoDate = string; // "2026-11-01"
export type Percent = string; // "20%"
export type Severity = 'sev1' | 'sev2' | 'sev3' | 'sev4' | 'sev5';

export const GATES = ['autonomous', 'notify', 'approve', 'human-executes', 'change-board'] as const;
export type Gate = (typeof GATES)[number];

export const AI_ROLES = ['recommend', 'draft', 'execute', 'prohibited'] as const;
export type AiRole = (typeof AI_ROLES)[number];

export const BLAST_RADII = ['low', 'medium', 'high', 'critical'] as const;
export type BlastRadius = (typeof BLAST_RADII)[number];

/** Categories no runbook may make `autonomous` or `notify` (DESIGN.md, rule 1). */
export const DANGER_ZONE_CATEGORIES = ['iam', 'secrets', 'network', 'database', 'data-retention'] as const;

export type Category =
  | 'scaling' | 'routing' | 'config' | 'deployment' | 'network' | 'iam' | 'secrets' | 'database'
  | 'data-retention' | 'data-residency' | 'security-remediation' | 'incident-communication'
  | 'certificates' | 'cost';

export interface Person {
  name: string;
  email: string;
  chat?: string;
}

export interface Contact {
  id: string;
  name: string;
  kind: 'person' | 'rotation' | 'team' | 'channel' | 'board';
  email?: string;
  pager?: string;
  chat?: string;
  phone?: string;
}

export interface Actor {
  id: string;
  name: string;
  kind: 'autoscaler' | 'llm-agent' | 'aiops' | 'security-remediation' | 'assistant' | 'optimizer';
  description?: string;
  owner: Person;
  model: { name: string; version: string };
}

export interface Signal {
  id: string;
  name: string;
  kind: string;
  source: string;
  unit: string;
}

export interface Condition {
  id?: string;
  signal: string;
  when: 'above' | 'below' | 'rises-by' | 'falls-by';
  threshold: number | Percent;
  intervals?: number;
  interval?: Duration;
}

export interface NumericLimit {
  parameter: string;
  min?: number;
  max?: number;
  maxStep?: number;
  unit?: string;
}

export interface Envelope {
  replicas?: { min?: number; max?: number };
  maxStep?: number;
  cooldown?: Duration;
  regions?: string[];
  instanceTypes?: string[];
  maxSpendPerEvent?: { amount: number; currency: string };
  dataClassifications?: Array<'public' | 'internal' | 'confidential' | 'restricted'>;
  limits?: NumericLimit[];
  outside?: 'approve' | 'human-executes' | 'change-board' | 'deny';
  farOutside?: { margin: Percent };
}

export interface Action {
  id: string;
  title: string;
  description?: string;
  category: Category;
  blastRadius: BlastRadius;
  actors: string[];
  services?: string[];
  aiRole: AiRole;
  gate: Gate;
  veto?: { window: Duration; notify: string[] };
  approval?: {
    approvers: string[];
    count?: number;
    justification?: boolean;
    timeout?: Duration;
    onTimeout?: 'deny' | 'escalate';
  };
  envelope?: Envelope;
  evidence?: { signals: string[]; minIndependent?: number; maxAge: Duration; minConfidence?: number };
  contextChecks?: Array<{ id: string; question: string }>;
  changeWindows?: {
    timezone?: string;
    allowed?: Array<{ days: string[]; from: string; to: string }>;
    freezes?: Array<{ from: IsoDate; to: IsoDate; reason: string }>;
    severityException?: Severity;
  };
  canary?: { duration: Duration; scope?: string; success: Condition[] };
  rollback?: { triggers: Condition[]; action: string; owner: string; automatic?: boolean };
}

export type EscalationOn =
  | 'stale-telemetry' | 'inconsistent-telemetry' | 'model-disagreement' | 'out-of-distribution'
  | 'low-confidence' | 'model-version-mismatch' | 'policy-boundary' | 'policy-expired'
  | 'repeated-overrides' | 'flapping' | 'envelope-breach';

export interface Escalation {
  triggers: Array<{ on: EscalationOn; count?: number; window?: Duration; to?: string }>;
  chain: Array<{ contact: string; ackWithin: Duration }>;
}

/** The frontmatter of a runbook that has passed schema validation. */
export interface Runbook {
  $schema?: string;
  apiVersion: 'gatebook/v1';
  id: string;
  title: string;
  summary?: string;
  services: string[];
  owner: Person;
  reviewers?: Person[];
  tags?: string[];
  related?: string[];
  approval: { approvedBy: Person; approvedOn: IsoDate; ticket: string; reviewCycle: Duration };
  contacts: Contact[];
  actors?: Actor[];
  signals?: Signal[];
  actions: Action[];
  escalation: Escalation;
  communication?: { updates: string; approvesStatusMessages: string; channels?: string[]; cadence?: Duration };
  audit?: { recordFields: string[]; retention: Duration };
}
