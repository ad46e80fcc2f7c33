// What the publish stage hands to the site (`.gatebook/site-data.json`): everything a page
// shows, already resolved, sanitized and put into plain words. The site only lays it out; it
// never parses a runbook or interprets policy itself.

import type { AiRole, BlastRadius, Category, Gate, Person } from '../language/runbook.js';
import type { BundleContact } from '../bundle/types.js';

export const SITE_DATA_VERSION = 'gatebook.site/v1';

export interface SiteData {
  schemaVersion: typeof SITE_DATA_VERSION;
  /** The date statuses (expiring, expired) were computed for, YYYY-MM-DD. */
  generatedOn: string;
  bundle: { schemaVersion: string; digest: string; revision: string | null; generatedAt?: string };
  /** Web address of the source repository, when known (history and source links). */
  sourceUrl?: string;
  runbooks: SiteRunbook[];
  actors: SiteActor[];
  services: SiteService[];
  owners: SiteOwner[];
  /** One row per action: the gates matrix. */
  matrix: MatrixRow[];
  rules: SiteRule[];
  catalog: SiteCatalogEntry[];
  language: LanguageReference;
  downloads: Download[];
}

/** Sanitized HTML: safe to insert as is. Everything else in SiteData is plain text. */
export type SafeHtml = string;

export type ApprovalStatus = 'current' | 'expiring' | 'expired';

export interface SiteContact {
  id: string;
  name: string;
  kind: BundleContact['kind'];
  email?: string;
  pager?: string;
  chat?: string;
  phone?: string;
}

export interface Commit {
  hash: string;
  /** ISO 8601 commit date. */
  date: string;
  author: string;
  subject: string;
}

export interface SiteRunbook {
  id: string;
  title: string;
  summary?: string;
  services: string[];
  tags: string[];
  related: Array<{ id: string; title?: string }>;
  owner: Person;
  reviewers: Person[];
  approval: {
    approvedBy: Person;
    approvedOn: string;
    ticket: string;
    reviewCycleDays: number;
    expiresOn: string;
    status: ApprovalStatus;
    /** Days from generatedOn to expiresOn (negative once expired). */
    daysLeft: number;
  };
  source: {
    path: string;
    sha256: string;
    /** The file in the repository's web view, when the repository is known. */
    url?: string;
    /** The file's commit history in the repository's web view. */
    historyUrl?: string;
    /** The latest commits that touched the file, newest first (empty outside git). */
    commits: Commit[];
  };
  contacts: SiteContact[];
  actors: Array<{ id: string; name: string; kind: string; description?: string; owner: Person; model: { name: string; version: string } }>;
  signals: Array<{ id: string; name: string; kind: string; source: string; unit: string }>;
  actions: SiteAction[];
  escalation: {
    chain: Array<{ contact: SiteContact; ackWithin: string; ackWithinSeconds: number }>;
    triggers: Array<{ on: string; text: string; to?: SiteContact }>;
  };
  communication?: { updates: SiteContact; approvesStatusMessages: SiteContact; channels: string[]; cadence?: string };
  audit?: { recordFields: string[]; retention: string };
  /** Anchors of the page's own sections (`what-the-ai-may-do`, …; suffixed if an action has that id). */
  sections: { ai: string; escalation: string; escalateWhen: string; communication: string; procedure: string; approval: string; signals: string };
  /** The procedure; headings are shifted one level down (h2 → h3) to sit under the page's "Procedure". */
  body: { html: SafeHtml; headings: Array<{ depth: number; text: string; id: string }> };
  /** Values for the search filters. */
  filters: { service: string[]; category: string[]; gate: string[]; owner: string[]; actor: string[] };
}

export interface SiteAction {
  /** The action id; also its anchor on the runbook page (`/runbooks/<runbook>/#<id>`), like the bundle's `rule`. */
  id: string;
  title: string;
  description?: string;
  category: Category;
  blastRadius: BlastRadius;
  aiRole: AiRole;
  /** "May execute", "Recommends only", … */
  aiRoleText: string;
  gate: Gate;
  /** The gate in plain words: "Acts on its own", "Acts unless vetoed within 10 min", "Needs approval from …". */
  gateText: string;
  /** One or two sentences: how the gate works for this action. */
  gateDetail: string;
  /** What the human does: "Can veto within 10 min: …", "Approves: …", "Performs it". */
  humanRole: string;
  actors: Array<{ id: string; name: string; model: { name: string; version: string } }>;
  services: string[];
  /** Bounds, one line each; empty when the action declares none. */
  envelope: string[];
  /** What happens outside the envelope; absent when there is no envelope. */
  outside?: string;
  evidence: string[];
  contextChecks: Array<{ id: string; question: string }>;
  changeWindows: string[];
  canary: string[];
  rollback?: { triggers: string[]; action: string; owner: SiteContact; automatic: boolean };
  /** Policy expiry for this action's grants. */
  expiresOn: string;
}

