import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
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

  it('refuses a symbolic link as the output, naming the directory it points to', async () => {
    mkdirSync(join(root, 'real'));
    symlinkSync(join(root, 'real'), join(root, 'link'));
    await expect(replaceDirAtomic(join(root, 'link'), [{ name: 'a.json', bytes: enc('x') }], OWNED)).rejects.toThrow(/symbolic link.*real\)/);
    expect(readdirSync(join(root, 'real'))).toEqual([]);
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

describe('replaceDirAtomic when interrupted', () => {
  const MODULE = pathToFileURL(join(import.meta.dirname, '..', 'lib', 'compiler', 'bundle', 'atomic-dir.js')).href;
  /** Runs one replace in a child process that sends itself `signal` (once or twice) as it starts writing. */
  const interrupted = (out: string, signal: string, times: number) => spawnSync(process.execPath, ['--input-type=module', '-e', `
    const { replaceDirAtomic } = await import(${JSON.stringify(MODULE)});
    await replaceDirAtomic(${JSON.stringify(out)}, [{ name: 'a.json', bytes: new TextEncoder().encode('new') }], ['a.json', 'b.json'], {
      beforeWrite: () => { for (let i = 0; i < ${times}; i++) process.kill(process.pid, ${JSON.stringify(signal)}); },
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    console.log('not stopped');
  `], { encoding: 'utf8' });
  const leftovers = () => readdirSync(root).filter((n) => n.includes('.tmp-') || n.includes('.old-'));

  it.each(['SIGINT', 'SIGTERM'])('a %s while the files are written waits for the swap, then ends the process; nothing is left over', (signal) => {
    const out = join(root, 'out');
    mkdirSync(out);
    writeFileSync(join(out, 'a.json'), 'old');
    const child = interrupted(out, signal, 1);
    expect(child.signal).toBe(signal);
    expect(child.stdout).not.toContain('not stopped');
    expect(contents(out)).toEqual({ 'a.json': 'new' });
    expect(leftovers()).toEqual([]);
  });

  it('a second signal undoes the replace at once and exits: the previous output stays', () => {
    const out = join(root, 'out');
    mkdirSync(out);
    writeFileSync(join(out, 'a.json'), 'old');
    const child = interrupted(out, 'SIGINT', 2);
    expect(child.status).toBe(130);
    expect(contents(out)).toEqual({ 'a.json': 'old' });
    expect(leftovers()).toEqual([]);
  });

  it('the next build removes what a killed one left, and puts back the output it had set aside', async () => {
    const host = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);
    const otherHost = host === '00000000' ? '11111111' : '00000000';
    const gone = spawnSync(process.execPath, ['-e', '']).pid!; // exited: no process has this pid now
    const running = process.ppid;
    mkdirSync(join(root, `.out.tmp-${gone}-${host}-AbC123`));
    writeFileSync(join(root, `.out.tmp-${gone}-${host}-AbC123`, 'a.json'), 'partial');
    mkdirSync(join(root, `.out.old-${gone}-${host}-0123456789ab`));
    writeFileSync(join(root, `.out.old-${gone}-${host}-0123456789ab`, 'a.json'), 'previous');
    // This process's pid on a directory it did not make: an earlier process with the same pid
    // (containers start every run as the same pid).
    mkdirSync(join(root, `.out.tmp-${process.pid}-${host}-Same01`));
    mkdirSync(join(root, `.out.tmp-${running}-${host}-XyZ789`)); // a build still running keeps its own
    mkdirSync(join(root, `.out.tmp-${gone}-${otherHost}-Other1`)); // another host's, on a shared disk
    mkdirSync(join(root, `.out.tmp-${running}-${otherHost}-Stale1`)); // anyone's, but two days old
    const twoDaysAgo = (Date.now() - 2 * 86_400_000) / 1000;
    utimesSync(join(root, `.out.tmp-${running}-${otherHost}-Stale1`), twoDaysAgo, twoDaysAgo);
    const failing = { name: 'b.json', get bytes(): Uint8Array { throw new Error('disk full'); } };
    await expect(replaceDirAtomic(join(root, 'out'), [{ name: 'a.json', bytes: enc('new') }, failing], OWNED)).rejects.toThrow('disk full');
    expect(contents(join(root, 'out'))).toEqual({ 'a.json': 'previous' });
    expect(leftovers().sort()).toEqual([`.out.tmp-${gone}-${otherHost}-Other1`, `.out.tmp-${running}-${host}-XyZ789`].sort());
  });
});
