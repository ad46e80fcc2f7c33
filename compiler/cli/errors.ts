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
    title: 'Option not understood',
    message: '{detail}',
    hint: 'Check the spelling against the command\'s --help; a value that starts with `-` goes after `--`.',
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
    message: '{detail}',
    hint: 'Check the path; it is relative to the directory you run the command from.',
  },
  'cli-file-unreadable': {
    title: 'File cannot be read',
    message: 'cannot read {what} {path} ({code}).',
    hint: 'Check that the file exists and that you may read it.',
  },
  'cli-source-date-epoch': {
    title: 'SOURCE_DATE_EPOCH not usable',
    message: '{detail}.',
    hint: 'Unset it, or set it to whole seconds since 1970 up to 2147483647, such as `git log -1 --format=%ct`.',
  },
  'cli-public-key-unusable': {
    title: 'Public key not usable',
    message: '--key {path}: {problem}.',
    hint: 'Give the public key the bundle was signed for: PEM, RSA of at least 2048 bits or EC P-256 (`openssl pkey -in key.pem -pubout`).',
  },
  'cli-signing-key-public': {
    title: 'Public key given to sign',
    message: '{path} is a public key; --signing-key needs the private key.',
    hint: 'Give the private key; keep the public one for `gatebook verify --key`.',
  },
  'cli-signing-key-encrypted': {
    title: 'Signing key encrypted',
    message: '{path} is encrypted with a passphrase, which gatebook does not ask for.',
    hint: 'Decrypt it to a file only the build can read: `openssl pkcs8 -in {path} -out key.pem`.',
  },
  'cli-signing-key-format': {
    title: 'Signing key not PKCS#8',
    message: '{path} is not a PKCS#8 private key (expected -----BEGIN PRIVATE KEY-----).',
    hint: 'Convert it: `openssl pkcs8 -topk8 -nocrypt -in {path}`.',
  },
  'cli-signing-key-damaged': {
    title: 'Signing key damaged',
    message: '{path} has a PKCS#8 header but its content cannot be read as a key (damaged base64?).',
    hint: 'Export the key again.',
  },
  'cli-signing-key-unsupported': {
    title: 'Signing key not supported',
    message: '{path}: {problem}.',
    hint: 'Sign with an RSA key of at least 2048 bits (RS256) or an EC P-256 key (ES256).',
  },
  'cli-key-id-empty': {
    title: 'Empty key id',
    message: '--key-id is empty.',
    hint: "Give the id OPA's bundle config names the key by, or leave the option out.",
  },
  'cli-output-refused': {
    title: 'Output place refused',
    message: '{detail}.',
    hint: 'The build replaces its output directory as a whole: give --out a new or empty directory, or a previous build\'s.',
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
    hint: 'Give a git revision, a directory of runbooks, or a bundle.json for each side.',
  },
  'cli-source-url': {
    title: 'Source address not usable',
    message: "--source-url must be the repository's web address, such as https://github.com/org/repo; found '{found}'.",
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
