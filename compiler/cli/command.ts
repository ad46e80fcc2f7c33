// What every CLI command is: a name, its help, its options, and a run function that returns an
// exit code (0 ok, 1 findings, 2 usage or internal error) instead of calling process.exit.

import type { ParseArgsConfig } from 'node:util';
import { renderCliError, type CliErrorCode } from './errors.js';

export interface Io {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream;
}

export interface CommandContext {
  io: Io;
  values: Record<string, string | boolean | Array<string | boolean> | undefined>;
  positionals: string[];
}

export interface Command {
  name: string;
  /** The full `gatebook <name> --help` text. */
  help: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(ctx: CommandContext): Promise<number>;
}

/**
 * A mistake in how the command was called, from the catalog (cli/errors.ts): printed with its
 * hint, its docs page and a pointer to --help, exit 2.
 */
export class UsageError extends Error {
  override name = 'UsageError';
  readonly title: string;
  readonly hint: string;
  readonly url: string;

  constructor(readonly code: CliErrorCode, params: Record<string, unknown> = {}) {
    const text = renderCliError(code, params);
    super(text.message);
    this.title = text.title;
    this.hint = text.hint;
    this.url = text.url;
  }
}

export const EXIT = { ok: 0, findings: 1, error: 2 } as const;
