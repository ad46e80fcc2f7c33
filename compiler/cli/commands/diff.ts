// `gatebook diff BASE HEAD`: what the AI may do after a change that it could not before.

import { render as renderDiagnostics } from '../../diagnostics/render/index.js';
import { summarize } from '../../diagnostics/diagnostic.js';
import { diffSides } from '../../diff/diff.js';
import { repositoryPrefix } from '../../diff/git.js';
import { DIFF_FORMATS, renderDiff, type DiffFormat, type RenderOptions } from '../../diff/render/index.js';
import { loadSides, resolveSide, SideUsageError, type SideFailure, type SideSpec } from '../../diff/sides.js';
import { EXIT, UsageError, type Command, type Io } from '../command.js';
import { parseToday, useColor } from '../shared.js';

/** Exit code when authority is widened: CI can require the owner's review. */
export const EXIT_WIDENED = 3;

export const diffCommand: Command = {
  name: 'diff',
  help: `Usage: gatebook diff BASE [HEAD] [options]

Compiles both sides and compares the grants enforcers obey, per actor, action and
service: authority widened (weaker gate, bigger envelope, weaker evidence, wider change
windows, new grants, a new model pin, …), narrowed, ownership and approval changes, and
neutral changes (wording, contacts, body text) — each with the runbook file and line in
HEAD, the old and new value, and one sentence.

BASE and HEAD are each, in this order of precedence:
  a file                   a bundle.json written by \`gatebook build\`
  a directory              the runbooks in it (like \`gatebook check DIR\`)
  a git revision           the runbooks in that commit (origin/main, HEAD~1, a tag, a sha),
                           read from git without touching the working tree
HEAD defaults to the runbook directory of the working tree.

Options:
  --format <f>                    pretty (default), markdown (a pull-request comment), json
                                  (schemas/diff.schema.json)
  --require-approval-from-owner   name, for each widened change, the runbook owner whose
                                  approval it needs, and flag widened authority whose
                                  approval.approvedOn was left unchanged
  --runbooks <dir>                the runbook directory inside git revisions (default: the
                                  directory side's, else runbooks)
  --today <YYYY-MM-DD>            the date check runs with (expiry never fails a side)
  --jobs <n>                      worker threads for checking (default: one per core)
  -h, --help                      show this help

Exit codes: 0 no authority widened, 3 authority widened, 1 a side does not pass check
(or a bundle.json is not a valid bundle), 2 usage or internal error.`,
  options: {
    format: { type: 'string' },
    'require-approval-from-owner': { type: 'boolean' },
    runbooks: { type: 'string' },
    today: { type: 'string' },
    jobs: { type: 'string' },
  },
  async run({ io, values, positionals }) {
    const format = (values.format ?? 'pretty') as DiffFormat;
    if (!DIFF_FORMATS.includes(format)) throw new UsageError('cli-option-invalid', { option: '--format', expected: `one of ${DIFF_FORMATS.join(', ')}`, found: String(values.format) });
    if (positionals.length === 0 || positionals.length > 2) {
      throw new UsageError('cli-arguments', { expected: 'BASE and optionally HEAD (a git revision, a directory of runbooks, or a bundle.json)', found: positionals.length === 0 ? 'none' : `'${positionals.join(' ')}'` });
    }
    const today = parseToday(values.today);
    const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
    if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1)) throw new UsageError('cli-option-invalid', { option: '--jobs', expected: 'a whole number, 1 or more', found: String(values.jobs) });
    const runbooks = values.runbooks === undefined ? undefined : String(values.runbooks);
    const [baseSpec, headSpec = runbooks ?? 'runbooks'] = positionals as [string, string?];

    let base: SideSpec;
    let head: SideSpec;
    let loaded;
    try {
      base = await resolveSide(baseSpec, io.cwd);
      head = await resolveSide(headSpec, io.cwd);
      loaded = await loadSides(base, head, { cwd: io.cwd, runbooks, today, jobs });
    } catch (error) {
      if (error instanceof SideUsageError) throw new UsageError('cli-diff-side', { detail: error.message });
      throw error;
    }
    if ('failures' in loaded) {
      for (const failure of loaded.failures) io.stderr.write(renderFailure(io, failure));
      return EXIT.findings;
    }
    const output = diffSides(loaded.base, loaded.head);
    const options: RenderOptions = {
      color: format === 'pretty' && useColor(io, io.stdout),
      requireOwnerApproval: values['require-approval-from-owner'] === true,
      link: format === 'markdown' ? await githubLinks(io, loaded.head.info.revision) : null,
    };
    io.stdout.write(renderDiff(format, output, options));
    return output.result.summary.widened > 0 ? EXIT_WIDENED : EXIT.ok;
  },
};

function describe(f: SideFailure): string {
  const what = f.info.kind === 'git' ? `git revision ${f.info.spec} (${f.info.revision?.slice(0, 12)})` : f.info.kind === 'directory' ? `directory ${f.info.spec}` : `bundle ${f.info.spec}`;
  return `${f.side === 'base' ? 'BASE' : 'HEAD'}, ${what}`;
}

/** A failing side: its diagnostics as `check` shows them (git files named `rev:path`), or why it does not compile. */
function renderFailure(io: Io, f: SideFailure): string {
  const head = `gatebook diff: ${describe(f)}`;
  if (f.message !== null) return `${head}: not a usable bundle: ${f.message}.\n`;
  if (f.problems.length) {
    return `${head} does not compile:\n${f.problems.map((p) => `${p.file}: ${p.path}: ${p.message}\n`).join('')}`;
  }
  const name = (file: string) => (f.info.kind === 'git' ? `${f.info.spec}:${file}` : file);
  const diagnostics = f.diagnostics.map((d) => ({ ...d, file: name(d.file) }));
  const texts = new Map([...f.texts].map(([file, text]) => [name(file), text]));
  const files = new Set(diagnostics.map((d) => d.file)).size;
  const text = renderDiagnostics('pretty', diagnostics, summarize(files, diagnostics), { color: useColor(io, io.stderr), source: (file) => texts.get(file) });
  return `${head} does not pass check (fix it, or diff against another revision):\n${text}`;
}

/**
 * In GitHub Actions, markdown locations link to the file at HEAD's commit (or GITHUB_SHA when
 * HEAD is the checked-out working tree).
 */
async function githubLinks(io: Io, headRevision: string | null): Promise<RenderOptions['link']> {
  const server = io.env.GITHUB_SERVER_URL;
  const repo = io.env.GITHUB_REPOSITORY;
  const sha = headRevision ?? io.env.GITHUB_SHA;
  if (!server || !repo || !sha || !/^[\w.-]+\/[\w.-]+$/.test(repo)) return null;
  let prefix = '';
  try {
    prefix = await repositoryPrefix(io.cwd);
  } catch {
    return null;
  }
  return (file, line) => `${server}/${repo}/blob/${sha}/${encodeURI(prefix + file)}${line === null ? '' : `#L${line}`}`;
}
