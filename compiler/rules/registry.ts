import * as all from './index.js';
import type { FileRule, ProjectRule, Rule } from './types.js';

export const RULES: readonly Rule[] = Object.values(all)
  .filter((r): r is Rule => typeof r === 'object' && r !== null && 'meta' in r)
  .sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1));

export const FILE_RULES = RULES.filter((r): r is FileRule => r.scope === 'file');
export const PROJECT_RULES = RULES.filter((r): r is ProjectRule => r.scope === 'project');
