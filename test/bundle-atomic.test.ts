import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutputDirError, replaceDirAtomic } from '../compiler/bundle/atomic-dir.js';

const OWNED = ['a.json', 'b.json'];
const enc = (s: string) => new TextEncoder().encode(s);
let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'gatebook-atomic-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const contents = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((n) => [n, readFileSync(join(dir, n), 'utf8')]));

describe('replaceDirAtomic', () => {
  it('creates the directory, and its parents, with exactly the files', async () => {
    const out = join(root, 'dist', 'bundle');
    await replaceDirAtomic(out, [{ name: 'a.json', bytes: enc('1') }], OWNED);
    expect(contents(out)).toEqual({ 'a.json': '1' });
    expect(statSync(out).mode & 0o777).toBe(0o755);
    expect(readdirSync(join(root, 'dist'))).toEqual(['bundle']); // no temporary directories left
  });

  it('replaces a previous build as a whole: stale files disappear', async () => {
    const out = join(root, 'out');
    await replaceDirAtomic(out, [{ name: 'a.json', bytes: enc('old') }, { name: 'b.json', bytes: enc('old') }], OWNED);
    await replaceDirAtomic(out, [{ name: 'a.json', bytes: enc('new') }], OWNED);
    expect(contents(out)).toEqual({ 'a.json': 'new' });
    expect(readdirSync(root)).toEqual(['out']);
  });

  it('changes nothing when writing fails part-way, and cleans up', async () => {
    const out = join(root, 'out');
    await replaceDirAtomic(out, [{ name: 'a.json', bytes: enc('old') }], OWNED);
    const failing = {
      name: 'b.json',
      get bytes(): Uint8Array {
        throw new Error('disk full');
      },
    };
    await expect(replaceDirAtomic(out, [{ name: 'a.json', bytes: enc('new') }, failing], OWNED)).rejects.toThrow('disk full');
    expect(contents(out)).toEqual({ 'a.json': 'old' });
    expect(readdirSync(root)).toEqual(['out']);
  });

  it('never replaces a directory holding files a build does not write', async () => {
    const project = join(root, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'runbook.md'), '# precious');
    await expect(replaceDirAtomic(project, [{ name: 'a.json', bytes: enc('x') }], OWNED)).rejects.toThrow(OutputDirError);
    expect(contents(project)).toEqual({ 'runbook.md': '# precious' });
    writeFileSync(join(root, 'file'), 'x');
    await expect(replaceDirAtomic(join(root, 'file'), [], OWNED)).rejects.toThrow(/not a directory/);
  });

  it('accepts an empty existing directory', async () => {
    const out = join(root, 'empty');
    mkdirSync(out);
    await replaceDirAtomic(out, [{ name: 'b.json', bytes: enc('2') }], OWNED);
    expect(contents(out)).toEqual({ 'b.json': '2' });
  });

  it('refuses file names that would leave the directory', async () => {
    await expect(replaceDirAtomic(join(root, 'x'), [{ name: '../evil', bytes: enc('') }], OWNED)).rejects.toThrow(/bad output file name/);
    expect(existsSync(join(root, 'x'))).toBe(false);
  });
});
