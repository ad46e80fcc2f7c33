import { posix } from 'node:path';
import { isRunbookName } from '../check/discover.js';
import { projectRule } from './define.js';
import { SCALE_IN_ACTIONS } from './examples/base.js';

export default projectRule({
  id: 'runbook-links',
  severity: 'error',
  summary: 'Links to other runbooks, and `related` ids, point at runbooks that exist.',
  description: `During an incident a dead link costs minutes. Relative Markdown links to \`.md\` files must point at an existing file, and every id in \`related\` must be the id of a checked runbook. When only some files are checked (a pre-commit hook, one file), an id may also name a runbook file \`<id>.md\` beside the file that is not among them.`,
  examples: {
    good: [{ file: 'a.md' }, { file: 'b.md', frontmatter: `id: example-scale-in
related: [example-scale-out]
${SCALE_IN_ACTIONS}` }],
    bad: [{ file: 'a.md', body: `# Scale out example-api

## Steps

1. If the database is the bottleneck, follow [the failover runbook](./db-failover.md) instead.

## Rollback

Scale back to the previous replica count.
` }],
  },
}, (ctx) => {
  // A runbook that failed validation is still among the checked ones: its own error is the
  // one to fix, and blaming every file that names it would bury that error.
  const ids = new Set([...ctx.files.map((f) => f.id), ...ctx.invalid.map((f) => f.id)]);
  const files = new Set([...ctx.files.map((f) => f.file), ...ctx.invalid.map((f) => f.file)]);
  // Checking some files only (one file, a hook's changed ones): a runbook not checked is known by
  // its file, named after its id (unique-runbook-id asks for that). One that was checked is known
  // by its id, so a file name never stands in for an id that differs.
  const besideUnchecked = (file: string, id: string): boolean => {
    const name = `${id}.md`;
    const candidate = posix.join(posix.dirname(file), name);
    // Only a name the check would take for a runbook: `readme.md` beside it is not one.
    return isRunbookName(name) && !files.has(candidate) && ctx.exists(candidate);
  };
  for (const f of ctx.files) {
    for (const link of f.links) {
      if (files.has(link.target) || ctx.exists(link.target)) continue;
      ctx.report(f.file, {
        span: link.span,
        message: `The link \`${link.url}\` points at \`${link.target}\`, which does not exist; expected a path to another runbook.`,
        hint: 'Fix the path (it is relative to this file), or remove the link.',
        params: { url: link.url, target: link.target },
      });
    }
    for (const rel of f.related) {
      if (ids.has(rel.id) || besideUnchecked(f.file, rel.id)) continue;
      ctx.report(f.file, {
        path: rel.path,
        message: `\`related\` names the runbook \`${rel.id}\`, which is not among the checked runbooks, nor a file \`${rel.id}.md\` beside this one; expected the id of an existing runbook.`,
        hint: 'Fix the id, or check the directory that holds that runbook too.',
        params: { id: rel.id },
      });
    }
  }
});
