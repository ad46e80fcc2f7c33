// `gatebook check` end to end, through the compiled CLI.
import { cpSync, readFileSync, readdirSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exampleText } from '../compiler/rules/examples/build.js';
import { gatebook, ROOT, tempDir } from './helpers/cli.js';

const TODAY = ['--today', '2026-11-21'];

function corpus(n: number, broken: number[] = []): string {
  const dir = tempDir();
  for (let i = 0; i < n; i++) {
    let text = exampleText({ frontmatter: `id: runbook-${i}\nservices: [svc-${i}]` });
    if (broken.includes(i)) text = text.replace('gate: autonomous', 'gate: auto');
    writeFileSync(join(dir, `runbook-${String(i).padStart(4, '0')}.md`), text);
  }
  return dir;
}

describe('gatebook check', () => {
  it('passes the example runbooks (default path runbooks/)', () => {
    const r = gatebook(['check', ...TODAY]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`✓ ${readdirSync(join(ROOT, 'runbooks')).length} runbooks checked, no problems\n`);
    expect(r.status).toBe(0);
  });

  it('exits 1 on errors, with file:line:col', () => {
    const dir = corpus(3, [1]);
    const r = gatebook(['check', dir, ...TODAY], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^runbook-0001\.md:\d+:\d+ {2}error {2}`actions\[0\]\.gate` must be one of/m);
  });

  it('warnings pass, and fail with --strict', () => {
    const dir = corpus(1);
    const soon = ['--today', '2027-10-25']; // the examples' approval expires 2027-11-01
    const plain = gatebook(['check', '.', ...soon], { cwd: dir });
    expect(plain.status).toBe(0);
    expect(plain.stdout).toContain('warning');
    expect(gatebook(['check', '.', ...soon, '--strict'], { cwd: dir }).status).toBe(1);
  });

  it('--format json prints diagnostics and summary', () => {
    const dir = corpus(2, [0]);
    const r = gatebook(['check', '.', '--format', 'json', ...TODAY], { cwd: dir });
    const out = JSON.parse(r.stdout);
    expect(out.summary).toEqual({ files: 2, errors: 1, warnings: 0 });
    expect(out.diagnostics[0]).toMatchObject({ file: 'runbook-0000.md', rule: 'schema', severity: 'error' });
    expect(r.status).toBe(1);
  });

  it('--format github and sarif', () => {
    const dir = corpus(1, [0]);
    expect(gatebook(['check', '.', '--format', 'github', ...TODAY], { cwd: dir }).stdout).toMatch(/^::error file=runbook-0000\.md,line=\d+,col=\d+/);
    expect(JSON.parse(gatebook(['check', '.', '--format', 'sarif', ...TODAY], { cwd: dir }).stdout).version).toBe('2.1.0');
  });

  it.each([
    [['check', '--format', 'xml'], /--format must be one of pretty, json, github, sarif/],
    [['check', '--frmat', 'json'], /unknown option '--frmat'; check takes --format, --strict/],
    [['check', '--today'], /--today needs a value\./],
    [['check', '--strict=yes'], /--strict takes no value\./],
    [['check', '--today', '-5'], /--today's value starts with `-`, so it reads as another option\.\n {2}hint: Write it as `--today=<value>`\./],
    [['build', '--out', ''], /--out is empty\./],
    [['check', 'no/such/dir'], /no such file or directory: no\/such\/dir/],
    [['check', '--today', 'tomorrow'], /--today must be a date/],
    [['check', '--today', '2026-11-31'], /--today must be a date YYYY-MM-DD on the calendar; found '2026-11-31'/],
    [['build', '--today', '2026-02-29'], /--today must be a date YYYY-MM-DD on the calendar; found '2026-02-29'/],
    [['chek'], /unknown command 'chek'/],
  ])('usage errors exit 2 without a stack trace: %j', (args, message) => {
    const r = gatebook(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    // From the catalog: a hint, and the page that explains it.
    expect(r.stderr).toMatch(/\n {2}hint: \S.*\n {2}docs: https:\/\/gatebook\.dev\/rules\/cli-[a-z-]+\/\n/);
  });

  it('checks one runbook whose related runbooks sit beside it (README: check runbooks/checkout-scale-out.md)', () => {
    const r = gatebook(['check', 'runbooks/checkout-scale-out.md', '--format', 'github', ...TODAY]);
    expect(r.stdout).not.toMatch(/::error/);
    expect(r.status).toBe(0);
  });

  it('still reports a related id that names no runbook, checked or beside the file', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.md'), exampleText({ frontmatter: 'id: a-runbook\nrelated: [b-runbook, nowhere, readme]' }));
    writeFileSync(join(dir, 'readme.md'), '# Notes\n'); // not a runbook, so not the id `readme`
    // b-runbook.md holds another id: once checked, its id counts, not its file name.
    writeFileSync(join(dir, 'b-runbook.md'), exampleText({ frontmatter: 'id: other-id\nservices: [other-api]' }));
    const one = gatebook(['check', 'a.md', '--format', 'json', ...TODAY], { cwd: dir });
    const ids = (r: typeof one) => (JSON.parse(r.stdout) as { diagnostics: Array<{ rule: string; params: { id?: string } }> }).diagnostics
      .filter((d) => d.rule === 'runbook-links').map((d) => d.params.id);
    expect(ids(one)).toEqual(['nowhere', 'readme']);
    expect(ids(gatebook(['check', '.', '--format', 'json', ...TODAY], { cwd: dir }))).toEqual(['b-runbook', 'nowhere', 'readme']);
  });

  it('--help documents every option and exit code', () => {
    const r = gatebook(['check', '--help']);
    expect(r.status).toBe(0);
    for (const opt of ['--format', '--strict', '--cache', '--today', '--jobs']) expect(r.stdout).toContain(opt);
    expect(r.stdout).toContain('Exit codes');
  });

  it('worker threads give the same result as one process', () => {
    const dir = corpus(260, [7, 130, 259]);
    const one = gatebook(['check', '.', '--format', 'json', '--jobs', '1', ...TODAY], { cwd: dir });
    const two = gatebook(['check', '.', '--format', 'json', '--jobs', '2', ...TODAY], { cwd: dir });
    expect(two.stdout).toBe(one.stdout);
    expect(JSON.parse(two.stdout).summary).toEqual({ files: 260, errors: 3, warnings: 0 });
  });

  it('--cache reuses unchanged results and notices a changed file', () => {
    const dir = corpus(5);
    const cache = ['--cache', '--cache-location', join(dir, '.cache'), ...TODAY, '--format', 'json'];
    const cold = gatebook(['check', '.', ...cache], { cwd: dir });
    expect(JSON.parse(cold.stdout).summary.errors).toBe(0);
    const stored = JSON.parse(readFileSync(join(dir, '.cache', 'check-cache.json'), 'utf8'));
    expect(Object.keys(stored.entries)).toHaveLength(5);
    const file = join(dir, 'runbook-0002.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('gate: autonomous', 'gate: auto'));
    const warm = JSON.parse(gatebook(['check', '.', ...cache], { cwd: dir }).stdout);
    expect(warm.summary.errors).toBe(1);
    expect(warm.diagnostics[0].file).toBe('runbook-0002.md');
    // A different date changes the cache key: expiry results are recomputed, not replayed.
    const later = JSON.parse(gatebook(['check', '.', ...cache, '--today', '2028-01-01'], { cwd: dir }).stdout);
    // (runbook-0002 stops at its schema error, so four of the five reach the expiry rule.)
    expect(later.diagnostics.filter((d: { rule: string }) => d.rule === 'approval-current')).toHaveLength(4);
  });

  it('a schema error in one runbook is not reported as broken `related` links in the others', () => {
    // The reviewer's case: five runbooks name checkout-scale-out in `related`.
    const dir = tempDir();
    cpSync(join(ROOT, 'runbooks'), join(dir, 'runbooks'), { recursive: true });
    const file = join(dir, 'runbooks', 'checkout-scale-out.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('gate: autonomous', 'gate: auto'));
    const cache = ['--cache', '--cache-location', join(dir, '.cache')];
    // Cold, then replayed from the cache: the cached entry must keep the id too.
    for (const extra of [[], cache, cache]) {
      const out = JSON.parse(gatebook(['check', '--format', 'json', ...TODAY, ...extra], { cwd: dir }).stdout);
      expect(out.diagnostics.map((d: { file: string; rule: string }) => [d.file, d.rule])).toEqual([['runbooks/checkout-scale-out.md', 'schema']]);
    }
  });

  it('--cache leaves the cache alone when nothing changed', () => {
    const dir = corpus(3);
    const hourAgo = new Date(Date.now() - 3_600_000);
    for (const f of readdirSync(dir)) utimesSync(join(dir, f), hourAgo, hourAgo);
    const cacheFile = join(dir, '.cache', 'check-cache.json');
    const cache = ['--cache', '--cache-location', join(dir, '.cache'), ...TODAY, '--format', 'json'];
    expect(JSON.parse(gatebook(['check', '.', ...cache], { cwd: dir }).stdout).summary.errors).toBe(0);
    const written = statSync(cacheFile).mtimeMs;
    expect(JSON.parse(gatebook(['check', '.', ...cache], { cwd: dir }).stdout).summary.errors).toBe(0);
    expect(statSync(cacheFile).mtimeMs).toBe(written);
  });

  it('--cache catches a same-size edit that keeps the mtime, when it is close to the cache write', () => {
    const dir = corpus(3);
    const cache = ['--cache', '--cache-location', join(dir, '.cache'), ...TODAY, '--format', 'json'];
    expect(JSON.parse(gatebook(['check', '.', ...cache], { cwd: dir }).stdout).summary.errors).toBe(0);
    // Same size and same mtime (an edit within one timestamp tick): only the racy rule can tell.
    const file = join(dir, 'runbook-0001.md');
    const before = readFileSync(file, 'utf8');
    const { atime, mtime } = statSync(file);
    writeFileSync(file, before.replace('gate: autonomous', 'gate: autonomoux'));
    utimesSync(file, atime, mtime);
    expect(statSync(file).size).toBe(Buffer.byteLength(before));
    const warm = JSON.parse(gatebook(['check', '.', ...cache], { cwd: dir }).stdout);
    expect(warm.diagnostics.map((d: { file: string }) => d.file)).toEqual(['runbook-0001.md']);
  });

  it('checks a symlink inside the tree once, and reports one leaving it', () => {
    const dir = tempDir();
    const tree = join(dir, 'tree');
    cpSync(join(ROOT, 'runbooks'), tree, { recursive: true });
    writeFileSync(join(dir, 'outside.md'), exampleText({}));
    symlinkSync(join(dir, 'outside.md'), join(tree, 'escape.md'));
    symlinkSync(join(tree, 'cost-rightsizing.md'), join(tree, 'alias.md'));
    const r = gatebook(['check', 'tree', '--format', 'json', ...TODAY], { cwd: dir });
    const out = JSON.parse(r.stdout);
    expect(out.diagnostics.map((d: { rule: string; file: string }) => `${d.rule} ${d.file}`)).toEqual(['symlink-outside tree/escape.md']);
    expect(r.status).toBe(1);
  });
});
