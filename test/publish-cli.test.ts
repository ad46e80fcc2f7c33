// `gatebook publish` end to end, in a temporary project made of the compile fixtures.

import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SiteData } from '../compiler/publish/types.js';
import { gatebook, makeProject, requireCompiledCli, TODAY } from './build-cli-helpers.js';

let project: string;
const data = (file = join(project, '.gatebook', 'site-data.json')) => JSON.parse(readFileSync(file, 'utf8')) as SiteData;

beforeAll(requireCompiledCli);
beforeEach(() => {
  project = makeProject();
});
afterEach(() => rmSync(project, { recursive: true, force: true }));

describe('gatebook publish', { timeout: 120_000 }, () => {
  it('writes .gatebook/site-data.json from runbooks/', () => {
    const r = gatebook(project, ['publish', ...TODAY]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Published \.gatebook\/site-data\.json: 3 runbooks, \d+ actions, \d+ AI actors?, \d+ rules; bundle sha256:[0-9a-f]{64}\n$/);
    const d = data();
    expect(d.schemaVersion).toBe('gatebook.site/v1');
    expect(d.generatedOn).toBe('2026-11-21');
    expect(d.runbooks.map((x) => x.id)).toEqual(['alpha-scale-out', 'beta-cert-renewal', 'gamma-rate-limits']);
    expect(d.downloads.filter((x) => x.path.startsWith('/bundle/'))).toEqual([]); // no build yet
    expect(d.downloads.map((x) => x.path)).toContain('/schemas/runbook.schema.json');
  });

  it('says plainly that it cannot write --out, with exit 2, never as a bug', () => {
    writeFileSync(join(project, 'a-file'), 'not a directory');
    for (const [out, code] of [['a-file/site.json', 'ENOTDIR: a part of the path is a file'], ['runbooks', 'EISDIR: is a directory']]) {
      const r = gatebook(project, ['publish', '--out', out!, ...TODAY]);
      expect(r.code, out).toBe(2);
      expect(r.stderr).toContain(`cannot write the output to ${out} (${code})`);
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    }
  });

  it('refuses to write anything when check finds errors', () => {
    const out = join(project, 'site-data.json');
    writeFileSync(out, 'previous');
    const file = join(project, 'runbooks', 'alpha-scale-out.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('gate: notify', 'gate: auto'));
    const r = gatebook(project, ['publish', '--out', 'site-data.json', ...TODAY]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('gatebook publish: nothing written to site-data.json');
    expect(readFileSync(out, 'utf8')).toBe('previous');
    expect(existsSync(join(project, '.gatebook'))).toBe(false);
  });

  it('lists the built bundle for download, with sizes and digests', () => {
    expect(gatebook(project, ['build', ...TODAY]).code).toBe(0);
    const r = gatebook(project, ['publish', ...TODAY]);
    expect(r.code, r.stderr).toBe(0);
    const d = data();
    const bundle = d.downloads.find((x) => x.path === '/bundle/bundle.json')!;
    expect(bundle.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(bundle.bytes).toBe(readFileSync(join(project, 'dist', 'bundle', 'bundle.json')).length);
    expect(d.downloads.map((x) => x.path)).toContain('/bundle/gatebook.tar.gz');
    const built = JSON.parse(readFileSync(join(project, 'dist', 'bundle', 'bundle.json'), 'utf8')) as { digest: string };
    expect(d.bundle.digest).toBe(built.digest);
  });

  it('refuses a bundle directory built from other runbooks', () => {
    expect(gatebook(project, ['build', ...TODAY]).code).toBe(0);
    rmSync(join(project, 'runbooks', 'gamma-rate-limits.md'));
    const r = gatebook(project, ['publish', ...TODAY]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/dist\/bundle\/bundle\.json has digest sha256:\w+, but the runbooks compile to sha256:\w+; run `gatebook build` again/);
    expect(existsSync(join(project, '.gatebook'))).toBe(false);
  });

  it('takes the repository address for source links, without credentials', () => {
    const r = gatebook(project, ['publish', '--source-url', 'https://github.com/example/runbooks.git', '--source-ref', 'main', ...TODAY]);
    expect(r.code, r.stderr).toBe(0);
    expect(data().runbooks[0]!.source.url).toBe('https://github.com/example/runbooks/blob/main/runbooks/alpha-scale-out.md');
    const bad = gatebook(project, ['publish', '--source-url', 'not a url', ...TODAY]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--source-url must be');
  });

  it('is listed in the help', () => {
    expect(gatebook(project, ['--help']).stdout).toMatch(/publish\s+Write the data the responder site is built from/);
    expect(gatebook(project, ['publish', '--help']).stdout).toContain('--bundle-dir <dir>');
  });

  it('reads runbooks given as paths', () => {
    cpSync(join(project, 'runbooks', 'beta-cert-renewal.md'), join(project, 'one.md'));
    const r = gatebook(project, ['publish', 'one.md', '--out', 'one.json', ...TODAY]);
    expect(r.code, r.stderr).toBe(0);
    expect(data(join(project, 'one.json')).runbooks.map((x) => x.source.path)).toEqual(['one.md']);
  });
});
