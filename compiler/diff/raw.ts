// An item before it is placed in a file: classified, with the closures that word it for a group
// of grants and find its YAML path in HEAD's runbook.

import type { DiffItem } from './types.js';
import type { Subject } from './fields/index.js';
import type { YamlRef } from './yaml-path.js';

/** A DiffItem before placement (no id, location or owner yet), with what places and words it. */
export interface RawItem extends Omit<DiffItem, 'id' | 'location' | 'owner'> {
  /** Words the change for another subject, when grants with the same change are grouped. */
  say: ((s: Subject) => string) | null;
  subject: Subject | null;
  /** Where it is in the runbook; `side` says whose file (base only when the runbook is gone from HEAD). */
  yaml: YamlRef | null;
  side: 'head' | 'base';
  /** A line known directly (a body section's heading), instead of a YAML path. */
  line?: number | null;
}