export interface SiteActor {
  id: string;
  name: string;
  kind: string;
  description?: string;
  owner: Person;
  /** Every runbook that grants it something, with the model pinned there. */
  pins: Array<{ runbook: string; model: { name: string; version: string } }>;
  /** Every decision class it holds. */
  holds: Array<{
    runbook: string;
    runbookTitle: string;
    action: string;
    actionTitle: string;
    gate: Gate;
    gateText: string;
    aiRole: AiRole;
    services: string[];
    model: { name: string; version: string };
    expiresOn: string;
  }>;
}

export interface SiteService {
  id: string;
  runbooks: Array<{ id: string; title: string }>;
  actors: string[];
}

export interface SiteOwner {
  name: string;
  email: string;
  /** Runbooks this person owns. */
  runbooks: Array<{ id: string; title: string }>;
  /** AI actors this person owns. */
  actors: Array<{ id: string; name: string }>;
  /** Runbooks this person approved. */
  approved: Array<{ id: string; title: string; expiresOn: string; status: ApprovalStatus }>;
  /** Runbooks this person reviews. */
  reviews: Array<{ id: string; title: string }>;
}

export interface MatrixRow {
  runbook: string;
  runbookTitle: string;
  action: string;
  actionTitle: string;
  category: Category;
  blastRadius: BlastRadius;
  gate: Gate;
  gateText: string;
  aiRole: AiRole;
  humanRole: string;
  actors: string[];
  services: string[];
  evidence: string;
  rollback: string;
}

export interface SiteRule {
  id: string;
  kind: 'rule';
  scope: 'file' | 'project';
  severity: 'error' | 'warning';
  summary: SafeHtml;
  description: SafeHtml;
  url: string;
  examples: {
    good: ExampleFileText[];
    bad: ExampleFileText[];
    /** What `gatebook check` says about the bad example. */
    diagnostics: Array<{ file: string; line: number; column: number; severity: string; message: SafeHtml }>;
  };
}

export interface ExampleFileText {
  file: string;
  /** The whole example file. */
  text: string;
  /** The part that differs from the base example: frontmatter keys laid over it, and/or its own body. */
  patch?: string;
}

export interface SiteCatalogEntry {
  id: string;
  kind: 'catalog';
  /** `file`: found reading a runbook (diagnostics/catalog.ts); `cli`: a mistake in a command line (cli/errors.ts). */
  scope: 'file' | 'cli';
  title: string;
  /** The message template; `{name}` marks a value filled in per diagnostic. */
  message: SafeHtml;
  /** A filled-in message, when the template is only a placeholder. */
  example?: SafeHtml;
  hint: SafeHtml;
  url: string;
}

/** The runbook language, flattened from schemas/runbook.schema.json. */
export interface LanguageReference {
  title: string;
  description: SafeHtml;
  schemaUrl: string;
  /** Every frontmatter property, in schema order, parents before children. */
  entries: LanguageEntry[];
  /** Shared types (`$defs`): duration, date, person, condition, … */
  types: LanguageType[];
}

export interface LanguageEntry {
  /** `actions[].gate`: the property's place in the frontmatter. */
  path: string;
  /** Anchor for the entry on the language page (`actions-gate`). */
  anchor: string;
  /** Nesting depth, 0 for top-level keys. */
  depth: number;
  /** "string", "list of person", "duration", "number or percent", … */
  type: string;
  /** Anchor of the shared type, when the type is one (`type-person`). */
  typeAnchor?: string;
  required: boolean;
  description: SafeHtml;
  values?: string[];
  pattern?: string;
  examples?: string[];
  /** Limits and conditional requirements in words (HTML: key names in <code>). */
  constraints: SafeHtml[];
}

export interface LanguageType {
  name: string;
  anchor: string;
  type: string;
  description: SafeHtml;
  pattern?: string;
  values?: string[];
  examples?: string[];
  constraints: SafeHtml[];
  /** Properties, for object types. */
  entries: LanguageEntry[];
}

export interface Download {
  /** Path on the site, e.g. `/bundle/bundle.json`. */
  path: string;
  title: string;
  description: string;
  bytes?: number;
  sha256?: string;
}
