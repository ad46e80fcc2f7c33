// Small pieces of the diff: wording helpers, body sections, the enforcer model's evidence rule,
// masking by the gate, and grouping of identical changes across grants.

import { grantView } from '../compiler/bundle/view.js';
import { describe, expect, it } from 'vitest';
import { evidencePassesOnlyIn, compareGrants } from '../compiler/diff/levels.js';
import { bodySections } from '../compiler/diff/runbooks.js';
import { groupItems } from '../compiler/diff/render/group.js';
import { dayRanges, duration, list, valueText } from '../compiler/diff/wording.js';
import { diffSides } from '../compiler/diff/diff.js';
import { BASE_TEXT, diffFiles, FIXTURE_FILE, sideOf } from './diff-helpers.js';

describe('wording', () => {
  it('writes durations, lists and weekdays the way runbooks do', () => {
    expect(duration(90)).toBe('1m30s');
    expect(duration(86400 * 10)).toBe('10d');
    expect(duration(604800 * 2)).toBe('2w');
    expect(list(['a'])).toBe('a');
    expect(list(['a', 'b', 'c'])).toBe('a, b and c');
    expect(dayRanges(['fri', 'mon', 'tue', 'wed', 'thu'])).toBe('mon–fri');
    expect(dayRanges(['mon', 'tue', 'sat', 'sun'])).toBe('mon, tue, sat, sun');
    expect(valueText('evidence.maxAgeSeconds', 600)).toBe('10m');
    expect(valueText('envelope.farOutsideMargin', 0.5)).toBe('50%');
  });
});

describe('body sections', () => {
  it('splits by heading, not by # lines inside code fences', () => {
    const text = '---\nid: x\n---\n\n# Title\n\n## Steps\n\n```sh\n# a shell comment\nkubectl get pods\n```\n\n## Rollback\n\nUndo.\n';
    expect(bodySections(text).map((s) => [s.title, s.line])).toEqual([['Title', 5], ['Steps', 7], ['Rollback', 14]]);
  });
});

describe('the evidence rule', () => {
  const e = (signals: string[], minIndependent: number, maxAgeSeconds: number) => ({ signals, minIndependent, maxAgeSeconds });
  it('finds a request the second passes and the first does not', () => {
    expect(evidencePassesOnlyIn(e(['a', 'b'], 2, 60), e(['a', 'b'], 1, 60))).toBe(true); // fewer needed
    expect(evidencePassesOnlyIn(e(['a', 'b'], 1, 60), e(['a', 'b'], 1, 120))).toBe(true); // older data
    expect(evidencePassesOnlyIn(e(['a', 'b'], 1, 60), e(['a', 'b', 'c'], 1, 60))).toBe(true); // c now counts
    expect(evidencePassesOnlyIn(e(['a', 'b'], 1, 60), e(['a', 'b', 'c'], 2, 60))).toBe(false); // c counts, but two are needed
    expect(evidencePassesOnlyIn(e(['a', 'b'], 1, 60), e(['a'], 1, 60))).toBe(false);
    expect(evidencePassesOnlyIn(e(['a'], 1, 60), undefined)).toBe(true);
    expect(evidencePassesOnlyIn(undefined, e(['a'], 1, 60))).toBe(false);
  });
});

describe('effect, not just direction', () => {
  const base = () => grantView(sideOf({ [FIXTURE_FILE]: BASE_TEXT }).bundle, 'autoscaler-agent|scale-out|example-api')!;

  it('older telemetry allowed widens an autonomous grant, and changes nothing where a human approves anyway', () => {
    const before = base();
    const older = structuredClone(before);
    older.evidence!.maxAgeSeconds = 600;
    expect(compareGrants(before, older)).toEqual({ widened: true, narrowed: false });
    const gated = (g: typeof before) => ({ ...structuredClone(g), gate: 'approve' as const });
    expect(compareGrants(gated(before), gated(older))).toEqual({ widened: false, narrowed: false });
  });

  it('a higher bound moves the far bound too: deny becomes approve even under an approve gate', () => {
    const before = { ...base(), gate: 'approve' as const };
    const bigger = structuredClone(before);
    bigger.envelope.numeric.replicas!.max = 30; // far bound 36 → 45: 40 replicas was denied, now needs approval
    expect(compareGrants(before, bigger)).toEqual({ widened: true, narrowed: false });
    const prohibited = (g: typeof before) => ({ ...structuredClone(g), aiRole: 'prohibited' as const });
    expect(compareGrants(prohibited(before), prohibited(bigger))).toEqual({ widened: false, narrowed: false });
  });
});

describe('grouping', () => {
  it('one line for the same change on several services, worded for all of them', () => {
    const after = BASE_TEXT.replace('replicas: { min: 6, max: 24 }', 'replicas: { min: 6, max: 40 }');
    const output = diffFiles({ [FIXTURE_FILE]: BASE_TEXT }, { [FIXTURE_FILE]: after });
    expect(output.result.items.filter((i) => i.class === 'widened')).toHaveLength(2);
    const groups = groupItems(output);
    expect(groups.map((g) => g.sentence)).toEqual(['autoscaler-agent may now scale example-api and example-worker up to 40 replicas on its own (was 24).']);
    expect(groups[0]!.items).toHaveLength(2);
  });

  it('escalation changes, shared by every grant of the runbook, are one line', () => {
    const after = BASE_TEXT.replace('{ contact: example-oncall, ackWithin: 5m }', '{ contact: example-oncall, ackWithin: 30m }');
    const output = diffFiles({ [FIXTURE_FILE]: BASE_TEXT }, { [FIXTURE_FILE]: after });
    expect(output.result.items.filter((i) => i.kind === 'escalation-ack')).toHaveLength(4);
    const groups = groupItems(output).filter((g) => g.lead.kind === 'escalation-ack');
    expect(groups).toHaveLength(1);
    expect(groups[0]!.sentence).toBe('Escalation level 1 for raise-ceiling, restart-pods and scale-out by autoscaler-agent and ops-copilot on example-api and example-worker now has 30m to acknowledge (was 5m).');
  });
});

describe('moved runbooks', () => {
  const bundleSide = (files: Record<string, string>, spec: string) => {
    const side = sideOf(files, spec);
    return { ...side, info: { ...side.info, kind: 'bundle' as const, runbooks: null } };
  };
  const moves = (output: ReturnType<typeof diffSides>) => output.raw.filter((item) => item.kind === 'file-renamed');

  it('a bundle whose runbooks all sit in one subdirectory, against that directory, moves nothing', () => {
    const files = { 'runbooks/payments/fixture-scale.md': BASE_TEXT };
    expect(moves(diffSides(bundleSide(files, 'base'), sideOf(files, 'head')))).toEqual([]);
  });

  it('the same runbooks under another root (old/ against new/) move nothing', () => {
    const base = bundleSide({ 'old/fixture-scale.md': BASE_TEXT }, 'base');
    const head = bundleSide({ 'new/fixture-scale.md': BASE_TEXT }, 'head');
    expect(moves(diffSides(base, head))).toEqual([]);
  });

  it('a file moved within the tree is reported, with both paths', () => {
    const base = sideOf({ 'runbooks/fixture-scale.md': BASE_TEXT }, 'base');
    const head = sideOf({ 'runbooks/payments/fixture-scale.md': BASE_TEXT }, 'head');
    const found = moves(diffSides(base, head));
    expect(found.map((item) => [item.before, item.after])).toEqual([['runbooks/fixture-scale.md', 'runbooks/payments/fixture-scale.md']]);
  });
});
