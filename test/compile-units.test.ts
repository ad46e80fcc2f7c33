// compile = compileUnit per runbook + link: the split must give exactly what the single-pass
// compile gave (test/helpers/compile-reference.ts) — the same object with members in the same
// order, the same canonical text, the same problems in the same order — whatever order the units
// arrive in and after crossing a thread boundary (structuredClone).

import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CheckedRunbook } from '../compiler/check/types.js';
import { compile, compileWithText, linkBundle, type CompileOptions } from '../compiler/compile/compile.js';
import { CompileError, type CompileProblem } from '../compiler/compile/problems.js';
import { compileUnit } from '../compiler/compile/unit.js';
import { unitsOf, withUnit } from '../compiler/check/units.js';
import { exampleText } from '../compiler/rules/examples/build.js';
import { canonicalize } from '../compiler/util/canonical-json.js';
import { bundleFileText } from '../compiler/bundle/layout.js';
import { editRunbook, FIXTURES, loadDir, ROOT } from './compile-fixtures.js';
import { referenceCompile } from './helpers/compile-reference.js';
import { tempDir } from './helpers/cli.js';

const fixtures = () => loadDir(FIXTURES);
const examples = () => loadDir(join(ROOT, 'runbooks'));
const OPTIONS: CompileOptions[] = [{ revision: null }, { revision: 'c0ffee'.padEnd(40, '0') }, { revision: null, sourceDateEpoch: 1767225600 }];

/** The outcome of a compile function: the bundle (as JSON, so member order counts) and text, or the problems. */
function outcome(run: () => { bundle: unknown; text: string }): { json: string; text: string } | { problems: readonly CompileProblem[] } {
  try {
    const { bundle, text } = run();
    return { json: JSON.stringify(bundle), text };
  } catch (error) {
    if (error instanceof CompileError) return { problems: error.problems };
    throw error;
  }
}

const viaUnits = (runbooks: readonly CheckedRunbook[], options: CompileOptions) => outcome(() => compileWithText(runbooks, options));
const viaReference = (runbooks: readonly CheckedRunbook[], options: CompileOptions) => outcome(() => referenceCompile(runbooks, options));

/**
 * Units as the workers make them (no objects), sent across a thread boundary, linked: the
 * canonical text (OPA's data.json). bundle.json, assembled from the units' bytes, is that text
 * laid out as bundleFileText() lays out the parsed value.
 */
function linkedText(runbooks: readonly CheckedRunbook[], options: CompileOptions): string {
  const { bytes, data } = linkBundle(runbooks.map((r) => structuredClone(compileUnit(r))), options);
  const text = Buffer.from(data).toString('utf8');
  expect(Buffer.from(bytes).toString('utf8')).toBe(bundleFileText(JSON.parse(text)));
  return text;
}

const edited = editRunbook;

describe('compile units + link', () => {
  it('give the bundle the single-pass compile gave: object, member order, text', () => {
    for (const runbooks of [fixtures(), examples(), [...fixtures(), ...examples()], []]) {
      for (const options of OPTIONS) {
        const expected = viaReference(runbooks, options);
        expect('text' in expected).toBe(true);
        expect(viaUnits(runbooks, options)).toEqual(expected);
        expect(linkedText(runbooks, options)).toBe((expected as { text: string }).text);
      }
    }
  });

  it('return an object that is exactly its text (one definition of the bundle)', () => {
    for (const options of OPTIONS) {
      const { bundle, text } = compileWithText(examples(), options);
      expect(canonicalize(bundle)).toBe(text);
      expect(JSON.parse(text)).toEqual(bundle);
      expect(compile(examples(), options)).toEqual(bundle);
    }
  });

  it('give the same bytes whatever order the units arrive in', () => {
    const runbooks = [...fixtures(), ...examples()];
    const expected = linkedText(runbooks, { revision: null });
    fc.assert(fc.property(fc.shuffledSubarray(runbooks, { minLength: runbooks.length }), (shuffled) => {
      expect(linkedText(shuffled, { revision: null })).toBe(expected);
    }), { numRuns: 20 });
  });

  it('are plain data: a unit survives structuredClone unchanged, objects or not', () => {
    for (const runbook of examples()) {
      for (const unit of [compileUnit(runbook), compileUnit(runbook, { objects: true })]) expect(structuredClone(unit)).toEqual(unit);
    }
    expect(compileUnit(fixtures()[0]!)).not.toHaveProperty('objects');
  });

  it('hold each record as a member of its map, `"<id>":` and canonical JSON, UTF-8', () => {
    const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
    for (const runbook of examples()) {
      const unit = compileUnit(runbook, { objects: true });
      expect(text(unit.json.subarray(0, unit.runbookEnd))).toBe(`${JSON.stringify(unit.id)}:${canonicalize(unit.objects!.runbook)}`);
      unit.rules.forEach((rule, i) => {
        expect(text(unit.json.subarray(rule.start, rule.end))).toBe(`${JSON.stringify(rule.id)}:${canonicalize(unit.objects!.rules[i])}`);
      });
      expect(unit.rules.at(-1)?.end ?? unit.runbookEnd).toBe(unit.json.length);
      expect(compileUnit(runbook).json).toEqual(unit.json);
    }
  });

  it('keep -0 out of the object and the text', () => {
    const runbooks = edited(fixtures(), 'alpha-scale-out.md', (r) => { r.actions[0].envelope.replicas.min = -0; });
    expect(viaUnits(runbooks, { revision: null })).toEqual(viaReference(runbooks, { revision: null }));
  });
});

