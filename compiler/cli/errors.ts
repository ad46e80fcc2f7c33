// Every mistake in how a command was called, in one catalog: a title, a message template filled
// from the call, a hint saying how to fix it, and a docs page (as Astro's error catalog, and as
// diagnostics/catalog.ts does for what `check` reports). `{name}` in a template is a parameter.

import { formatTemplate, type CatalogEntry } from '../diagnostics/catalog.js';
import { docsUrl } from '../diagnostics/docs-url.js';

export const CLI_ERRORS = {
  'cli-unknown-command': {
    title: 'Unknown command',
    message: "unknown command '{name}'. Commands: {commands}.",
    hint: 'Run `gatebook --help` for the commands and what each does.',
  },
  'cli-unknown-option': {
    title: 'Unknown option',
    message: "unknown option '{option}'; {command} takes {options}.",
    hint: 'Check the spelling; a path or revision that starts with `-` goes after `--` (`gatebook check -- -draft.md`).',
  },
  'cli-option-value-missing': {
    title: 'Option without its value',
    message: '{option} needs a value.',
    hint: 'Write `{option} <value>`, or `{option}=<value>` when the value starts with `-`.',
  },
  'cli-option-value-dash': {
    title: 'Option value starting with a dash',
    message: "{option}'s value starts with `-`, so it reads as another option.",
    hint: 'Write it as `{option}=<value>`.',
  },
  'cli-option-takes-no-value': {
    title: 'Value given to a flag',
    message: '{option} takes no value.',
    hint: 'Write the flag alone: it is on when given, off when left out.',
  },
  'cli-command-line': {
    title: 'Command line not understood',
    message: '{detail}.',
    hint: 'Run the command with --help for how it is called.',
    example: "Unexpected argument 'x'. This command does not take positional arguments.",
  },
  'cli-option-empty': {
    title: 'Empty option value',
    message: '{option} is empty.',
    hint: 'Give it a value, or leave the option out.',
  },
  'cli-option-invalid': {
    title: 'Option value not accepted',
    message: "{option} must be {expected}; found '{found}'.",
    hint: 'Run the command with --help for the values each option takes.',
  },
  'cli-option-required': {
    title: 'Required option missing',
    message: '{option} is required{why}.',
    hint: 'Run the command with --help for its options.',
  },
  'cli-option-needs': {
    title: 'Option needs another',
    message: '{option} {why}, so it needs {other} too.',
    hint: 'Give both options, or neither.',
  },
  'cli-arguments': {
    title: 'Wrong arguments',
    message: 'expected {expected}; found {found}.',
    hint: 'Run the command with --help for what it takes.',
  },
  'cli-path-not-found': {
    title: 'No such file or directory',
    message: 'no such file or directory: {path}.',
    hint: 'Check the path; a relative one is read from the directory you run the command from (check, build and publish read `runbooks/` when given none).',
  },
  'cli-file-unreadable': {
    title: 'File cannot be read',
    message: 'cannot read {what} {path} ({code}).',
    hint: 'Check that the file exists and that you may read it.',
  },
  'cli-file-is-directory': {
    title: 'Directory given for a file',
    message: '{what} {path} is a directory; expected a file.',
    hint: 'Give the file itself.',
  },
  'cli-source-date-epoch': {
    title: 'SOURCE_DATE_EPOCH not usable',
    message: "SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01, at most 2147483647 (2038-01-19T03:14:07Z, the latest file time the tarball records); found '{found}'.",
    hint: 'Unset it, or take it from the commit: `SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)`.',
  },
  'cli-public-key-unusable': {
    title: 'Public key not usable',
    message: '--key {path}: {problem}.',
    hint: 'Give the public half of the key the bundle was signed with: `openssl pkey -in signing.pem -pubout -out signing.pub.pem`.',
  },
  'cli-signing-key-public': {
    title: 'Public key given to sign',
    message: '{path} is a public key; --signing-key needs the private key.',
    hint: 'Give the private key; keep the public one for `gatebook verify --key`.',
  },
  'cli-signing-key-encrypted': {
    title: 'Signing key encrypted',
    message: '{path} is encrypted with a passphrase, which gatebook does not ask for.',
    hint: 'Decrypt it to a file only the build can read: `openssl pkey -in {path} -out key.pem`.',
  },
  'cli-signing-key-not-pem': {
    title: 'Signing key not PEM',
    message: '{path} is not a PEM key (no -----BEGIN line).',
    hint: 'Give the private key the build signs with, as PKCS#8 PEM (-----BEGIN PRIVATE KEY-----).',
  },
  'cli-signing-key-format': {
    title: 'Signing key not PKCS#8',
    message: '{path} is not a PKCS#8 private key (expected -----BEGIN PRIVATE KEY-----).',
    hint: 'Convert it: `openssl pkcs8 -topk8 -nocrypt -in {path} -out key.pem`.',
  },
  'cli-signing-key-damaged': {
    title: 'Signing key damaged',
    message: '{path} has a PKCS#8 header but its content cannot be read as a key (damaged base64?).',
    hint: 'Export the key again.',
  },
  'cli-signing-key-unsupported': {
    title: 'Signing key not supported',
    message: '{path}: {problem}.',
    hint: 'Make a supported one: `openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out signing.pem`.',
  },
  'cli-output-symlink': {
    title: 'Output is a symbolic link',
    message: '{path} is a symbolic link ({target}).',
    hint: 'The build replaces its output directory as a whole, which would replace the link: give --out the real directory.',
  },
  'cli-output-not-directory': {
    title: 'Output is not a directory',
    message: '{path} exists and is not a directory.',
    hint: 'Choose another --out, or remove the file.',
  },
  'cli-output-mount-point': {
    title: 'Output is a mount point',
    message: '{path} is a mount point (or in use), which cannot be renamed.',
    hint: 'The build swaps its output in by renaming the directory: give --out a directory inside the mount, such as {inside}.',
  },
  'cli-output-foreign': {
    title: 'Output holds other files',
    message: '{path} holds files a build does not write ({files}).',
    hint: 'The build replaces the whole directory: choose a new or empty directory for --out, or a previous build\'s.',
  },
  'cli-output-unwritable': {
    title: 'Output cannot be written',
    message: 'cannot write the output to {path} ({code}: {meaning}). Nothing was replaced.',
    hint: 'Choose an --out you can write, on a file system with room.',
  },
  'cli-bundle-unreadable': {
    title: 'Bundle cannot be read',
    message: 'cannot read {path} ({code}).',
    hint: 'Check its permissions and that it is a build output (a directory, bundle.json or gatebook.tar.gz).',
  },
  'cli-diff-side': {
    title: 'Diff side not understood',
    message: '{detail}.',
    hint: 'Each side is a git revision (inside a git work tree), a directory of runbooks, or a bundle.json; --runbooks names the runbook directory inside revisions.',
    example: "'HEAD~9' is not a bundle.json file, a directory of runbooks, or a git revision (no such commit in this repository).",
  },
  'cli-source-url': {
    title: 'Source address not usable',
    message: "--source-url must be the repository's web address, such as `https://github.com/org/repo`; found '{found}'.",
    hint: 'Give the address of the repository as a browser shows it; file links are made from it.',
  },
} as const satisfies Record<string, CatalogEntry>;

export type CliErrorCode = keyof typeof CLI_ERRORS;

/** A catalog entry's message and hint, filled from the call. */
export function renderCliError(code: CliErrorCode, params: Record<string, unknown>): { message: string; hint: string; url: string; title: string } {
  const entry = CLI_ERRORS[code];
  // Its page sits beside the rules' and the diagnostics' (docs-url.ts decides the address).
  return { title: entry.title, message: formatTemplate(entry.message, params), hint: formatTemplate(entry.hint, params), url: docsUrl(code) };
}
