// The authority diff as data: what each side was, and one item per classified change.
// schemas/diff.schema.json describes the JSON form (renderJson writes exactly these objects).

import type { Person } from '../language/runbook.js';

export const DIFF_SCHEMA_VERSION = 'gatebook.diff/v1';

/**
 * widened    the AI may now do something it could not, or do it with less human involvement
 * narrowed   the opposite
 * governance ownership and approval: owner, approver, approval date, ticket, review cycle
 * neutral    wording, contacts, body text, and changes with no effect on what the AI may do
 */
export const CLASSES = ['widened', 'narrowed', 'governance', 'neutral'] as const;
export type ChangeClass = (typeof CLASSES)[number];

/** How the changed field moved along its own strictness order (compiler/diff/README.md). */
export type Direction = 'looser' | 'stricter' | 'mixed' | 'none';

export type SideKind = 'git' | 'directory' | 'bundle';

export interface SideInfo {
  /** What the user typed. */
  spec: string;
  kind: SideKind;
  /** The commit, for a git side. */
  revision: string | null;
  /** The runbook directory read (git and directory sides). */
  runbooks: string | null;
  /** The compiled (or loaded) bundle's digest. */
  digest: string;
  counts: { runbooks: number; grants: number };
}

export interface Location {
  /** The runbook file in HEAD (in BASE when the runbook was removed), cwd-relative. */
  file: string;
  /** 1-based; null when HEAD is a bundle.json (no source text) or the runbook is gone. */
  line: number | null;
  column: number | null;
  /** Where in the frontmatter, e.g. `actions[0].envelope.replicas.max`; null when unknown. */
  path: string | null;
}

export interface DiffItem {
  /** Stable within one diff: `<class>:<runbook>:<key or scope>:<field>[:n]`. */
  id: string;
  class: ChangeClass;
  direction: Direction;
  /** Machine-readable kind, e.g. `envelope-max`, `gate`, `grant-added` (README: the table). */
  kind: string;
  scope: 'grant' | 'runbook' | 'actor';
  runbook: string;
  actor: string | null;
  action: string | null;
  service: string | null;
  /** `actor|action|service` for grant items. */
  key: string | null;
  /** The field in the compiled grant / runbook / actor record, e.g. `envelope.numeric.replicas.max`. */
  field: string;
  before: unknown;
  after: unknown;
  /** One plain-language sentence. */
  sentence: string;
  /** Why a change along an authority axis has no effect, or what offsets it. */
  note: string | null;
  location: Location;
  /** The runbook's owner (HEAD's; BASE's when the runbook was removed): who must approve. */
  owner: Person | null;
}

export interface ReviewEntry {
  runbook: string;
  file: string;
  owner: Person;
  widened: number;
  /** approval.approvedOn in BASE and HEAD (BASE null for a new runbook). */
  approvedOn: { before: string | null; after: string };
  /** Widened authority with the approval date left as it was. */
  approvalNotRenewed: boolean;
}

export interface DiffSummary {
  widened: number;
  narrowed: number;
  governance: number;
  neutral: number;
  grants: { added: number; removed: number; changed: number; unchanged: number };
  runbooksChanged: number;
  approvalNotRenewed: number;
}

export interface DiffResult {
  schemaVersion: typeof DIFF_SCHEMA_VERSION;
  base: SideInfo;
  head: SideInfo;
  summary: DiffSummary;
  /** Sorted: widened, narrowed, governance, neutral; then by runbook, key, field. */
  items: DiffItem[];
  /** One entry per runbook with widened authority: whose approval the change needs. */
  reviews: ReviewEntry[];
}
