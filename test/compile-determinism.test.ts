// Determinism, as properties: the same runbooks give the same bytes; neither the order of the
// input files nor the order of set-like lists inside a runbook changes the output.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { CheckedRunbook } from '../compiler/check/types.js';
import type { Runbook } from '../compiler/language/runbook.js';
import { renderOutputs } from '../compiler/bundle/outputs.js';
import { compile } from '../compiler/compile/index.js';
import { canonicalPretty } from '../compiler/util/canonical-json.js';
import { FIXTURES, loadDir } from './compile-fixtures.js';

const bytes = (runbooks: readonly CheckedRunbook[], revision: string | null = null) => canonicalPretty(compile(runbooks, { revision }));

/** Small valid runbooks with random shape: ids, services, actors, actions and durations. */
const id = fc.stringMatching(/^[a-z][a-z0-9]{1,6}$/);
const arbRunbook = (index: number) =>
  fc
    .record({
      services: fc.uniqueArray(id, { minLength: 1, maxLength: 4 }),
      actors: fc.uniqueArray(id, { minLength: 1, maxLength: 3 }),
      actions: fc.uniqueArray(id, { minLength: 1, maxLength: 3 }),
      minutes: fc.integer({ min: 1, max: 600 }),
      margin: fc.integer({ min: 0, max: 300 }),
      replicas: fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 50 })),
    })
    .map(({ services, actors, actions, minutes, margin, replicas }): CheckedRunbook => {
      const runbook: Runbook = {
        apiVersion: 'gatebook/v1',
        id: `rb${index}-x`,
        title: `Runbook ${index}`,
        services,
        owner: { name: 'Ada Lovelace', email: 'ada@example.com' },
        approval: { approvedBy: { name: 'Grace Hopper', email: 'grace@example.com' }, approvedOn: '2026-01-01', ticket: 'CHG-1', reviewCycle: '90d' },
        contacts: [{ id: 'oncall', name: 'On call', kind: 'rotation', pager: 'pd:x' }],
        actors: actors.map((a) => ({ id: a, name: a, kind: 'llm-agent' as const, owner: { name: 'Ada Lovelace', email: 'ada@example.com' }, model: { name: 'm', version: String(index) } })),
        actions: actions.map((a) => ({
          id: `${a}-${index}`,
          title: `Action ${a}`,
          category: 'scaling' as const,
          blastRadius: 'low' as const,
          actors,
          aiRole: 'recommend' as const,
          gate: 'approve' as const,
          approval: { approvers: ['oncall'], timeout: `${minutes}m` },
          envelope: { replicas: { min: replicas[0], max: replicas[1] }, farOutside: { margin: `${margin}%` } },
        })),
        escalation: { triggers: [{ on: 'stale-telemetry' }], chain: [{ contact: 'oncall', ackWithin: `${minutes}m` }] },
      };
      return { file: `runbooks/rb${index}.md`, sha256: String(index).padStart(64, '0'), runbook, headings: [] };
    });

const arbProject = fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => arbRunbook(i))));

describe('compile is deterministic', () => {
  it('gives the same bytes for the same runbooks, in any input order', () => {
    fc.assert(
      fc.property(arbProject, fc.nat(), (project, seed) => {
        const baseline = bytes(project);
        expect(bytes(structuredClone(project))).toBe(baseline);
        const shuffled = [...project].sort((a, b) => ((a.file.length * 31 + seed) % 7) - ((b.file.length * 17 + seed) % 5));
        expect(bytes(shuffled)).toBe(baseline);
        expect(bytes([...project].reverse())).toBe(baseline);
        // One grant per (actor, action, service).
        const expected = project.reduce((n, c) => n + c.runbook.actions.length * c.runbook.actors!.length * c.runbook.services.length, 0);
        expect(Object.keys(compile(project, { revision: null }).grants)).toHaveLength(expected);
      }),
      { numRuns: 60 },
    );
  });

  it('does not depend on the order of the fixture files', () => {
    const fixtures = loadDir(FIXTURES);
    const baseline = bytes(fixtures);
    fc.assert(
      fc.property(fc.shuffledSubarray(fixtures, { minLength: fixtures.length, maxLength: fixtures.length }), (order) => {
        expect(bytes(order)).toBe(baseline);
      }),
      { numRuns: 20 },
    );
  });

  it('does not depend on the order of set-like lists inside a runbook', () => {
    const fixtures = loadDir(FIXTURES);
    const baseline = bytes(fixtures);
    const shuffle = <T>(list: T[] | undefined, seed: number): T[] | undefined =>
      list && [...list].map((v, i) => ({ v, k: (i * 7919 + seed) % 101 })).sort((a, b) => a.k - b.k).map((x) => x.v);
    fc.assert(
      fc.property(fc.nat({ max: 10_000 }), (seed) => {
        const copy = structuredClone(fixtures);
        for (const { runbook: r } of copy) {
          r.services = shuffle(r.services, seed)!;
          r.contacts = shuffle(r.contacts, seed)!;
          r.actors = shuffle(r.actors, seed + 1);
          r.signals = shuffle(r.signals, seed + 2);
          if (r.audit) r.audit.recordFields = shuffle(r.audit.recordFields, seed)!;
          for (const a of r.actions) {
            a.actors = shuffle(a.actors, seed)!;
            a.services = shuffle(a.services, seed);
            if (a.veto) a.veto.notify = shuffle(a.veto.notify, seed)!;
            if (a.approval) a.approval.approvers = shuffle(a.approval.approvers, seed)!;
            if (a.evidence) a.evidence.signals = shuffle(a.evidence.signals, seed)!;
            const e = a.envelope;
            if (e) {
              e.regions = shuffle(e.regions, seed);
              e.instanceTypes = shuffle(e.instanceTypes, seed);
              e.dataClassifications = shuffle(e.dataClassifications, seed);
              e.limits = shuffle(e.limits, seed);
            }
            for (const w of a.changeWindows?.allowed ?? []) w.days = shuffle(w.days, seed)!;
          }
        }
        expect(bytes(copy)).toBe(baseline);
      }),
      { numRuns: 30 },
    );
  });

  it('renders byte-identical output files twice over', async () => {
    const bundle = compile(loadDir(FIXTURES), { revision: null });
    const a = await renderOutputs(bundle, { mtimeSeconds: 0 });
    const b = await renderOutputs(compile(loadDir(FIXTURES), { revision: null }), { mtimeSeconds: 0 });
    expect(b.map((f) => f.name)).toEqual(a.map((f) => f.name));
    for (let i = 0; i < a.length; i++) expect(Buffer.from(b[i]!.bytes).equals(Buffer.from(a[i]!.bytes))).toBe(true);
  });
});
