// Turns a rule example (a patch over the base runbook) into full file text.
import yaml from 'js-yaml';
import type { ExampleFile } from '../types.js';
import { BASE_BODY, BASE_FRONTMATTER } from './base.js';

export function exampleText(example: ExampleFile): string {
  const base = yaml.load(BASE_FRONTMATTER, { schema: yaml.CORE_SCHEMA }) as Record<string, unknown>;
  const patch = example.frontmatter
    ? (yaml.load(example.frontmatter, { schema: yaml.CORE_SCHEMA }) as Record<string, unknown>)
    : {};
  const merged = { ...base, ...patch };
  for (const [k, v] of Object.entries(patch)) if (v === null) delete merged[k];
  const front = yaml.dump(merged, { schema: yaml.CORE_SCHEMA, lineWidth: 120, noRefs: true });
  return `---\n${front}---\n\n${example.body ?? BASE_BODY}`;
}

export function exampleFileName(example: ExampleFile): string {
  return example.file ?? 'example.md';
}
