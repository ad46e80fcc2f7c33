// `gatebook diff` end to end, through the compiled CLI: git revisions (a temporary repository
// holding the example runbooks), directories and bundle.json files as sides; the three formats;
// exit codes 0 / 3 / 1 / 2; the review-policy hook; and that git sides never touch the working
// tree or the index.

import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatebook, ROOT, tempDir } from './helpers/cli.js';
import { diffSchemaValidator, lineOf } from './diff-helpers.js';

const FILE = 'runbooks/checkout-scale-out.md';
let repo: string;

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

function commitAll(cwd: string, message: string): void {
  git(cwd, 'add', '-A');
  git(cwd, 'commit', '-q', '-m', message);
}

function edit(cwd: string, file: string, from: string, to: string): void {
  const path = join(cwd, file);
  const text = readFileSync(path, 'utf8');
  expect(text).toContain(from);
  writeFileSync(path, text.replace(from, to));
}

beforeAll(() => {
  if (!existsSync(join(ROOT, 'lib', 'compiler', 'cli', 'commands', 'diff.js'))) {
    throw new Error('lib/ is not built: run `npm run compile` (npm test does it for you)');
  }
  repo = tempDir('gatebook-diff-');
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'config', 'user.name', 'Gatebook Test');
  git(repo, 'config', 'user.email', 'test@example.com');
  git(repo, 'config', 'commit.gpgsign', 'false');
  cpSync(join(ROOT, 'runbooks'), join(repo, 'runbooks'), { recursive: true });
  commitAll(repo, 'runbooks');
  git(repo, 'tag', 'v1');
  edit(repo, FILE, 'replicas: { min: 6, max: 48 }', 'replicas: { min: 6, max: 64 }');
  commitAll(repo, 'raise the checkout ceiling');
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

const run = (args: string[], cwd = repo) => gatebook(['diff', ...args], { cwd });

describe('gatebook diff: git revisions', { timeout: 120_000 }, () => {
  it('reports widened authority with file, line, old and new value, and exits 3', () => {
    const r = run(['v1', 'HEAD']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(3);
    const line = lineOf(readFileSync(join(repo, FILE), 'utf8'), 'replicas: { min: 6, max: 64 }');
    expect(r.stdout).toContain(`${FILE}:${line}  autoscaler-agent may now scale cart-service and checkout-api up to 64 replicas on its own (was 48).`);
    expect(r.stdout).toContain('actions[0].envelope.replicas.max: 48 → 64');
    expect(r.stdout).toMatch(/Widened authority \(1\)/);
    expect(r.stdout).toMatch(/Authority widened: 1 widened, 0 narrowed/);
  });

  it('exits 0 the other way round: authority narrowed', () => {
    const r = run(['HEAD', 'v1']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Narrowed authority \(1\)/);
    expect(r.stdout).toContain('only up to 48 (was 64)');
    expect(r.stdout).toMatch(/No authority widened/);
  });

  it('exits 0 with nothing to report between identical revisions', () => {
    const r = run(['HEAD', 'main']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('No changes to what the AI may do.');
  });

  it('compares with the working tree when HEAD is left out, and never touches the working tree or index', () => {
    edit(repo, FILE, '      maxAge: 2m\n', '      maxAge: 10m\n'); // uncommitted
    const index = join(repo, '.git', 'index');
    const before = { status: git(repo, 'status', '--porcelain'), index: readFileSync(index), mtime: statSync(index).mtimeMs, head: git(repo, 'rev-parse', 'HEAD') };
    try {
      const committed = run(['v1', 'HEAD']);
      expect(committed.stdout).not.toContain('telemetry up to 10m old'); // HEAD is the commit, not the working tree
      const working = run(['v1']);
      expect(working.status).toBe(3);
      expect(working.stdout).toContain('with telemetry up to 10m old (was 2m)');
      expect(working.stdout).toContain('up to 64 replicas');
      expect(git(repo, 'status', '--porcelain')).toBe(before.status);
      expect(readFileSync(index)).toEqual(before.index);
      expect(statSync(index).mtimeMs).toBe(before.mtime);
      expect(git(repo, 'rev-parse', 'HEAD')).toBe(before.head);
    } finally {
      git(repo, 'checkout', '-q', '--', FILE);
    }
  });

  it('reads runbooks from the working directory’s runbooks/ when run in a subdirectory', () => {
    mkdirSync(join(repo, 'sub'), { recursive: true });
    const r = run(['v1', 'HEAD', '--runbooks', '../runbooks'], join(repo, 'sub'));
    expect(r.status).toBe(3);
    expect(r.stdout).toContain('../runbooks/checkout-scale-out.md:');
  });

  it('--format markdown: summary table, widened first, collapsible details, who must approve', () => {
    const r = run(['v1', 'HEAD', '--format', 'markdown', '--require-approval-from-owner']);
    expect(r.status).toBe(3);
    const md = r.stdout;
    expect(md).toContain('<!-- gatebook-diff -->');
    expect(md).toContain('| | Runbook | What changed | Owner (must approve widened) |');
    expect(md).toMatch(/\| 🔺 widened \| checkout-scale-out \| autoscaler-agent may now scale cart-service and checkout-api up to 64 replicas on its own \(was 48\)\. \| \*\*Priya Raman\*\* \|/);
    expect(md).toContain('<details open><summary><b>Widened authority (1)</b></summary>');
    expect(md).toContain('- [ ] **checkout-scale-out** (`runbooks/checkout-scale-out.md`): Priya Raman &lt;priya.raman@example.com&gt; must approve 1 widened change');
    expect(md).toContain('approval not renewed');
    expect(md).toContain('Needs approval from **Priya Raman');
  });

  it('--format markdown links locations to the file on GitHub in Actions', () => {
    const r = gatebook(['diff', 'v1', 'HEAD', '--format', 'markdown'], {
      cwd: repo, env: { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/ops', GITHUB_SHA: 'f'.repeat(40) },
    });
    const head = git(repo, 'rev-parse', 'HEAD');
    expect(r.stdout).toMatch(new RegExp(`\\(https://github\\.com/acme/ops/blob/${head}/runbooks/checkout-scale-out\\.md#L\\d+\\)`));
  });

  it('--format json validates against schemas/diff.schema.json', () => {
    const r = run(['v1', 'HEAD', '--format', 'json']);
    expect(r.status).toBe(3);
    const json = JSON.parse(r.stdout);
    const validate = diffSchemaValidator();
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(json.base).toMatchObject({ spec: 'v1', kind: 'git', runbooks: 'runbooks', revision: git(repo, 'rev-parse', 'v1') });
    expect(json.items[0]).toMatchObject({
      class: 'widened', kind: 'envelope-max', key: 'autoscaler-agent|scale-out|cart-service', before: 48, after: 64,
      location: { file: FILE, path: 'actions[0].envelope.replicas.max' },
      owner: { name: 'Priya Raman' },
    });
    expect(json.reviews).toEqual([expect.objectContaining({ runbook: 'checkout-scale-out', approvalNotRenewed: true, widened: 2 })]);
  });

  it('an old base whose approval has since expired is still diffable', () => {
    const dir = tempDir('gatebook-diff-expired-');
    try {
      git(dir, 'init', '-q', '-b', 'main');
      git(dir, 'config', 'user.name', 'T');
      git(dir, 'config', 'user.email', 't@example.com');
      cpSync(join(ROOT, 'runbooks'), join(dir, 'runbooks'), { recursive: true });
      edit(dir, FILE, 'approvedOn: 2026-10-06', 'approvedOn: 2024-01-08');
      commitAll(dir, 'old');
      edit(dir, FILE, 'approvedOn: 2024-01-08', 'approvedOn: 2026-10-06');
      edit(dir, FILE, '      minConfidence: 0.8\n', '      minConfidence: 0.6\n');
      commitAll(dir, 'renewed, and confidence lowered');
      const r = run(['HEAD~1', 'HEAD', '--today', '2026-11-21'], dir);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(3);
      expect(r.stdout).toContain('with model confidence as low as 0.6 (was 0.8)');
      expect(r.stdout).toContain('re-approved on 2026-10-06');
      // …and the head may be expired too: expiry is check's business, not diff's.
      expect(run(['HEAD', 'HEAD~1', '--today', '2026-11-21'], dir).status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('gatebook diff: directories and bundles', { timeout: 120_000 }, () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('gatebook-diff-dirs-');
    cpSync(join(ROOT, 'runbooks'), join(dir, 'before'), { recursive: true });
    cpSync(join(ROOT, 'runbooks'), join(dir, 'after'), { recursive: true });
    edit(dir, 'after/checkout-scale-out.md', '    aiRole: recommend\n    gate: approve\n', '    aiRole: draft\n    gate: approve\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('compares two directories; file paths are not renames', () => {
    const r = run(['before', 'after', '--format', 'json'], dir);
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.items.map((i: { kind: string; class: string }) => `${i.class}:${i.kind}`)).toEqual(['neutral:ai-role']);
    expect(json.items[0].note).toContain('No effect on decisions');
    expect(json.items[0].location.file).toBe('after/checkout-scale-out.md');
  });

  it('compares bundle.json files (no lines: a bundle carries no source text), and a bundle with a directory', () => {
    expect(gatebook(['build', 'before', '--out', 'b1'], { cwd: dir }).status).toBe(0);
    edit(dir, 'after/checkout-scale-out.md', 'maxStep: 8', 'maxStep: 12');
    expect(gatebook(['build', 'after', '--out', 'b2'], { cwd: dir }).status).toBe(0);
    const r = run(['b1/bundle.json', 'b2/bundle.json', '--format', 'json'], dir);
    expect(r.status).toBe(3);
    const json = JSON.parse(r.stdout);
    expect(json.base.kind).toBe('bundle');
    const step = json.items.find((i: { kind: string }) => i.kind === 'envelope-step');
    expect(step).toMatchObject({ class: 'widened', before: 8, after: 12, location: { file: 'after/checkout-scale-out.md', line: null, path: null } });
    const mixed = run(['b1/bundle.json', 'after'], dir);
    expect(mixed.status).toBe(3);
    expect(mixed.stdout).toMatch(/after\/checkout-scale-out\.md:\d+  autoscaler-agent may now add or remove|may now change replicas/);
  });

  it('a corrupt bundle.json fails its side (exit 1)', () => {
    const bundle = JSON.parse(readFileSync(join(dir, 'b1', 'bundle.json'), 'utf8')) as { rules: Record<string, { gate: string }> };
    Object.values(bundle.rules)[0]!.gate = 'change-board'; // edited after the build: the digest no longer matches
    writeFileSync(join(dir, 'edited.json'), JSON.stringify(bundle));
    const r = run(['edited.json', 'after'], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/BASE, bundle edited\.json: not a usable bundle: its content does not match its digest/);
  });

  it('a bundle of another format version says which, and what to do (exit 1)', () => {
    const bundle = JSON.parse(readFileSync(join(dir, 'b1', 'bundle.json'), 'utf8')) as { schemaVersion: string };
    writeFileSync(join(dir, 'old.json'), JSON.stringify({ ...bundle, schemaVersion: 'gatebook.bundle/v2' }));
    const r = run(['old.json', 'after'], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/BASE, bundle old\.json: not a usable bundle: its schemaVersion is "gatebook\.bundle\/v2", and this gatebook reads gatebook\.bundle\/v3; build that revision again/);
  });
});

describe('gatebook diff: failures and usage', { timeout: 120_000 }, () => {
  it('a side that fails check exits 1 and shows the diagnostics, named by side and revision', () => {
    const dir = tempDir('gatebook-diff-broken-');
    try {
      git(dir, 'init', '-q', '-b', 'main');
      git(dir, 'config', 'user.name', 'T');
      git(dir, 'config', 'user.email', 't@example.com');
      cpSync(join(ROOT, 'runbooks'), join(dir, 'runbooks'), { recursive: true });
      edit(dir, FILE, '    gate: autonomous\n', '    gate: auto\n');
      commitAll(dir, 'broken');
      edit(dir, FILE, '    gate: auto\n', '    gate: autonomous\n');
      commitAll(dir, 'fixed');
      const r = run(['HEAD~1', 'HEAD'], dir);
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/gatebook diff: BASE, git revision HEAD~1 \([0-9a-f]{12}\) does not pass check/);
      expect(r.stderr).toMatch(/HEAD~1:runbooks\/checkout-scale-out\.md:\d+:\d+\s+error\s+`actions\[0\]\.gate` must be one of/);
      expect(r.stderr).toContain('> '); // a code frame from the revision's text
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects a revision that looks like an option, without running it', () => {
    const marker = join(repo, 'pwned');
    for (const args of [['--', `--upload-pack=touch ${marker}`, 'HEAD'], ['--', '-c', 'HEAD']]) {
      const r = run(args);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain("a git revision cannot start with '-'");
    }
    expect(run([`--upload-pack=touch ${marker}`, 'HEAD']).status).toBe(2); // an unknown option to the CLI
    expect(existsSync(marker)).toBe(false);
  });

  it('usage errors exit 2 with a clear message', () => {
    const cases: Array<[string[], RegExp]> = [
      [[], /expected BASE and optionally HEAD/],
      [['a', 'b', 'c'], /expected BASE and optionally HEAD/],
      [['v1', 'HEAD', '--format', 'xml'], /--format must be one of pretty, markdown, json/],
      [['no-such-revision', 'HEAD'], /'no-such-revision' is not a bundle\.json file, a directory of runbooks, or a git revision \(no such commit in this repository\)/],
      [[FILE, 'HEAD'], /is a single runbook; give the directory/],
      [['v1', 'HEAD', '--jobs', '0'], /--jobs must be a whole number/],
    ];
    for (const [args, message] of cases) {
      const r = run(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(/Run `gatebook diff --help` for usage\.|hint: Run the command with --help/);
    }
    const outside = tempDir('gatebook-diff-nogit-');
    try {
      const r = run(['HEAD~1', 'HEAD'], outside);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('not inside a git repository');
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('has help', () => {
    const r = run(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: gatebook diff BASE [HEAD] [options]');
    expect(r.stdout).toContain('Exit codes: 0 no authority widened, 3 authority widened');
  });
});
