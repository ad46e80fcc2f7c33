// `gatebook verify`: check a build's signatures and digest against a public key.

import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { publicKeyProblem } from '../../bundle/key-algorithm.js';
import { verifyArtifact } from '../../bundle/verify.js';
import { EXIT, UsageError, type Command } from '../command.js';
import { inputUnreadable } from '../fs-errors.js';

export const verifyCommand: Command = {
  name: 'verify',
  help: `Usage: gatebook verify <bundle-dir | bundle.json | gatebook.tar.gz> --key <public.pem>

Checks the output of \`gatebook build --signing-key\`:
  a directory   bundle.json against bundle.signatures.json, and gatebook.tar.gz if present
  a .json file  the bundle against <name>.signatures.json beside it (as enforcers read it)
  a .tar.gz     the OPA bundle against its embedded .signatures.json
For each: the signature verifies with the key, every signed file matches its hash and
no unsigned file was added, the bundle digest matches its content, the schema version
is known, the files are in canonical form, all copies hold the same bundle, and the
reference enforcer loads it (its structure check passes).

Options:
  --key <file>   public key, PEM (-----BEGIN PUBLIC KEY-----; an RSA PUBLIC KEY or a
                 certificate also works), RSA or EC P-256
  -h, --help     show this help

Exit codes: 0 verified, 1 not verified (reasons on stderr), 2 usage or internal error.`,
  options: {
    key: { type: 'string' },
  },
  async run({ io, values, positionals }) {
    if (positionals.length !== 1) {
      throw new UsageError('cli-arguments', { expected: 'one bundle directory, bundle.json or .tar.gz', found: positionals.length === 0 ? 'none' : `'${positionals.join(' ')}'` });
    }
    if (values.key === undefined) throw new UsageError('cli-option-required', { option: '--key <public.pem>', why: ': verification needs the public key the bundle was signed for' });
    const target = positionals[0]!;
    const path = resolve(io.cwd, target);
    try {
      await stat(path);
    } catch {
      throw new UsageError('cli-path-not-found', { path: target });
    }
    let key: string;
    try {
      key = await readFile(resolve(io.cwd, String(values.key)), 'utf8');
    } catch (error) {
      throw inputUnreadable(error, 'the key', String(values.key));
    }

    const problem = publicKeyProblem(key);
    if (problem !== null) throw new UsageError('cli-public-key-unusable', { path: String(values.key), problem });

    let report;
    try {
      report = await verifyArtifact(path, key);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (typeof code === 'string' && code.startsWith('E')) throw new UsageError('cli-bundle-unreadable', { path: target, code });
      throw error;
    }
    if (report.reasons.length > 0) {
      io.stderr.write(`${target}: NOT verified\n${report.reasons.map((r) => `  - ${r}\n`).join('')}`);
      return EXIT.findings;
    }
    io.stdout.write(`${target}: verified (${report.checked.join(', ')})${report.digest ? `\n  digest ${report.digest}` : ''}\n`);
    return EXIT.ok;
  },
};