describe('compile units + link: problems, as the single-pass compile reported them', () => {
  const cases: Record<string, () => CheckedRunbook[]> = {
    'duplicate runbook id across files': () => edited(fixtures(), 'gamma-rate-limits.md', (r) => { r.id = 'alpha-scale-out'; }),
    'grant conflict across runbooks': () => edited(fixtures(), 'gamma-rate-limits.md', (r) => {
      r.actions[0].id = 'scale-out';
      r.services = ['alpha-api'];
    }),
    'duplicate action id': () => edited(fixtures(), 'alpha-scale-out.md', (r) => { r.actions[1].id = r.actions[0].id; }),
    'unknown contact': () => edited(fixtures(), 'alpha-scale-out.md', (r) => { r.actions[0].rollback.owner = 'nobody'; }),
    'all of them, interleaved': () => {
      let runbooks = edited(fixtures(), 'alpha-scale-out.md', (r) => {
        r.actions[1].id = r.actions[0].id;
        r.actions[1].rollback = { ...r.actions[0].rollback, owner: 'ghost' };
        r.actions[0].veto.notify = ['nobody'];
        r.escalation.chain[0].ackWithin = 'soon';
      });
      runbooks = edited(runbooks, 'gamma-rate-limits.md', (r) => {
        r.actions[0].id = 'scale-out';
        r.services = ['alpha-api', 'gamma-ingress'];
        r.actions[0].rollback.owner = 'nobody';
        r.approval.reviewCycle = 'often';
      });
      // A second file claiming gamma's id: its own problems are not reported, only the clash.
      const clash = structuredClone(runbooks.find((c) => c.file.endsWith('gamma-rate-limits.md'))!);
      clash.file = 'test/fixtures/compile/zeta-copy.md';
      clash.runbook.actions[0]!.rollback!.owner = 'someone-else';
      return [...runbooks, clash];
    },
  };

  it.each(Object.keys(cases))('%s', (name) => {
    const runbooks = cases[name]!();
    const expected = viaReference(runbooks, { revision: null });
    expect(expected).toHaveProperty('problems');
    expect(viaUnits(runbooks, { revision: null })).toEqual(expected);
    expect(viaUnits([...runbooks].reverse(), { revision: null })).toEqual(expected);
    expect(() => linkedText(runbooks, { revision: null })).toThrow(CompileError);
  });

  it('match on random mixes of clashing ids, services and actions', () => {
    const base = [...fixtures(), ...examples()];
    const ids = base.map((c) => c.runbook.id);
    const services = [...new Set(base.flatMap((c) => c.runbook.services))];
    const edit = fc.record({
      target: fc.nat(base.length - 1),
      id: fc.option(fc.constantFrom(...ids), { nil: undefined }),
      services: fc.option(fc.subarray(services, { minLength: 1, maxLength: 3 }), { nil: undefined }),
      firstActionId: fc.option(fc.constantFrom('scale-out', 'renew-certificate', 'tune-limits'), { nil: undefined }),
    });
    fc.assert(fc.property(fc.array(edit, { maxLength: 4 }), (edits) => {
      const runbooks = base.map((c) => structuredClone(c));
      for (const e of edits) {
        const r = runbooks[e.target]!.runbook;
        if (e.id) r.id = e.id;
        if (e.services) r.services = e.services;
        if (e.firstActionId) r.actions[0]!.id = e.firstActionId;
      }
      expect(viaUnits(runbooks, { revision: null })).toEqual(viaReference(runbooks, { revision: null }));
    }), { numRuns: 60 });
  });
});

