// `gatebook build`: check, then compile into bundle.json and the OPA bundle, optionally signed.

import { createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { OutputDirError, recoverOutput } from '../../bundle/atomic-dir.js';
import { algorithmForKey } from '../../bundle/key-algorithm.js';
import { sourcesOf } from '../../bundle/sources.js';
import type { SignOptions } from '../../bundle/signature.js';
import { parseSourceDateEpoch } from '../../bundle/source-date.js';
import { checkAndCompileUnits } from '../../check/check.js';
import { PathNotFoundError } from '../../check/discover.js';
import { CompileError } from '../../compile/problems.js';
import { EXIT, UsageError, type Command } from '../command.js';
import type { CliErrorCode } from '../errors.js';
import { display, inputUnreadable, outputUnwritable } from '../fs-errors.js';
import { parseToday, writeDiagnostics } from '../shared.js';

export const buildCommand: Command = {
  name: 'build',
  help: `Usage: gatebook build [paths…] [options]

Checks the runbooks (like \`gatebook check\`) and, only when there are no errors,
compiles them into DIR:
  bundle.json             the policy bundle (schemas/bundle.schema.json), canonical JSON
  gatebook.tar.gz         the same as a data-only OPA bundle (data.gatebook)
  bundle.signatures.json  with --signing-key: OPA-format signature over bundle.json
                          (the tarball then carries its own .signatures.json)
Paths are files or directories of runbooks; default: runbooks/. DIR is replaced as
a whole, atomically; it must be new, empty, or a previous build's output.

Options:
  --out <dir>            output directory (default dist/bundle)
  --signing-key <file>   PEM private key, PKCS#8: RSA ≥ 2048 bits (RS256) or EC P-256 (ES256)
  --key-id <id>          key id in the signature; OPA's bundle config names the key by it
  --today <YYYY-MM-DD>   the date expiry rules compare with (default: today, UTC)
  -h, --help             show this help

Reproducible: the same runbooks, revision and SOURCE_DATE_EPOCH give byte-identical
files on any machine, from any directory of their git work tree (outside git, from the
same directory; ES256 signatures excepted: ECDSA signing is randomized).
  source paths        relative to the root of the git work tree holding the runbooks
                      (outside one: to the current directory)
  revision            the git commit, when the runbooks compiled are exactly the ones it holds
                      (compared by content; a CRLF checkout of it counts, though its
                      source.sha256 values and so its digest differ from an LF checkout's);
                      else none, and the output says why — with a warning when git itself
                      fails, as on a checkout it does not trust (git's safe.directory)
  SOURCE_DATE_EPOCH   when set: recorded as generatedAt and used as the archive's file time

Exit codes: 0 built, 1 errors in the runbooks (nothing written), 2 usage or internal error.`,
  options: {
    out: { type: 'string' },
    'signing-key': { type: 'string' },
    'key-id': { type: 'string' },
    today: { type: 'string' },
  },
  async run({ io, values, positionals }) {
    const outDir = resolve(io.cwd, String(values.out ?? 'dist/bundle'));
    const today = parseToday(values.today);
    let sourceDateEpoch: number | undefined;
    try {
      sourceDateEpoch = parseSourceDateEpoch(io.env.SOURCE_DATE_EPOCH);
    } catch (error) {
      throw new UsageError('cli-source-date-epoch', { found: io.env.SOURCE_DATE_EPOCH });
    }
    if (values['key-id'] !== undefined && values['signing-key'] === undefined) {
      throw new UsageError('cli-option-needs', { option: '--key-id', why: 'names the signing key', other: '--signing-key' });
    }
    const signing = await readSigningKey(io.cwd, values['signing-key'], values['key-id']);

    // Source paths in the bundle are relative to the root of the git work tree holding the
    // runbooks (else to the current directory), so the same commit gives the same bundle from
    // any directory, in any clone.
    const sources = sourcesOf(io.cwd, positionals);
    // What an interrupted build set aside goes back first, whether or not this one gets to write.
    await recoverOutput(outDir);

    // The bundle writer (signing, tar, gzip: ~50 ms of module loading) loads while the workers
    // check, not before they start. A failure to load surfaces where it is awaited.
    const writer = import('../../bundle/build.js');
    writer.catch(() => undefined);
    let result;
    try {
      // Each runbook is compiled where it is checked, in the workers; here they are only linked.
      result = await checkAndCompileUnits({ paths: positionals, cwd: io.cwd, keepRunbooks: false, sourceRoot: sources.root, ...(today ? { today } : {}) });
    } catch (error) {
      if (error instanceof PathNotFoundError) throw new UsageError('cli-path-not-found', { path: error.path });
      throw error;
    }
    if (result.summary.errors > 0 || result.summary.warnings > 0) {
      writeDiagnostics(io, io.stderr, 'pretty', result.diagnostics, result.summary);
    }
    if (result.summary.errors > 0) {
      io.stderr.write(`gatebook build: nothing written to ${display(io.cwd, outDir)}: fix the errors above and build again.\n`);
      return EXIT.findings;
    }

    if (result.unitFailure) throw new Error(`compiling ${result.unitFailure.file} failed: ${result.unitFailure.message}`);

    // Compared with the blob ids of the bytes the workers compiled, in git child processes while the
    // units are linked; in the runbooks' work tree, wherever the build runs from.
    const found = sources.revision(result.units);
    const revision = found.then((r) => r.commit);
    let built;
    try {
      const { buildBundle } = await writer;
      built = await buildBundle(result.units, { outDir, revision, sourceDateEpoch, signing });
    } catch (error) {
      if (error instanceof CompileError) {
        for (const p of error.problems) io.stderr.write(`${p.file}: ${p.path}: ${p.message}\n`);
        io.stderr.write(`gatebook build: nothing written to ${display(io.cwd, outDir)}: fix the problems above and build again.\n`);
        return EXIT.findings;
      }
      if (error instanceof OutputDirError) throw new UsageError(OUTPUT_REFUSED[error.kind], error.params);
      // Nothing was swapped in: replaceDirAtomic leaves the previous output as it was.
      throw outputUnwritable(error, display(io.cwd, outDir)) ?? error;
    }
    const { bundle, files } = built;
    const { grants, runbooks } = bundle.counts;
    const { why, gitFailed } = await found;
    // The revision is part of the digest: a git that refuses the repository (dubious ownership in
    // a container, say) changes the bundle, so say so where CI logs show it.
    if (gitFailed) io.stderr.write(`gatebook build: warning: the bundle has no revision because ${why}\n`);
    io.stdout.write(
      `Built ${display(io.cwd, outDir)}: ${runbooks} runbook${runbooks === 1 ? '' : 's'}, ${grants} grant${grants === 1 ? '' : 's'}, ` +
        `revision ${bundle.revision ?? `none (${why})`}\n` +
        `  digest ${bundle.digest}\n` +
        files.map((f) => `  ${f.name} (${f.bytes.length} bytes)\n`).join('') +
        (signing ? `  signed${signing.keyId ? ` with key id ${signing.keyId}` : ''}\n` : ''),
    );
    return EXIT.ok;
  },
};

async function readSigningKey(cwd: string, file: unknown, keyId: unknown): Promise<SignOptions | undefined> {
  if (file === undefined) return undefined;
  const path = resolve(cwd, String(file));
  let pem: string;
  try {
    pem = await readFile(path, 'utf8');
  } catch (error) {
    throw inputUnreadable(error, 'the signing key', String(file));
  }
  if (!pem.includes('-----BEGIN ')) throw new UsageError('cli-signing-key-not-pem', { path: String(file) });
  if (pem.includes('PUBLIC KEY-----')) {
    throw new UsageError('cli-signing-key-public', { path: String(file) });
  }
  // PKCS#8 encrypted, or the traditional form's 'Proc-Type: 4,ENCRYPTED' header.
  if (pem.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----') || /^Proc-Type: 4,ENCRYPTED/m.test(pem)) {
    throw new UsageError('cli-signing-key-encrypted', { path: String(file) });
  }
  if (!pem.includes('-----BEGIN PRIVATE KEY-----')) {
    throw new UsageError('cli-signing-key-format', { path: String(file) });
  }
  let key;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new UsageError('cli-signing-key-damaged', { path: String(file) });
  }
  try {
    algorithmForKey(key); // fail now, with a usage message, not after checking
  } catch (error) {
    throw new UsageError('cli-signing-key-unsupported', { path: String(file), problem: (error as Error).message.replace(/^error:\S* /, '') });
  }
  if (keyId !== undefined && String(keyId).trim() === '') throw new UsageError('cli-option-empty', { option: '--key-id' });
  return { privateKeyPem: pem, ...(keyId === undefined ? {} : { keyId: String(keyId) }) };
}

/** How the CLI says why an output place was refused (bundle/atomic-dir.ts). */
const OUTPUT_REFUSED: Record<OutputDirError['kind'], CliErrorCode> = {
  symlink: 'cli-output-symlink', 'not-directory': 'cli-output-not-directory', 'mount-point': 'cli-output-mount-point', foreign: 'cli-output-foreign',
};
