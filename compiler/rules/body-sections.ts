import { fileRule } from './define.js';

// A responder at 3 AM looks for these two headings first.
const REQUIRED = [
  { name: 'Steps', pattern: /^(?:steps|procedure)\b/i, hint: '## Steps' },
  { name: 'Rollback', pattern: /^(?:rollback|roll back|rolling back)\b/i, hint: '## Rollback' },
] as const;

export default fileRule({
  id: 'body-sections',
  severity: 'error',
  summary: 'The Markdown body has the sections a responder needs: Steps (or Procedure) and Rollback.',
  description: `The frontmatter tells enforcers what the AI may do; the body tells a person what to do. Every runbook needs a heading that starts with "Steps" or "Procedure" and one that starts with "Rollback", so responders always find them in the same place.`,
  examples: {
    good: [{}],
    bad: [{ body: `# Scale out example-api

Scale the service when it is slow.
` }],
  },
}, (ctx) => {
  const headings = ctx.outline.headings.map((h) => h.text.trim());
  const line = (ctx.outline.frontmatterEndLine ?? 1) + 1;
  for (const section of REQUIRED) {
    if (!headings.some((h) => section.pattern.test(h))) {
      ctx.report({
        span: { start: { line, column: 1 }, end: { line, column: 1 } },
        message: `The body has no ${section.name} section; expected a heading such as \`${section.hint}\`.`,
        hint: `Add \`${section.hint}\` with the ${section.name === 'Steps' ? 'numbered procedure' : 'way back to the previous state'}.`,
        params: { section: section.name, found: headings },
      });
    }
  }
});
