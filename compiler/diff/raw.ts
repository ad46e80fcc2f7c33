// An item before it is placed in a file: classified, with the closures that word it for a group
// of grants and find its YAML path in HEAD's runbook.

import type { ChangeClass, Direction } from './types.js';
import type { Subject } from './fields/index.js';
import type { YamlRef } from './yaml-path.js';

export interface RawItem {
  class: ChangeClass;
  direction: Direction;
  kind: string;
  scope: 'grant' | 'runbook' | 'actor';
  runbook: string;
  actor: string | null;
  action: string | null;
  service: string | null;
  key: string | null;
  field: string;
  before: unknown;
  after: unknown;
  note: string | null;
  /** The sentence for this item's own subject, and for a group of grants with the same change. */
  sentence: string;
  say: ((s: Subject) => string) | null;
  subject: Subject | null;
  /** Where it is in the runbook; `side` says whose file (base only when the runbook is gone from HEAD). */
  yaml: YamlRef | null;
  side: 'head' | 'base';
  /** A line known directly (a body section's heading), instead of a YAML path. */
  line?: number | null;
}
