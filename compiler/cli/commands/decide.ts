// `gatebook decide`: ask the reference enforcer one question and print its answer as JSON.

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { decideJson, loadBundle } from '../../enforcer/index.js';
import { EXIT, UsageError, type Command, type Io } from '../command.js';
import { inputUnreadable } from '../fs-errors.js';

async function readStdin(io: Io): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

/** The request's bytes: the enforcer decodes them, and denies text that is not UTF-8. */
async function readBytes(io: Io, option: string, path: string): Promise<Buffer> {
  try {
    return await readFile(resolve(io.cwd, path));
  } catch (error) {
    throw inputUnreadable(error, option, path);
  }
}

async function readText(io: Io, option: string, path: string): Promise<string> {
  return (await readBytes(io, option, path)).toString('utf8');
}

export const decideCommand: Command = {
  name: 'decide',
  help: `Usage: gatebook decide --bundle <bundle.json> --request <request.json | -> [--key <public.pem>]

Loads a compiled policy bundle, decides one request and prints the answer as JSON: the
decision (allow < notify < approve < human-executes < change-board < deny), every gate's
result with its reason code and sentence, the escalations that fire, the approvals needed,
and the decision record (schemas/decision.schema.json). The request format is
$defs/request in the same schema; the time comes from the request, never from the clock.

Fails closed: a missing, corrupt, unsigned (with --key) or tampered bundle, a signed one
without --key, an unknown schema version, or a malformed request is still answered — with
"deny" and the reasons.

Options:
  --bundle <file>        the bundle (bundle.json from \`gatebook build\`); its signature is
                         read from <name>.signatures.json beside it
                         (dir/prod.json → dir/prod.signatures.json)
  --request <file | ->   the request as JSON; - reads standard input
  --key <file>           public key, PEM (SPKI, PKCS#1 or a certificate), RSA or EC
                         P-256: the bundle must be signed by it. A signed bundle (a
                         signatures file beside it) needs --key: without one every
                         decision is deny
  --require-signature    deny everything unless the bundle is signed (needs --key)
  -h, --help             show this help

Exit codes: 0 a decision was made (and printed, unless the reader of standard output
went away) — including "deny": read the "decision" field, not the exit code; 2 usage
error (no decision was made: treat it as deny).`,
  options: {
    bundle: { type: 'string' },
    request: { type: 'string' },
    key: { type: 'string' },
    'require-signature': { type: 'boolean' },
  },
  async run({ io, values, positionals }) {
    if (positionals.length > 0) throw new UsageError('cli-arguments', { expected: 'no arguments (pass files with --bundle and --request)', found: `'${positionals.join(' ')}'` });
    if (typeof values.bundle !== 'string') throw new UsageError('cli-option-required', { option: '--bundle <bundle.json>', why: '' });
    if (typeof values.request !== 'string') throw new UsageError('cli-option-required', { option: '--request <request.json | ->', why: '' });
    const requestText = values.request === '-' ? await readStdin(io) : await readBytes(io, '--request', values.request);
    const publicKeyPem = typeof values.key === 'string' ? await readText(io, '--key', values.key) : undefined;
    const bundle = await loadBundle(
      { path: resolve(io.cwd, values.bundle) },
      // Unset without the flag (not false, which would skip the check): a signed bundle then
      // still needs --key, as the library decides by default.
      { publicKeyPem, ...(values['require-signature'] === true ? { requireSignature: true } : {}) },
    );
    const result = decideJson(bundle, requestText);
    io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return EXIT.ok;
  },
};
