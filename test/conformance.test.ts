// Runs every case in test/conformance/*.yaml against the reference enforcer (the format is in
// test/conformance/README.md; other implementations run the same files).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DECISIONS } from '../compiler/bundle/types.js';
import { bundleFileText } from '../compiler/bundle/layout.js';
import { decide, loadBundle, REASON_CODES, type LoadedBundle } from '../compiler/enforcer/index.js';
import { canonicalize } from '../compiler/util/canonical-json.js';
import { CONFORMANCE as DIR, readCases, type Case } from './conformance/cases.js';

const CASE_KEYS = new Set(['note', 'bundle', 'key', 'requireSignature', 'request', 'want']);
const WANT_KEYS = new Set(['decision', 'reasons', 'notReasons', 'escalations', 'approval', 'veto']);

const files = readCases();
const loaded = new Map<string, Promise<LoadedBundle>>();

function bundleFor(c: Case): Promise<LoadedBundle> {
  const id = `${c.bundle}|${c.key ?? ''}|${c.requireSignature}`;
  let p = loaded.get(id);
  if (!p) {
    p = loadBundle(
      { path: join(DIR, 'bundles', c.bundle) },
      { publicKeyPem: c.key === undefined ? undefined : readFileSync(join(DIR, c.key), 'utf8'), requireSignature: c.requireSignature },
    );
    loaded.set(id, p);
  }
  return p;
}

/**
 * The case's bundle as `gatebook build` writes it (a table member per line) and on one line, both
 * of which the loader reads record by record (the fixture files are pretty-printed, which it
 * parses whole); none when the fixture is not JSON or its bytes are signed.
 */
function locatedFor(c: Case): Array<[string, Promise<LoadedBundle>]> {
  // Signed fixtures are decided with their signatures, which cover the bytes as they are.
  if (c.key !== undefined || c.requireSignature !== undefined || c.bundle.startsWith('signed')) return [];
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(join(DIR, 'bundles', c.bundle), 'utf8'));
  } catch {
    return [];
  }
  return [
    ['as built', loadBundle({ bytes: Buffer.from(bundleFileText(value)) })],
    ['on one line', loadBundle({ bytes: Buffer.from(`${canonicalize(value)}\n`) })],
  ];
}

const outcome = (r: ReturnType<typeof decide>) => ({ decision: r.decision, gates: r.gates, escalations: r.escalations, approval: r.approval, veto: r.veto });

describe('conformance suite', () => {
  const all = files.flatMap((f) => f.cases);

  it('has at least 80 well-formed cases with unique notes', () => {
    expect(all.length).toBeGreaterThanOrEqual(80);
    const notes = all.map((c) => c.note);
    expect(notes.filter((n, i) => notes.indexOf(n) !== i)).toEqual([]);
    for (const c of all) {
      expect([...Object.keys(c)].filter((k) => !CASE_KEYS.has(k)), c.note).toEqual([]);
      expect([...Object.keys(c.want)].filter((k) => !WANT_KEYS.has(k)), c.note).toEqual([]);
      expect(DECISIONS, c.note).toContain(c.want.decision);
      for (const code of [...(c.want.reasons ?? []), ...(c.want.notReasons ?? [])]) expect(REASON_CODES, c.note).toContain(code);
    }
  });

  it('covers every reason code and every decision', () => {
    const wanted = new Set(all.flatMap((c) => c.want.reasons ?? []));
    // BUNDLE_NOT_LOADED only exists inside an Enforcer before its first load (enforcer-holder tests);
    // DECISION_FAILED only when the enforcer itself is at fault (enforcer-decide tests).
    const notByData = new Set(['BUNDLE_NOT_LOADED', 'DECISION_FAILED']);
    expect(REASON_CODES.filter((code) => !wanted.has(code) && !notByData.has(code))).toEqual([]);
    expect(DECISIONS.filter((d) => !all.some((c) => c.want.decision === d))).toEqual([]);
  });

  it('is as large as the README says', () => {
    const readme = readFileSync(join(DIR, '..', '..', 'README.md'), 'utf8');
    expect(readme).toContain(`(${all.length} data-driven cases)`);
  });

  for (const { file, cases } of files) {
    describe(file, () => {
      for (const c of cases) {
        it(c.note, async () => {
          const result = decide(await bundleFor(c), c.request);
          const codes = result.gates.flatMap((g) => g.reasons.map((r) => r.code));
          const summary = result.gates.map((g) => `${g.gate}=${g.decision}:${g.reasons.map((r) => r.code).join(',')}`).join(' ');
          expect(result.decision, summary).toBe(c.want.decision);
          for (const code of c.want.reasons ?? []) expect(codes, summary).toContain(code);
          for (const code of c.want.notReasons ?? []) expect(codes, summary).not.toContain(code);
          if (c.want.escalations !== undefined) {
            const got = Object.fromEntries(result.escalations.map((e) => [e.on, e.to.map((t) => t.contact.id)]));
            expect(got).toEqual(c.want.escalations);
          }
          if (c.want.approval !== undefined) {
            const got = result.approval && { count: result.approval.count, approvers: result.approval.approvers.map((a) => a.id) };
            expect(got).toEqual(c.want.approval);
          }
          if (c.want.veto !== undefined) {
            const got = result.veto && { windowSeconds: result.veto.windowSeconds, notify: result.veto.notify.map((n) => n.id) };
            expect(got).toEqual(c.want.veto);
          }
          for (const [layout, located] of locatedFor(c)) {
            expect(outcome(decide(await located, c.request)), `the same bundle written ${layout}`).toEqual(outcome(result));
          }
        });
      }
    });
  }
});
