// `gatebook publish`: check, compile, and write the data the responder site is built from.

import { mkdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { parseSourceDateEpoch } from '../../bundle/source-date.js';
import { sourcesOf } from '../../bundle/sources.js';
import { checkProject } from '../../check/check.js';
import { PathNotFoundError } from '../../check/discover.js';
import type { CheckedRunbook } from '../../check/types.js';
import { compile } from '../../compile/compile.js';
import { CompileError } from '../../compile/problems.js';
import { splitFrontmatter } from '../../parse/frontmatter.js';
import { decodeSource } from '../../parse/source.js';
import { DownloadsError, listDownloads } from '../../publish/downloads.js';
import { currentBranch, fileHistory, remoteWebUrl, webUrlOf } from '../../publish/git.js';
import { loadGfm } from '../../publish/markdown.js';
import { publishSiteData } from '../../publish/publish.js';
import { todayUtc } from '../../check/check.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { packageRoot } from '../../util/package-root.js';
import { EXIT, UsageError, type Command } from '../command.js';
import { display, outputUnwritable } from '../fs-errors.js';
import { parseToday, writeDiagnostics } from '../shared.js';

export const publishCommand: Command = {
  name: 'publish',
  help: `Usage: gatebook publish [paths…] [options]

Checks the runbooks (like \`gatebook check\`) and, only when there are no errors,
compiles them and writes FILE: every runbook with its resolved policy in plain words
and its body as sanitized HTML, the AI actor inventory, owners, the gates matrix,
the rule reference and the language reference. The site (\`astro build\`) reads only
this file. Paths are files or directories of runbooks; default: runbooks/.

Options:
  --out <file>          output file (default .gatebook/site-data.json)
  --bundle-dir <dir>    where \`gatebook build\` wrote the bundle, listed on the
                        downloads page (default dist/bundle; skipped when missing)
  --source-url <url>    the repository's web address, for source and history links
                        (default: derived from \`git remote get-url origin\`)
  --source-ref <ref>    branch or commit those links point at (default: the
                        bundle's revision, else the current branch)
  --today <YYYY-MM-DD>  the date expiry is measured against (default: today, UTC)
  -h, --help            show this help

Exit codes: 0 written, 1 errors in the runbooks or a stale bundle (nothing written),
2 usage or internal error.`,
  options: {
    out: { type: 'string' },
    'bundle-dir': { type: 'string' },
    'source-url': { type: 'string' },
    'source-ref': { type: 'string' },
    today: { type: 'string' },
  },
  async run({ io, values, positionals }) {
    const outFile = resolve(io.cwd, String(values.out ?? '.gatebook/site-data.json'));
    const today = parseToday(values.today) ?? todayUtc();
    let sourceDateEpoch: number | undefined;
    try {
      sourceDateEpoch = parseSourceDateEpoch(io.env.SOURCE_DATE_EPOCH);
    } catch (error) {
      throw new UsageError('cli-source-date-epoch', { found: io.env.SOURCE_DATE_EPOCH });
    }
    let sourceUrl: string | undefined;
    if (values['source-url'] !== undefined) {
      sourceUrl = webUrlOf(String(values['source-url']));
      if (!sourceUrl) throw new UsageError('cli-source-url', { found: String(values['source-url']) });
    }

    let result;
    try {
      // With the blob ids of the bytes checked, so the revision is about them, not a second reading.
      result = await checkProject({ paths: positionals, cwd: io.cwd, today, keepRunbooks: true, gitBlobs: true });
    } catch (error) {
      if (error instanceof PathNotFoundError) throw new UsageError('cli-path-not-found', { path: error.path });
      throw error;
    }
    if (result.summary.errors > 0 || result.summary.warnings > 0) {
      writeDiagnostics(io, io.stderr, 'pretty', result.diagnostics, result.summary);
    }
    const nothing = `gatebook publish: nothing written to ${display(io.cwd, outFile)}`;
    if (result.summary.errors > 0) {
      io.stderr.write(`${nothing}: fix the errors above and publish again.\n`);
      return EXIT.findings;
    }

    const bodies = readBodies(io.cwd, result.runbooks);
    // As build does, so the digests agree from any directory (bundle/sources.ts).
    const sources = sourcesOf(io.cwd, positionals);
    const revision = (await sources.revision(result.runbooks)).commit;
    let bundle;
    try {
      bundle = compile(result.runbooks, { revision, sourceDateEpoch, sourcePathOf: sources.pathOf });
    } catch (error) {
      if (error instanceof CompileError) {
        for (const p of error.problems) io.stderr.write(`${p.file}: ${p.path}: ${p.message}\n`);
        io.stderr.write(`${nothing}: fix the problems above and publish again.\n`);
        return EXIT.findings;
      }
      throw error;
    }

    let downloads;
    try {
      const bundleDir = resolve(io.cwd, String(values['bundle-dir'] ?? 'dist/bundle'));
      downloads = listDownloads(bundleDir, join(packageRoot(), 'schemas'), bundle.digest);
    } catch (error) {
      if (error instanceof DownloadsError) {
        io.stderr.write(`${nothing}: ${error.message}.\n`);
        return EXIT.findings;
      }
      throw error;
    }

    const gfm = await loadGfm();
    if (!gfm) io.stderr.write('gatebook publish: remark-gfm is not installed; Markdown tables in runbook bodies are shown as plain text.\n');
    sourceUrl ??= remoteWebUrl(io.cwd);
    const sourceRef = values['source-ref'] !== undefined ? String(values['source-ref']) : (revision ?? currentBranch(io.cwd));

    const data = publishSiteData(result.runbooks, bundle, {
      bodies,
      schema: JSON.parse(readFileSync(join(packageRoot(), 'schemas', 'runbook.schema.json'), 'utf8')) as Record<string, unknown>,
      today,
      history: fileHistory(io.cwd, result.runbooks.map((r) => r.file)),
      downloads,
      ...(gfm ? { gfm } : {}),
      ...(sourceUrl ? { sourceUrl } : {}),
      ...(sourceRef ? { sourceRef } : {}),
    });

    try {
      try {
        mkdirSync(dirname(outFile), { recursive: true });
      } catch (error) {
        // mkdir -p says EEXIST when a part of the path is a file: say that, as build does.
        throw (error as NodeJS.ErrnoException).code === 'EEXIST' ? Object.assign(new Error('a part of the path is a file'), { code: 'ENOTDIR' }) : error;
      }
      writeFileAtomic(outFile, `${JSON.stringify(data)}\n`);
    } catch (error) {
      throw outputUnwritable(error, display(io.cwd, outFile)) ?? error;
    }
    const actions = data.runbooks.reduce((n, r) => n + r.actions.length, 0);
    io.stdout.write(
      `Published ${display(io.cwd, outFile)}: ${data.runbooks.length} runbook${data.runbooks.length === 1 ? '' : 's'}, ` +
        `${actions} action${actions === 1 ? '' : 's'}, ${data.actors.length} AI actor${data.actors.length === 1 ? '' : 's'}, ` +
        `${data.rules.length} rules; bundle ${bundle.digest}\n`,
    );
    return EXIT.ok;
  },
};

/**
 * Each runbook's Markdown body, read again from disk. The bytes must be the ones `check`
 * validated (same sha-256), or the page could show a procedure the policy was not checked with.
 */
function readBodies(cwd: string, runbooks: readonly CheckedRunbook[]): Map<string, string> {
  const bodies = new Map<string, string>();
  for (const r of runbooks) {
    const bytes = readFileSync(resolve(cwd, r.file));
    if (createHash('sha256').update(bytes).digest('hex') !== r.sha256) {
      throw new Error(`${r.file} changed while publishing; run the command again`);
    }
    const source = decodeSource(r.file, bytes);
    if (!source.ok) throw new Error(`${r.file}: ${source.diagnostic.message}`);
    const split = splitFrontmatter(r.file, source.text);
    if (!split.ok) throw new Error(`${r.file}: ${split.diagnostic.message}`);
    const afterYaml = source.text.slice(split.frontmatter.yamlOffset + split.frontmatter.yaml.length);
    bodies.set(r.file, afterYaml.replace(/^[^\n]*(?:\n|$)/, '')); // drop the closing fence line
  }
  return bodies;
}