describe('compile units in the check workers', () => {
  it('equal the in-process units and link to the bundle compile() gives', { timeout: 120_000 }, () => {
    // Enough files for two workers; the compiled lib/ runs them (under vitest, check runs in-process).
    const dir = tempDir();
    try {
      for (let i = 0; i < 240; i++) {
        const text = exampleText({ frontmatter: `id: runbook-${i}\nservices: [svc-${i}, svc-${i}-b]` });
        writeFileSync(join(dir, `runbook-${String(i).padStart(4, '0')}.md`), text);
      }
      const lib = (path: string) => JSON.stringify(new URL(`lib/compiler/${path}`, `file://${ROOT}/`).href);
      const script = `
        import { checkAndCompileUnits, checkProject, planJobs } from ${lib('check/check.js')};
        import { compileWithText, linkBundle } from ${lib('compile/compile.js')};
        import { createHash } from 'node:crypto';
        const base = { paths: ['.'], cwd: process.cwd(), today: '2026-11-21' };
        const inWorkers = await checkAndCompileUnits({ ...base, jobs: 2, keepRunbooks: false });
        const inProcess = await checkAndCompileUnits({ ...base, jobs: 1, keepRunbooks: false });
        const plain = await checkProject({ ...base, jobs: 1 });
        const sha = (b) => createHash('sha256').update(b).digest('hex');
        const bytes = (units) => linkBundle(units, { revision: null }).data;
        console.log(JSON.stringify({
          workerThreads: !planJobs(240, 2).inProcess,
          units: inWorkers.units.length,
          sameUnits: JSON.stringify(inWorkers.units) === JSON.stringify(inProcess.units),
          noRunbooks: inWorkers.runbooks.length === 0 && inProcess.runbooks.length === 0,
          sameDiagnostics: JSON.stringify(inWorkers.diagnostics) === JSON.stringify(plain.diagnostics),
          workers: sha(bytes(inWorkers.units)),
          inProcess: sha(bytes(inProcess.units)),
          compile: sha(compileWithText(plain.runbooks, { revision: null }).text),
        }));`;
      // A file, not --eval: workers inherit the process's flags, and --input-type would stop them.
      writeFileSync(join(dir, 'run.mjs'), script);
      const r = spawnSync(process.execPath, ['run.mjs'], { cwd: dir, encoding: 'utf8' });
      expect(r.stderr).toBe('');
      const out = JSON.parse(r.stdout);
      expect(out).toMatchObject({ workerThreads: true, units: 240, sameUnits: true, noRunbooks: true, sameDiagnostics: true });
      expect(out.workers).toBe(out.inProcess);
      expect(out.workers).toBe(out.compile);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('compile units in check outcomes', () => {
  it('keep a compiler crash as a message for after the check findings, and drop the runbook unless kept', () => {
    const [a, b] = fixtures();
    const ok = withUnit({ file: a!.file, sha256: a!.sha256, diagnostics: [], checked: a! }, (c) => compileUnit(c), false);
    expect(ok).not.toHaveProperty('checked');
    expect(ok.unit).toEqual(compileUnit(a!));
    const crash = withUnit({ file: b!.file, sha256: b!.sha256, diagnostics: [], checked: b! }, () => {
      throw new TypeError('boom');
    }, true);
    expect(crash).toMatchObject({ unitError: 'boom', checked: b });
    expect(unitsOf([crash, ok])).toEqual({ units: [ok.unit], unitFailure: { file: b!.file, message: 'boom' } });
  });
});
