import { join, resolve } from 'node:path';
import { checkProject } from '../../check/check.js';
import { PathNotFoundError } from '../../check/discover.js';
import { EXIT, UsageError, type Command } from '../command.js';
import { parseFormat, parseToday, writeDiagnostics } from '../shared.js';

export const checkCommand: Command = {
  name: 'check',
  help: `Usage: gatebook check [paths…] [options]

Checks runbooks (Markdown with YAML frontmatter) against the runbook schema and
Gatebook's rules. Paths are files or directories (searched for *.md, except
README.md and files starting with _); default: runbooks/.

Options:
  --format <name>        pretty (default), json, github, sarif
  --strict               warnings fail the check too
  --cache                reuse results for unchanged files (content hash)
  --cache-location <dir> where the cache lives (default node_modules/.cache/gatebook)
  --today <YYYY-MM-DD>   the date expiry rules compare with (default: today, UTC)
  --jobs <n>             worker threads (default: one per core)
  -h, --help             show this help

Exit codes: 0 no errors (warnings allowed), 1 errors (or warnings with --strict),
2 usage or internal error.`,
  options: {
    format: { type: 'string' },
    strict: { type: 'boolean' },
    cache: { type: 'boolean' },
    'cache-location': { type: 'string' },
    today: { type: 'string' },
    jobs: { type: 'string' },
  },
  async run({ io, values, positionals }) {
    const format = parseFormat(values.format);
    const today = parseToday(values.today);
    let jobs: number | undefined;
    if (values.jobs !== undefined) {
      jobs = Number(values.jobs);
      if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError('cli-option-invalid', { option: '--jobs', expected: 'a whole number of at least 1', found: String(values.jobs) });
    }
    const cacheDir = values.cache
      ? resolve(io.cwd, String(values['cache-location'] ?? join('node_modules', '.cache', 'gatebook')))
      : undefined;
    let result;
    try {
      result = await checkProject({
        paths: positionals, cwd: io.cwd, keepRunbooks: false,
        ...(today ? { today } : {}), ...(jobs ? { jobs } : {}), ...(cacheDir ? { cacheDir } : {}),
      });
    } catch (error) {
      if (error instanceof PathNotFoundError) throw new UsageError('cli-path-not-found', { path: error.path });
      throw error;
    }
    writeDiagnostics(io, io.stdout, format, result.diagnostics, result.summary);
    const { errors, warnings } = result.summary;
    return errors > 0 || (values.strict && warnings > 0) ? EXIT.findings : EXIT.ok;
  },
};
