// `gatebook build` end to end: the compiled CLI (lib/, built by `npm run compile`, which
// `npm test` runs first) in a temporary project made of the compile fixtures.

import { spawnSync } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import { checkDigest } from '../compiler/compile/index.js';
import { gatebook, makeProject, requireCompiledCli, TODAY } from './build-cli-helpers.js';

let project: string;

/** Asserts a successful run, showing stderr when it was not. */
function built(r: { code: number | null; stderr: string }): void {
  expect(r.code, r.stderr).toBe(0);
}

const files = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((n) => [n, readFileSync(join(dir, n))]));

beforeAll(requireCompiledCli);
beforeEach(() => {
  project = makeProject();
});
afterEach(() => rmSync(project, { recursive: true, force: true }));

describe('gatebook build', { timeout: 120_000 }, () => {
  it('writes bundle.json and gatebook.tar.gz to dist/bundle', () => {
    const r = gatebook(project, ['build', ...TODAY]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(Object.keys(files(join(project, 'dist', 'bundle')))).toEqual(['bundle.json', 'gatebook.tar.gz']);
    const bundle = JSON.parse(readFileSync(join(project, 'dist', 'bundle', 'bundle.json'), 'utf8')) as { revision: unknown; digest: string };
    expect(checkDigest(bundle)).toEqual({ ok: true });
    expect(bundle.revision).toBeNull(); // not a git repository
    expect(r.stdout).toMatch(/revision none \(not in a git work tree\)/);
    expect(r.stdout).toContain(bundle.digest);
    expect(r.stdout).toMatch(/3 runbooks, 7 grants/);
  });

  it('refuses to write anything when check finds errors', () => {
    built(gatebook(project, ['build', ...TODAY]));
    const out = join(project, 'dist', 'bundle');
    const before = files(out);
    const mtime = statSync(join(out, 'bundle.json')).mtimeMs;
    const broken = readFileSync(join(project, 'runbooks', 'gamma-rate-limits.md'), 'utf8').replace('category: config', 'category: iam');
    writeFileSync(join(project, 'runbooks', 'gamma-rate-limits.md'), broken);

    const r = gatebook(project, ['build', ...TODAY]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/runbooks\/gamma-rate-limits\.md:\d+:\d+\s+error/);
    expect(r.stderr).toMatch(/nothing written to dist\/bundle/);
    expect(r.stdout).toBe('');
    expect(files(out)).toEqual(before);
    expect(statSync(join(out, 'bundle.json')).mtimeMs).toBe(mtime);

    const fresh = join(project, 'fresh');
    expect(gatebook(project, ['build', '--out', 'fresh', ...TODAY]).code).toBe(1);
    expect(existsSync(fresh)).toBe(false);
  });

  it('puts back the output an interrupted build set aside, even when this build fails its check', () => {
    built(gatebook(project, ['build', ...TODAY]));
    const out = join(project, 'dist', 'bundle');
    const before = files(out);
    // What a build killed between its two renames leaves: the previous output set aside, none in place.
    const host = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);
    const gone = spawnSync(process.execPath, ['-e', '']).pid!;
    renameSync(out, join(project, 'dist', `.bundle.old-${gone}-${host}-0123456789ab`));
    const broken = readFileSync(join(project, 'runbooks', 'gamma-rate-limits.md'), 'utf8').replace('category: config', 'category: iam');
    writeFileSync(join(project, 'runbooks', 'gamma-rate-limits.md'), broken);
    expect(gatebook(project, ['build', ...TODAY]).code).toBe(1);
    expect(files(out)).toEqual(before);
    expect(readdirSync(join(project, 'dist'))).toEqual(['bundle']);
  });

  it('refuses a mount point as the output, with a way out (the swap renames it)', () => {
    // /proc is a mount point on every Linux machine these tests run on.
    const r = gatebook(project, ['build', '--out', '/proc', ...TODAY]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\/proc is a mount point \(or in use\), which cannot be renamed\.\n {2}hint: .*give --out a directory inside the mount, such as \/proc\/bundle\./);
  });

  it('is byte-identical across builds; SOURCE_DATE_EPOCH sets generatedAt and file times', () => {
    built(gatebook(project, ['build', '--out', 'one', ...TODAY]));
    built(gatebook(project, ['build', '--out', 'two', ...TODAY]));
    expect(files(join(project, 'two'))).toEqual(files(join(project, 'one')));

    const env = { SOURCE_DATE_EPOCH: '1767225600' };
    built(gatebook(project, ['build', '--out', 'three', ...TODAY], env));
    built(gatebook(project, ['build', '--out', 'four', ...TODAY], env));
    expect(files(join(project, 'four'))).toEqual(files(join(project, 'three')));
    const three = JSON.parse(readFileSync(join(project, 'three', 'bundle.json'), 'utf8')) as { generatedAt?: string };
    expect(three.generatedAt).toBe('2026-01-01T00:00:00.000Z');
    expect(readFileSync(join(project, 'three', 'gatebook.tar.gz'))).not.toEqual(readFileSync(join(project, 'one', 'gatebook.tar.gz')));
  });

  it('replaces the output atomically and leaves no temporary files', () => {
    mkdirSync(join(project, 'dist', 'bundle'), { recursive: true });
    writeFileSync(join(project, 'dist', 'bundle', 'bundle.signatures.json'), 'stale');
    built(gatebook(project, ['build', ...TODAY]));
    expect(readdirSync(join(project, 'dist'))).toEqual(['bundle']);
    expect(Object.keys(files(join(project, 'dist', 'bundle')))).toEqual(['bundle.json', 'gatebook.tar.gz']);
  });

  it('will not replace a directory that is not a build output', () => {
    const r = gatebook(project, ['build', '--out', 'runbooks', ...TODAY]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/holds files a build does not write/);
    expect(readdirSync(join(project, 'runbooks')).sort()).toEqual(['alpha-scale-out.md', 'beta-cert-renewal.md', 'gamma-rate-limits.md']);
  });

  it('signs with --signing-key and --key-id', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    writeFileSync(join(project, 'signing.pem'), await exportPKCS8(privateKey));
    const r = gatebook(project, ['build', '--signing-key', 'signing.pem', '--key-id', 'ci-2026', ...TODAY]);
    expect(r.code).toBe(0);
    expect(Object.keys(files(join(project, 'dist', 'bundle')))).toEqual(['bundle.json', 'bundle.signatures.json', 'gatebook.tar.gz']);
    expect(r.stdout).toMatch(/signed with key id ci-2026/);
  });

  it('records the git commit only when the runbooks are committed and clean', () => {
    const git = (...args: string[]) =>
      spawnSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: project, encoding: 'utf8' });
    if (git('--version').status !== 0) return; // no git on this machine
    git('init', '-q');
    git('add', 'runbooks');
    git('commit', '-q', '-m', 'runbooks');
    const head = git('rev-parse', 'HEAD').stdout.trim();
    const revision = () => (JSON.parse(readFileSync(join(project, 'dist', 'bundle', 'bundle.json'), 'utf8')) as { revision: string | null }).revision;

    built(gatebook(project, ['build', ...TODAY]));
    expect(revision()).toBe(head);

    writeFileSync(join(project, 'notes.txt'), 'outside the runbooks: does not matter');
    built(gatebook(project, ['build', ...TODAY]));
    expect(revision()).toBe(head);

    // A build's output under runbooks/ is not a runbook: the next build of the commit is the same.
    built(gatebook(project, ['build', '--out', 'runbooks/out', ...TODAY]));
    built(gatebook(project, ['build', ...TODAY]));
    expect(revision()).toBe(head);
    rmSync(join(project, 'runbooks', 'out'), { recursive: true });

    // Nor is a changed file beside the runbooks (git lists it first, as ` M runbooks/NOTES.txt`).
    writeFileSync(join(project, 'runbooks', 'NOTES.txt'), 'v1');
    git('add', 'runbooks/NOTES.txt');
    git('commit', '-q', '-m', 'notes');
    const withNotes = git('rev-parse', 'HEAD').stdout.trim();
    writeFileSync(join(project, 'runbooks', 'NOTES.txt'), 'v2');
    built(gatebook(project, ['build', ...TODAY]));
    expect(revision()).toBe(withNotes);

    // A changed runbook: no revision, and the output says why (no warning: nothing failed).
    const gamma = join(project, 'runbooks', 'gamma-rate-limits.md');
    const gammaBefore = readFileSync(gamma, 'utf8');
    writeFileSync(gamma, `${gammaBefore}\nEdited.\n`);
    const changed = gatebook(project, ['build', ...TODAY]);
    expect(changed.stdout).toContain(`revision none (the runbooks compiled are not exactly those of commit ${withNotes.slice(0, 12)}`);
    expect(changed.stderr).toBe('');
    writeFileSync(gamma, gammaBefore);

    // A CRLF checkout of the same commit (core.autocrlf, Git for Windows' default) is that commit.
    git('config', 'core.autocrlf', 'true');
    const lfText = readFileSync(join(project, 'runbooks', 'gamma-rate-limits.md'), 'utf8');
    rmSync(join(project, 'runbooks', 'gamma-rate-limits.md'));
    git('checkout', '--', 'runbooks/gamma-rate-limits.md'); // written with CRLF line ends now
    expect(readFileSync(join(project, 'runbooks', 'gamma-rate-limits.md'), 'utf8')).toBe(lfText.replace(/\n/g, '\r\n'));
    expect(git('status', '--porcelain', '--', 'runbooks/gamma-rate-limits.md').stdout).toBe('');
    built(gatebook(project, ['build', ...TODAY]));
    expect(revision()).toBe(withNotes);
    writeFileSync(join(project, 'runbooks', 'gamma-rate-limits.md'), lfText);
    git('config', 'core.autocrlf', 'false');

    // A runbook moved into a nested repository under runbooks/: this commit does not hold it there.
    const gammaText = readFileSync(join(project, 'runbooks', 'gamma-rate-limits.md'));
    expect(spawnSync('git', ['init', '-q', join(project, 'runbooks', 'team')]).status).toBe(0);
    writeFileSync(join(project, 'runbooks', 'team', 'gamma-rate-limits.md'), gammaText);
    rmSync(join(project, 'runbooks', 'gamma-rate-limits.md'));
    built(gatebook(project, ['build', ...TODAY]));
    expect(revision()).toBeNull();
    rmSync(join(project, 'runbooks', 'team'), { recursive: true });
    writeFileSync(join(project, 'runbooks', 'gamma-rate-limits.md'), gammaText);

    // A runbook replaced by a link to a changed copy under a name that is no runbook's: git status
    // lists only the copy, a .txt file; what counts is the bytes compiled.
    writeFileSync(join(project, 'runbooks', 'gamma.txt'), gammaText.toString('utf8').replace('Check which clients', 'Check which of the clients'));
    rmSync(join(project, 'runbooks', 'gamma-rate-limits.md'));
    symlinkSync('gamma.txt', join(project, 'runbooks', 'gamma-rate-limits.md'));
    built(gatebook(project, ['build', ...TODAY]));
    expect(revision()).toBeNull();
    rmSync(join(project, 'runbooks', 'gamma-rate-limits.md'));
    rmSync(join(project, 'runbooks', 'gamma.txt'));
    writeFileSync(join(project, 'runbooks', 'gamma-rate-limits.md'), gammaText);
    built(gatebook(project, ['build', ...TODAY]));
    expect(revision()).toBe(withNotes); // back as committed


    const path = join(project, 'runbooks', 'gamma-rate-limits.md');
    writeFileSync(path, readFileSync(path, 'utf8').replace('Check which clients', 'Check which of the clients'));
    built(gatebook(project, ['build', ...TODAY]));
    expect(revision()).toBeNull();

    // A runbook committed as a link to a file of another name, that file then edited: git status
    // names only the .src file. (A linked runbook never gets a revision: the commit holds a link.)
    writeFileSync(join(project, 'runbooks', 'gamma.src'), gammaText);
    rmSync(path);
    symlinkSync('gamma.src', path);
    git('add', '-A', 'runbooks');
    git('commit', '-q', '-m', 'gamma as a link');
    writeFileSync(join(project, 'runbooks', 'gamma.src'), gammaText.toString('utf8').replace('Check which clients', 'Check which of the clients'));
    built(gatebook(project, ['build', ...TODAY]));
    expect(revision()).toBeNull();
  });

  it('says a repository without a commit has none, without a warning', () => {
    if (spawnSync('git', ['init', '-q'], { cwd: project }).status !== 0) throw new Error('git init failed');
    const r = gatebook(project, ['build', ...TODAY]);
    built(r);
    expect(r.stdout).toMatch(/revision none \(no commit yet\)/);
    expect(r.stderr).toBe('');
  });

  it('warns when git refuses the repository: the bundle then has no revision, and its digest differs', () => {
    // As a container build meets a checkout it does not own ("dubious ownership"): git fails.
    writeFileSync(join(project, '.git'), 'gitdir: /nonexistent/gatebook-test\n');
    const r = gatebook(project, ['build', ...TODAY]);
    built(r);
    expect(r.stderr).toMatch(/^gatebook build: warning: the bundle has no revision because git: fatal: not a git repository/m);
    expect(r.stdout).toMatch(/revision none \(git: fatal: not a git repository/);
  });

  it('writes the same bundle whichever directory it runs from: source paths are from the work tree root', () => {
    const git = (...args: string[]) =>
      spawnSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: project, encoding: 'utf8' });
    expect(git('init', '-q').status).toBe(0);
    git('add', 'runbooks');
    git('commit', '-q', '-m', 'runbooks');
    const head = git('rev-parse', 'HEAD').stdout.trim();
    const outs = mkdtempSync(join(tmpdir(), 'gatebook-outs-'));
    try {
      built(gatebook(project, ['build', '--out', join(outs, 'a'), ...TODAY]));
      built(gatebook(join(project, 'runbooks'), ['build', '.', '--out', join(outs, 'b'), ...TODAY]));
      built(gatebook(tmpdir(), ['build', join(project, 'runbooks'), '--out', join(outs, 'c'), ...TODAY]));
      const [a, b, c] = ['a', 'b', 'c'].map((d) => readFileSync(join(outs, d, 'bundle.json'), 'utf8'));
      const bundle = JSON.parse(a!) as { revision: string | null; runbooks: Record<string, { source: { path: string } }> };
      expect(bundle.revision).toBe(head);
      expect(Object.values(bundle.runbooks).map((r) => r.source.path).every((p) => p.startsWith('runbooks/'))).toBe(true);
      expect(b).toBe(a);
      expect(c).toBe(a);
      // publish compiles too and compares its digest with the build's: from another directory as well.
      const published = gatebook(join(project, 'runbooks'), ['publish', '.', '--out', join(outs, 'site.json'), '--bundle-dir', join(outs, 'a'), ...TODAY]);
      expect(published.stderr).toBe('');
      expect(published.code).toBe(0);
    } finally {
      rmSync(outs, { recursive: true, force: true });
    }
  });

  it('explains usage mistakes with exit 2', async () => {
    expect(gatebook(project, ['build', '--help'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/Usage: gatebook build/) });
    expect(gatebook(project, ['build', '--nope']).code).toBe(2);
    expect(gatebook(project, ['build', '--key-id', 'x']).stderr).toMatch(/needs --signing-key/);
    expect(gatebook(project, ['build', ...TODAY], { SOURCE_DATE_EPOCH: 'yesterday' })).toMatchObject({ code: 2, stderr: expect.stringMatching(/SOURCE_DATE_EPOCH must be a whole number/) });
    expect(gatebook(project, ['build', '--signing-key', 'missing.pem']).stderr).toMatch(/cannot read the signing key missing\.pem/);
    const { publicKey } = await generateKeyPair('ES256', { extractable: true });
    writeFileSync(join(project, 'public.pem'), await exportSPKI(publicKey));
    expect(gatebook(project, ['build', '--signing-key', 'public.pem'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/is a public key/) });
    expect(gatebook(project, ['build', 'no-such-dir', ...TODAY]).code).toBe(2);
    for (const r of [gatebook(project, ['build', '--nope']), gatebook(project, ['build', '--signing-key', 'missing.pem'])]) {
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack traces
    }
    expect(existsSync(join(project, 'dist'))).toBe(false);
  });

  it('says what is wrong with an unusable signing key or output place, with exit 2', () => {
    const encrypted = generateKeyPairSync('rsa', {
      modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'secret' }, publicKeyEncoding: { type: 'spki', format: 'pem' },
    }).privateKey;
    writeFileSync(join(project, 'encrypted.pem'), encrypted);
    writeFileSync(join(project, 'damaged.pem'), '-----BEGIN PRIVATE KEY-----\n!!!not base64!!!\n-----END PRIVATE KEY-----\n');
    const plain = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'pkcs8', format: 'pem' });
    writeFileSync(join(project, 'plain.pem'), plain);
    writeFileSync(join(project, 'a-file'), 'not a directory');
    writeFileSync(join(project, 'junk.pem'), 'not a key\n');
    writeFileSync(join(project, 'traditional.pem'), '-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n-----END RSA PRIVATE KEY-----\n');
    for (const [args, message] of [
      [['--signing-key', 'encrypted.pem'], /encrypted with a passphrase[\s\S]*hint: Decrypt it[^\n]*openssl pkey -in encrypted\.pem/],
      [['--signing-key', 'damaged.pem'], /cannot be read as a key/],
      [['--signing-key', 'plain.pem', '--key-id', ''], /--key-id is empty/],
      [['--signing-key', 'junk.pem'], /junk\.pem is not a PEM key \(no -----BEGIN line\)/],
      [['--signing-key', 'traditional.pem'], /traditional\.pem is encrypted with a passphrase/],
      [['--signing-key', 'runbooks'], /the signing key runbooks is a directory; expected a file/],
      [['--out', 'a-file/sub'], /cannot write the output to a-file\/sub \(ENOTDIR: a part of the path is a file\)/],
    ] as const) {
      const r = gatebook(project, ['build', ...args, ...TODAY]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    }
    expect(existsSync(join(project, 'dist'))).toBe(false);
  });
});
