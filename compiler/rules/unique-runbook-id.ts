import { projectRule } from './define.js';
import { SCALE_IN_ACTIONS } from './examples/base.js';

export default projectRule({
  id: 'unique-runbook-id',
  severity: 'error',
  summary: 'No two runbooks share an id.',
  description: `A runbook's id names it in URLs, bundles and decision records. Two files with the same id would overwrite each other in the compiled bundle, so one policy would silently vanish.`,
  examples: {
    good: [{ file: 'a.md' }, { file: 'b.md', frontmatter: `id: example-scale-in
${SCALE_IN_ACTIONS}` }],
    bad: [{ file: 'a.md' }, { file: 'b.md', frontmatter: `${SCALE_IN_ACTIONS}` }],
  },
}, (ctx) => {
  const byId = new Map<string, string[]>();
  for (const f of ctx.files) byId.set(f.id, [...(byId.get(f.id) ?? []), f.file]);
  for (const [id, files] of byId) {
    if (files.length < 2) continue;
    for (const file of files) {
      const others = files.filter((f) => f !== file);
      ctx.report(file, {
        path: ['id'],
        message: `The runbook id \`${id}\` is also used by ${others.map((o) => `\`${o}\``).join(', ')}; expected ids unique across all runbooks.`,
        hint: 'Rename one runbook (its file name should match its id).',
        params: { id, files },
      });
    }
  }
});
