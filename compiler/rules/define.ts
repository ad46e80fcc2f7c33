import { docsUrl } from '../diagnostics/docs-url.js';
import type { FileRule, FileRuleContext, ProjectRule, ProjectRuleContext, RuleMeta } from './types.js';

type MetaInput = Omit<RuleMeta, 'url'>;

export function fileRule(meta: MetaInput, check: (ctx: FileRuleContext) => void): FileRule {
  return { scope: 'file', meta: { ...meta, url: docsUrl(meta.id) }, check };
}

export function projectRule(meta: MetaInput, check: (ctx: ProjectRuleContext) => void): ProjectRule {
  return { scope: 'project', meta: { ...meta, url: docsUrl(meta.id) }, check };
}

/** `a`, `a` and `b`, `a`, `b` and `c` */
export function listOf(values: readonly string[]): string {
  const q = values.map((v) => `\`${v}\``);
  return q.length <= 1 ? (q[0] ?? '') : `${q.slice(0, -1).join(', ')} and ${q[q.length - 1]}`;
}
