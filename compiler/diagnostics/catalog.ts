// Errors that come from reading and parsing a file rather than from a rule: one catalog, each
// with a title, a message template, a hint and a docs page (like Astro's error catalog).
// `{name}` in a template is filled from the diagnostic's params.

import { docsUrl } from './docs-url.js';

export interface CatalogEntry {
  title: string;
  message: string;
  hint: string;
  /** A filled-in message, for the docs page when the template is only a placeholder. */
  example?: string;
}

export const CATALOG = {
  'file-unreadable': {
    title: 'File cannot be read',
    message: 'Could not read the file: {reason}.',
    hint: 'Check that the path exists and is readable.',
  },
  'file-too-large': {
    title: 'File too large',
    message: 'The file is {size} bytes; runbooks are limited to {limit} bytes.',
    hint: 'Split the runbook, or move long reference material to a linked page.',
  },
  'binary-file': {
    title: 'Binary file',
    message: 'Found a NUL byte at offset {offset}; a runbook must be UTF-8 text.',
    hint: 'Check that this is the Markdown file you meant, and that your editor saved it as UTF-8.',
  },
  'utf16-file': {
    title: 'UTF-16 file',
    message: 'The file starts with a UTF-16 byte order mark ({bom}); a runbook must be UTF-8 text.',
    hint: 'Re-save the file as UTF-8 (in VS Code: "Save with Encoding" → UTF-8; or `iconv -f UTF-16 -t UTF-8`).',
  },
  'invalid-utf8': {
    title: 'Invalid UTF-8',
    message: 'Found a byte sequence that is not valid UTF-8 at offset {offset}.',
    hint: 'Re-save the file as UTF-8 (not Latin-1 or UTF-16).',
  },
  'symlink-outside': {
    title: 'Symbolic link leaves the checked tree',
    message: 'This path is a symbolic link to {target}, outside {root}; Gatebook does not follow it.',
    hint: 'Copy the runbook into the tree, or check its real location directly.',
  },
  'empty-file': {
    title: 'Empty file',
    message: 'The file is empty; expected YAML frontmatter between `---` lines, then the procedure in Markdown.',
    hint: 'Start from one of the examples in runbooks/.',
  },
  'missing-frontmatter': {
    title: 'No frontmatter',
    message: 'The file does not start with `---`; expected YAML frontmatter (the runbook policy) at the top.',
    hint: 'Add a `---` line, the runbook\'s YAML, and a closing `---` line before the Markdown.',
  },
  'toml-frontmatter': {
    title: 'TOML frontmatter',
    message: 'Found TOML frontmatter (`+++`); Gatebook runbooks use YAML frontmatter between `---` lines.',
    hint: 'Convert the frontmatter to YAML and fence it with `---`.',
  },
  'unterminated-frontmatter': {
    title: 'Unterminated frontmatter',
    message: 'The frontmatter opened here is never closed; expected a line with only `---` after the YAML.',
    hint: 'Add a `---` line between the YAML and the Markdown body.',
  },
  'frontmatter-not-mapping': {
    title: 'Frontmatter is not a mapping',
    message: 'The frontmatter is {found}; expected a mapping of keys such as `id:`, `title:` and `actions:`.',
    hint: 'Write the runbook as `key: value` lines; see runbooks/ for examples.',
  },
  'yaml-syntax': {
    title: 'Invalid YAML',
    message: 'The frontmatter is not valid YAML: {reason}.',
    hint: 'Check indentation (spaces only) and quoting around this position.',
  },
  'yaml-tab-indentation': {
    title: 'Tab in indentation',
    message: 'Found a tab in the indentation; YAML indentation must be spaces.',
    hint: 'Replace the tab with spaces (configure your editor to insert spaces in YAML).',
  },
  'yaml-duplicate-key': {
    title: 'Duplicate key',
    message: '{key} is given twice in the same mapping{first}; expected each key once.',
    hint: 'Remove one of them: YAML would silently keep only the last, hiding a policy change.',
  },
  'yaml-custom-tag': {
    title: 'Custom YAML tag',
    message: 'Found the tag `{tag}`; runbooks may use plain YAML only (Gatebook never constructs or executes tagged values).',
    hint: 'Remove the tag and write the value as plain YAML.',
  },
  'yaml-alias-budget': {
    title: 'Too much aliasing',
    message: 'Expanding the YAML anchors and aliases would produce more than {limit} nodes (an "alias bomb"); stopped reading.',
    hint: 'Write the repeated values out, or use fewer nested aliases.',
  },
  'yaml-too-deep': {
    title: 'Nesting too deep',
    message: 'The frontmatter nests deeper than {limit} levels; a runbook needs far fewer.',
    hint: 'Flatten the structure; compare with the schema in schemas/runbook.schema.json.',
  },
  'markdown-too-deep': {
    title: 'Markdown nested too deeply',
    message: 'The Markdown body nests block quotes, lists or emphasis deeper than {limit} levels; a runbook needs far fewer.',
    hint: 'Flatten the nesting; a procedure reads best as one numbered list with short sub-lists.',
  },
  'markdown-too-complex': {
    title: 'Too many emphasis markers',
    message: 'This paragraph has more than {limit} `*` and `_` characters; Gatebook stops before the Markdown parser slows to a crawl.',
    hint: 'Split the paragraph with blank lines, or put long machine output in a linked file.',
  },
  'schema': {
    title: 'Does not match the runbook schema',
    message: '{message}',
    hint: 'See the language reference for this field.',
  },
} as const satisfies Record<string, CatalogEntry>;

export type CatalogCode = keyof typeof CATALOG;

export function catalogUrl(code: CatalogCode): string {
  return docsUrl(code);
}

export function formatTemplate(template: string, params: Record<string, unknown>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole);
}
