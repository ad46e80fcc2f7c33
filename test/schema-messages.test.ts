// Schema errors in plain language, at the offending key or value: ajv's errors go through
// compiler/validate/humanize.ts. Inputs are the example runbook with one change.
import { describe, expect, it } from 'vitest';
import { checkSources } from '../compiler/check/check.js';
import type { Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { BASE_BODY, BASE_FRONTMATTER, EXAMPLE_TODAY } from '../compiler/rules/examples/base.js';

const FILE = 'runbooks/example.md';

/** The example frontmatter with substrings replaced (each must occur). */
function runbook(...edits: Array<[string, string]>): string {
  let yaml = BASE_FRONTMATTER;
  for (const [from, to] of edits) {
    expect(yaml).toContain(from);
    yaml = yaml.replace(from, to);
  }
  return `---\n${yaml}---\n${BASE_BODY}`;
}

function diagnostics(text: string): Diagnostic[] {
  const { diagnostics } = checkSources([{ file: FILE, text }], { today: EXAMPLE_TODAY });
  for (const d of diagnostics) {
    // Plain language: none of ajv's vocabulary or schema pointers leak through.
    expect(d.message).not.toMatch(/must NOT|must match|must have required|additionalProperties|anyOf|oneOf|#\/|\/properties\//);
    expect(d.message).not.toMatch(/\{\w+\}|\[object Object\]|undefined/);
  }
  return diagnostics;
}

interface Want {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  message: string | RegExp;
  hint?: string | RegExp;
}

/** Exactly one schema diagnostic, with this message at this place. */
function expectOne(text: string, want: Want): Diagnostic {
  const all = diagnostics(text);
  expect(all.map((d) => `${d.rule} ${d.line}:${d.column} ${d.message}`)).toHaveLength(1);
  const d = all[0]!;
  expect(d.rule).toBe('schema');
  expect(d.severity).toBe('error');
  expect([d.line, d.column]).toEqual([want.line, want.column]);
  if (want.endLine !== undefined) expect(d.endLine).toBe(want.endLine);
  if (want.endColumn !== undefined) expect(d.endColumn).toBe(want.endColumn);
  if (typeof want.message === 'string') expect(d.message).toBe(want.message);
  else expect(d.message).toMatch(want.message);
  if (want.hint !== undefined) {
    if (typeof want.hint === 'string') expect(d.hint).toBe(want.hint);
    else expect(d.hint).toMatch(want.hint);
  }
  return d;
}

const SECOND_ACTION = (gate: string) => `      owner: example-oncall
  - id: scale-in
    title: Remove replicas
    category: scaling
    blastRadius: low
    actors: [autoscaler-agent]
    aiRole: recommend
    gate: ${gate}
`;

describe('diagnostics are data', () => {
  it('carry file, span, severity, rule, message and url', () => {
    const [d] = diagnostics(runbook(['gate: autonomous', 'gate: auto']));
    expect(d).toMatchObject({
      file: FILE, line: 30, column: 11, endLine: 30, endColumn: 15,
      severity: 'error', rule: 'schema', url: 'https://gatebook.dev/rules/schema/',
    });
    expect(Object.keys(d!)).toEqual(expect.arrayContaining(['file', 'line', 'column', 'endLine', 'endColumn', 'severity', 'rule', 'message', 'url']));
    expect(JSON.parse(JSON.stringify(d))).toEqual(d); // plain data
  });

  it('several findings in one file each get their own place, in file order', () => {
    const all = diagnostics(runbook(['email: dana.whitfield@example.com', 'email: dana'], ['gate: autonomous', 'gate: auto']));
    expect(all.map((d) => [d.line, d.column, d.message.slice(0, 20)])).toEqual([
      [6, 39, '`owner.email` is not'],
      [30, 11, '`actions[0].gate` mu'],
    ]);
  });
});

describe('enums', () => {
  it('a near miss: lists the allowed values and suggests one', () => {
    expectOne(runbook(['      owner: example-oncall\n', SECOND_ACTION('auto')]), {
      line: 42, column: 11, endLine: 42, endColumn: 15,
      message: '`actions[1].gate` must be one of `autonomous`, `notify`, `approve`, `human-executes`, `change-board`; found `auto`. Did you mean `autonomous`?',
      hint: /^The gate \(tier\): `autonomous` \(act, log, review in batch\)/,
    });
  });

  it('a transposition is a near miss too', () => {
    expectOne(runbook(['blastRadius: low', 'blastRadius: hgih']), {
      line: 27, column: 18,
      message: '`actions[0].blastRadius` must be one of `low`, `medium`, `high`, `critical`; found `hgih`. Did you mean `high`?',
    });
  });

  it('no suggestion when nothing is close', () => {
    expectOne(runbook(['gate: autonomous', 'gate: yolo']), {
      line: 30, column: 11,
      message: '`actions[0].gate` must be one of `autonomous`, `notify`, `approve`, `human-executes`, `change-board`; found `yolo`.',
    });
  });

  it('a value of the wrong type gets the enum message only, not "must be text" as well', () => {
    expectOne(runbook(['kind: autoscaler', 'kind: 7']), {
      line: 18, column: 11,
      message: '`actors[0].kind` must be one of `autoscaler`, `llm-agent`, `aiops`, `security-remediation`, `assistant`, `optimizer`; found the number `7`.',
    });
    expectOne(runbook(['blastRadius: low', 'blastRadius: [low]']), {
      line: 27, column: 18,
      message: '`actions[0].blastRadius` must be one of `low`, `medium`, `high`, `critical`; found a list of 1.',
    });
    expectOne(runbook(['apiVersion: gatebook/v1', 'apiVersion: 1']), {
      line: 2, column: 13, message: '`apiVersion` must be `gatebook/v1`; found the number `1`.',
    });
  });
});

describe('unknown keys', () => {
  it('at the top level: did you mean, at the key', () => {
    expectOne(runbook(['title: Scale', 'titel: Scale']), {
      line: 4, column: 1, endColumn: 6,
      message: 'Unknown property `titel` in the runbook. Did you mean `title`?',
      hint: /^Allowed here: `\$schema`, `apiVersion`, `id`, `title`,/,
    });
  });

  it('nested: did you mean, and no second finding for the "missing" property', () => {
    expectOne(runbook(['category: scaling', 'categry: scaling']), {
      line: 26, column: 5, endColumn: 12,
      message: 'Unknown property `categry` in `actions[0]`. Did you mean `category`?',
    });
    expectOne(runbook(['reviewCycle: 365d', 'reviewcycle: 365d']), {
      line: 11, column: 3,
      message: 'Unknown property `reviewcycle` in `approval`. Did you mean `reviewCycle`?',
    });
  });

  it('inside a flow mapping', () => {
    expectOne(runbook(['{ contact: example-oncall, ackWithin: 15m }', '{ contact: example-oncall, ackWithin: 15m, acknowledge: 5m }']), {
      line: 38, column: 54,
      message: 'Unknown property `acknowledge` in `escalation.chain[0]`.',
    });
  });

  it('nothing close: no suggestion, but the allowed keys in the hint', () => {
    expectOne(`---\n${BASE_FRONTMATTER}priority: high\n---\n${BASE_BODY}`, {
      line: 39, column: 1, endColumn: 9,
      message: 'Unknown property `priority` in the runbook.',
      hint: /`escalation`, `communication`, `audit`\.$/,
    });
  });
});

describe('conditional requirements explain why', () => {
  it('gate notify needs veto', () => {
    expectOne(runbook(['gate: autonomous', 'gate: notify']), {
      // Points at the action's mapping (its first key), the parent of the missing property.
      line: 24, column: 5,
      message: '`actions[0]` has `gate: notify`, which requires `veto`; it is missing.',
      hint: 'Add `veto`: For the `notify` gate: who is told and how long they have to veto.',
    });
  });

  it('gate approve (and change-board) needs approval', () => {
    expectOne(runbook(['gate: autonomous', 'gate: approve']), {
      line: 24, column: 5,
      message: '`actions[0]` has `gate: approve`, which requires `approval`; it is missing.',
      hint: /^Add `approval`: Who must approve/,
    });
    expectOne(runbook(['gate: autonomous', 'gate: change-board']), {
      line: 24, column: 5,
      message: '`actions[0]` has `gate: change-board`, which requires `approval`; it is missing.',
    });
  });

  it('escalation trigger flapping needs count and window: one finding, both named', () => {
    expectOne(runbook(['triggers: [{ on: stale-telemetry }]', 'triggers: [{ on: flapping }]']), {
      line: 37, column: 14,
      message: '`escalation.triggers[0]` has `on: flapping`, which requires `count` and `window`; they are missing.',
      hint: 'Add `count`: For `repeated-overrides` and `flapping`: how many times within `window`. Add `window`: For `repeated-overrides` and `flapping`: the sliding window.',
    });
    expectOne(runbook(['triggers: [{ on: stale-telemetry }]', 'triggers: [{ on: flapping, count: 2 }]']), {
      line: 37, column: 14,
      message: '`escalation.triggers[0]` has `on: flapping`, which requires `window`; it is missing.',
    });
  });

  it('in block style the position is the trigger mapping', () => {
    expectOne(runbook(['triggers: [{ on: stale-telemetry }]', 'triggers:\n    - on: stale-telemetry\n    - on: repeated-overrides\n      window: 1h']), {
      line: 39, column: 7,
      message: '`escalation.triggers[1]` has `on: repeated-overrides`, which requires `count`; it is missing.',
    });
  });

  it('satisfied conditions give no findings', () => {
    expect(diagnostics(runbook(['triggers: [{ on: stale-telemetry }]', 'triggers: [{ on: flapping, count: 2, window: 10m }]']))).toEqual([]);
  });
});

describe('formats say the expected form', () => {
  it('durations', () => {
    expectOne(runbook(['reviewCycle: 365d', 'reviewCycle: 1 year']), {
      line: 11, column: 16, endColumn: 22,
      message: '`approval.reviewCycle` is not a duration: a whole number with a unit, s (seconds), m (minutes), h (hours), d (days) or w (weeks); units may be combined from largest to smallest, as in 1h30m: found `1 year`.',
      hint: 'For example `5m`, `2h`, `90d`.',
    });
    expectOne(runbook(['ackWithin: 15m', 'ackWithin: 15min']), {
      line: 38, column: 49,
      message: /^`escalation\.chain\[0\]\.ackWithin` is not a duration: .*found `15min`\.$/,
    });
  });

  it('dates', () => {
    expectOne(runbook(['approvedOn: 2026-11-01', 'approvedOn: 2026-13-01']), {
      line: 9, column: 15, endColumn: 25,
      message: '`approval.approvedOn` is not a date in the form YYYY-MM-DD: found `2026-13-01`.',
      hint: 'For example `2026-11-01`.',
    });
    expectOne(runbook(['approvedOn: 2026-11-01', 'approvedOn: 01/11/2026']), {
      line: 9, column: 15,
      message: '`approval.approvedOn` is not a date in the form YYYY-MM-DD: found `01/11/2026`.',
    });
    // A bare number is the wrong type; the hint still gives the form.
    expectOne(runbook(['approvedOn: 2026-11-01', 'approvedOn: 20261101']), {
      line: 9, column: 15,
      message: '`approval.approvedOn` must be text; found the number `20261101`.',
      hint: /YYYY-MM-DD/,
    });
  });

  it('e-mail addresses', () => {
    expectOne(runbook(['email: dana.whitfield@example.com', 'email: dana']), {
      line: 6, column: 39, endColumn: 43,
      message: '`owner.email` is not an e-mail address: found `dana`.',
      hint: 'For example `priya.raman@example.com`.',
    });
  });

  it('identifiers', () => {
    expectOne(runbook(['id: example-scale-out', 'id: Example_Scale']), {
      line: 3, column: 5,
      message: '`id` is not a lower-case identifier: letters, digits and hyphens, starting with a letter (kebab-case): found `Example_Scale`.',
      hint: 'For example `checkout-api`.',
    });
  });
});

describe('threshold (a number or a percentage) gets one message', () => {
  const THRESHOLD = '`actions[0].rollback.triggers[0].threshold` must be a number or a percentage such as 20%';

  it.each([
    ['twenty', 'found the text `twenty`'],
    ['20 %', 'found the text `20 %`'],
    ['true', 'found the boolean `true`'],
    ['[20]', 'found a list of 1'],
    ['{ pct: 20 }', 'found a mapping'],
  ])('threshold: %s', (value, found) => {
    expectOne(runbook(['threshold: 20%', `threshold: ${value}`]), {
      line: 33, column: 68,
      message: `${THRESHOLD}; ${found}.`,
      hint: /^The absolute value \(in the signal's unit\)/,
    });
  });

  it('both forms are accepted', () => {
    expect(diagnostics(runbook(['threshold: 20%', 'threshold: 0.5']))).toEqual([]);
    expect(diagnostics(runbook(['threshold: 20%', 'threshold: "12.5%"']))).toEqual([]);
  });
});

describe('types, constants and required properties', () => {
  it('wrong types say what was expected and what was found', () => {
    expectOne(runbook(['services: [example-api]', 'services: example-api']), {
      line: 5, column: 11, message: '`services` must be a list; found the text `example-api`.',
    });
    expectOne(runbook(['maxStep: 3', 'maxStep: three']), {
      line: 31, column: 57, message: '`actions[0].envelope.maxStep` must be a whole number; found the text `three`.',
    });
    expectOne(runbook(['title: Scale out example-api', 'title: 12345']), {
      line: 4, column: 8, message: '`title` must be text; found the number `12345`.',
    });
    expectOne(runbook(['title: Scale out example-api', 'title:']), {
      line: 4, column: 7, message: '`title` must be text; found nothing (null).',
    });
    expectOne(runbook(['owner: { name: Dana Whitfield, email: dana.whitfield@example.com }', 'owner: Dana Whitfield']), {
      line: 6, column: 8, message: '`owner` must be a mapping; found the text `Dana Whitfield`.',
    });
  });

  it('constants', () => {
    expectOne(runbook(['apiVersion: gatebook/v1', 'apiVersion: gatebook/v2']), {
      line: 2, column: 13, endColumn: 24, message: '`apiVersion` must be `gatebook/v1`; found `gatebook/v2`.',
    });
  });

  it('a missing property points at its parent mapping', () => {
    // The root: its first key.
    expectOne(runbook(['title: Scale out example-api\n', '']), {
      line: 2, column: 1, message: 'the runbook is missing the required property `title`.',
      hint: "Add `title`: The runbook's title, as responders search for it.",
    });
    // A nested mapping: its key.
    expectOne(runbook(['owner: { name: Dana Whitfield, email: dana.whitfield@example.com }', 'owner: { name: Dana Whitfield }']), {
      line: 6, column: 1, endColumn: 6, message: '`owner` is missing the required property `email`.',
      hint: "Add `email`: The person's own e-mail address.",
    });
    expectOne(runbook(['  ticket: CHG-1001\n', '']), {
      line: 7, column: 1, message: '`approval` is missing the required property `ticket`.',
    });
    // A list item: the item.
    expectOne(runbook(['    aiRole: execute\n', '']), {
      line: 24, column: 5, message: '`actions[0]` is missing the required property `aiRole`.',
    });
    expectOne(runbook([', pager: pagerduty:example-primary', '']), {
      line: 13, column: 5, message: '`contacts[0]` needs at least one of `email`, `pager`, `chat`, `phone`.',
    });
  });

  it('lengths and counts', () => {
    expectOne(runbook(['title: Scale out example-api', 'title: ab']), {
      line: 4, column: 8, message: '`title` must be at least 3 characters long; found `ab`.',
    });
    expectOne(runbook(['services: [example-api]', 'services: []']), {
      line: 5, column: 11, message: '`services` must list at least 1 item; found 0.',
    });
    expectOne(runbook(['services: [example-api]', 'services: [example-api, example-api]']), {
      line: 5, column: 11, message: '`services` lists the same item twice (items 0 and 1); each must appear once.',
    });
  });
});

describe('positions survive BOM and CRLF', () => {
  it('a nested missing property in a CRLF file with a BOM', () => {
    const text = `\ufeff${runbook(['owner: { name: Dana Whitfield, email: dana.whitfield@example.com }', 'owner: { name: Dana Whitfield }'])}`.replace(/\n/g, '\r\n');
    expectOne(text, { line: 6, column: 1, endColumn: 6, message: '`owner` is missing the required property `email`.' });
  });
});
