// Entry point of `gatebook`: parses arguments, dispatches to a command, and turns anything
// unexpected into a one-line message with exit code 2 — never a stack trace
// (set GATEBOOK_DEBUG=1 to see one).

import { parseArgs } from 'node:util';
import { commands } from './commands/index.js';
import { EXIT, UsageError, type Command, type Io } from './command.js';
import { VERSION } from '../version.js';

function topHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'gatebook — compile runbooks into decision gates for AI automation',
    '',
    'Usage: gatebook <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `gatebook <command> --help` for a command\'s options.',
    'Exit codes: 0 ok, 1 findings, 2 usage or internal error; diff also exits 3 when AI authority widened.',
    '',
  ].join('\n');
}

export async function run(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(topHelp());
    return name === undefined ? EXIT.error : EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    const error = new UsageError('cli-unknown-command', { name, commands: commands.map((c) => c.name).join(', ') });
    io.stderr.write(`gatebook: ${error.message}\n${details(error)}`);
    return EXIT.error;
  }
  return runCommand(await command.load(), rest, io);
}

async function runCommand(command: Command, argv: readonly string[], io: Io): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(command.help.endsWith('\n') ? command.help : `${command.help}\n`);
    return EXIT.ok;
  }
  try {
    let parsed;
    try {
      parsed = parseArgs({ args: [...argv], options: command.options, allowPositionals: true, strict: true });
    } catch (error) {
      throw isParseArgsError(error) ? fromParseArgs(error as Error, command) : error;
    }
    const { values, positionals } = parsed;
    // An empty value (--out '') would stand for the current directory, or an empty key id.
    for (const [name, value] of Object.entries(values)) if (value === '') throw new UsageError('cli-option-empty', { option: `--${name}` });
    return await command.run({ io, values, positionals });
  } catch (error) {
    if (error instanceof UsageError) {
      // The pointer to --help, unless the hint already is one.
      const help = error.hint.includes('--help') ? '' : `Run \`gatebook ${command.name} --help\` for usage.\n`;
      io.stderr.write(`gatebook ${command.name}: ${error.message}\n${details(error)}${help}`);
      return EXIT.error;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`gatebook ${command.name}: internal error: ${message}\nThis is a bug in Gatebook; please report it with the command you ran.\n`);
    if (io.env.GATEBOOK_DEBUG && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    return EXIT.error;
  }
}

/** A usage error's hint and docs page, one line each, as check prints a diagnostic's. */
function details(error: UsageError): string {
  return `  hint: ${error.hint}\n  docs: ${error.url}\n`;
}

/** node:util parseArgs' errors in the catalog's words (its own name no option, and repeat the hint). */
function fromParseArgs(error: Error, command: Command): UsageError {
  const option = /'(--?[^' ]+)/.exec(error.message)?.[1] ?? '';
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError('cli-unknown-option', { option, command: command.name, options: Object.keys(command.options).map((o) => `--${o}`).join(', ') || 'no options' });
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (command.options[option.replace(/^--?/, '')]?.type === 'boolean') return new UsageError('cli-option-takes-no-value', { option });
      // "ambiguous": a value was given, but it starts with '-'.
      return new UsageError(/ambiguous/.test(error.message) ? 'cli-option-value-dash' : 'cli-option-value-missing', { option });
    default:
      return new UsageError('cli-command-line', { detail: error.message.replace(/\.$/, '') });
  }
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

/**
 * A reader that goes away (`| head`, a closed pipe) is not the command failing: what is left to
 * print is dropped, and the exit code stays the command's own (a build that was written is 0).
 */
function ignoreClosedReader(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
  });
}

export async function main(argv: readonly string[]): Promise<void> {
  ignoreClosedReader(process.stdout);
  ignoreClosedReader(process.stderr);
  process.exitCode = await run(argv, {
    cwd: process.cwd(),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
  });
}
