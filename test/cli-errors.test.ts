// The command-line error catalog (compiler/cli/errors.ts): every entry is thrown somewhere, says
// what was found and how to fix it, and links to its page.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../compiler/cli/command.js';
import { CLI_ERRORS, renderCliError, type CliErrorCode } from '../compiler/cli/errors.js';
import { CATALOG } from '../compiler/diagnostics/catalog.js';
import { RULES } from '../compiler/rules/registry.js';

const CLI = join(import.meta.dirname, '..', 'compiler', 'cli');
const sources = [join(CLI, 'main.ts'), join(CLI, 'shared.ts'), join(CLI, 'fs-errors.ts'), ...readdirSync(join(CLI, 'commands')).map((f) => join(CLI, 'commands', f))]
  .map((f) => readFileSync(f, 'utf8')).join('\n');

describe('command-line errors', () => {
  it('are all used, and every usage error comes from the catalog', () => {
    for (const code of Object.keys(CLI_ERRORS)) expect(sources, code).toContain(`'${code}'`);
    expect(sources).not.toMatch(/new UsageError\(`/);
  });

  it('have a title, a message and a hint ending in a full stop, and a page beside the rules', () => {
    for (const [code, entry] of Object.entries(CLI_ERRORS)) {
      expect(code).toMatch(/^cli-[a-z]+(?:-[a-z]+)*$/);
      expect(entry.title.length, code).toBeGreaterThan(0);
      expect(entry.message, code).toMatch(/\.$/);
      expect(entry.hint, code).toMatch(/\.$/);
      // A message that is only a placeholder shows an example on its page instead.
      if (/^\{\w+\}\.$/.test(entry.message)) expect('example' in entry, code).toBe(true);
      expect(renderCliError(code as CliErrorCode, {}).url).toBe(`https://gatebook.dev/rules/${code}/`);
      // One namespace of pages: no code may shadow a rule's or a diagnostic's.
      expect(Object.keys(CATALOG)).not.toContain(code);
      expect(RULES.map((r) => r.meta.id)).not.toContain(code);
    }
  });

  it('fill their message and hint from the call', () => {
    const e = new UsageError('cli-signing-key-encrypted', { path: 'k.pem' });
    expect(e.message).toBe('k.pem is encrypted with a passphrase, which gatebook does not ask for.');
    expect(e.hint).toBe('Decrypt it to a file only the build can read: `openssl pkey -in k.pem -out key.pem`.');
    expect(e.url).toBe('https://gatebook.dev/rules/cli-signing-key-encrypted/');
  });
});
