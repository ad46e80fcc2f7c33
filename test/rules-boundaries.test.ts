// Boundary cases of individual rules, beyond their docs examples.
import { describe, expect, it } from 'vitest';
import { checkSources } from '../compiler/check/check.js';
import { exampleText } from '../compiler/rules/examples/build.js';
import { DANGER_ZONE_CATEGORIES, GATES } from '../compiler/language/runbook.js';

const TODAY = '2026-11-21';

function check(frontmatter: string, today = TODAY, body?: string) {
  return checkSources([{ file: 'x.md', text: exampleText({ frontmatter, ...(body ? { body } : {}) }) }], { today }).diagnostics;
}

function action(fields: string): string {
  return `actions:
  - id: act
    title: Do the thing
    actors: [autoscaler-agent]
${fields.split('\n').map((l) => `    ${l}`).join('\n')}`;
}

const rollback = `rollback:
  triggers: [{ signal: p95-latency, when: above, threshold: 500 }]
  action: Undo the change.
  owner: example-oncall`;

describe('danger-zone-gate', () => {
  it.each(DANGER_ZONE_CATEGORIES.flatMap((c) => [[c, 'autonomous'], [c, 'notify']]))('rejects %s with gate %s', (category, gate) => {
    const veto = gate === 'notify' ? '\nveto: { window: 10m, notify: [example-oncall] }' : '';
    const d = check(action(`category: ${category}\nblastRadius: low\naiRole: execute\ngate: ${gate}${veto}\n${rollback}`));
    expect(d.map((x) => x.rule)).toEqual(['danger-zone-gate']);
    expect(d[0]!.message).toContain(`danger zone \`${category}\``);
  });

  it('allows a danger zone at approve', () => {
    expect(check(action(`category: iam\nblastRadius: low\naiRole: execute\ngate: approve\napproval: { approvers: [lee-okafor] }\n${rollback}`))).toEqual([]);
  });
});

describe('blast-radius-gate', () => {
  const minimum: Record<string, string> = { low: 'autonomous', medium: 'autonomous', high: 'approve', critical: 'change-board' };
  const cases = Object.entries(minimum).flatMap(([radius, min]) => GATES.map((gate) => [radius, gate, GATES.indexOf(gate) >= GATES.indexOf(min as never)] as const));
  it.each(cases)('blast radius %s with gate %s allowed: %s', (radius, gate, allowed) => {
    const role = gate === 'human-executes' ? 'draft' : 'execute';
    const extra = gate === 'notify' ? 'veto: { window: 5m, notify: [example-oncall] }' : gate === 'approve' || gate === 'change-board' ? 'approval: { approvers: [lee-okafor] }' : '';
    const d = check(action(`category: scaling\nblastRadius: ${radius}\naiRole: ${role}\ngate: ${gate}\n${extra}\n${rollback}`));
    expect(d.filter((x) => x.rule === 'blast-radius-gate').length).toBe(allowed ? 0 : 1);
  });
});

describe('approval-current', () => {
  // Base approval: 2026-11-01 + 365d → expires 2027-11-01.
  it('is silent 15 days before expiry', () => expect(check('', '2027-10-17')).toEqual([]));
  it('warns 14 days before expiry', () => {
    const d = check('', '2027-10-18');
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ rule: 'approval-current', severity: 'warning' });
    expect(d[0]!.message).toContain('expires on 2027-11-01, in 14 days');
  });
  it('errors on the expiry day itself', () => {
    const d = check('', '2027-11-01');
    expect(d[0]).toMatchObject({ rule: 'approval-current', severity: 'error' });
    expect(d[0]!.message).toContain('expired on 2027-11-01');
  });
  it('errors on an approval dated in the future, at the date', () => {
    const d = check('', '2026-10-31');
    expect(d[0]).toMatchObject({ rule: 'approval-current', severity: 'error' });
    const line = exampleText({}).split('\n')[d[0]!.line - 1]!;
    expect(line.slice(d[0]!.column - 1)).toBe('2026-11-01');
    expect(d[0]!.endColumn - d[0]!.column).toBe('2026-11-01'.length);
    expect(d[0]!.message).toContain('after today');
  });
});

describe('owner-is-person', () => {
  it.each([
    ['owner: { name: Checkout SRE, email: priya@example.com }', 'names a group'],
    ['owner: { name: Priya Raman, email: sre@example.com }', 'shared mailbox'],
    ['owner: { name: Priya Raman, email: checkout-oncall@example.com }', 'shared mailbox'],
    ['owner: { name: Platform Team, email: priya@example.com }', 'names a group'],
  ])('rejects %s', (fm, expected) => {
    const d = check(fm);
    expect(d.map((x) => x.rule)).toEqual(['owner-is-person']);
    expect(d[0]!.message).toContain(expected);
  });
  it('accepts a person', () => expect(check('owner: { name: Ana Opsahl, email: ana.opsahl@example.com }')).toEqual([]));
});

describe('envelope-bounds', () => {
  it('flags a step larger than the range, at the step', () => {
    const d = check(action(`category: scaling\nblastRadius: low\naiRole: execute\ngate: autonomous\nenvelope:\n  replicas: { min: 3, max: 5 }\n  maxStep: 4\n${rollback}`));
    expect(d.map((x) => x.rule)).toEqual(['envelope-bounds']);
    expect(d[0]!.message).toContain('step for `replicas` is 4 but the whole range 3–5 is only 2');
  });
  it('checks limits too', () => {
    const d = check(action(`category: config\nblastRadius: low\naiRole: execute\ngate: autonomous\nenvelope:\n  limits: [{ parameter: connections, min: 500, max: 100 }]\n${rollback}`));
    expect(d[0]!.message).toContain('`connections` has min 500 above max 100');
  });
  it('accepts a step equal to the range', () => {
    expect(check(action(`category: scaling\nblastRadius: low\naiRole: execute\ngate: autonomous\nenvelope: { replicas: { min: 3, max: 5 }, maxStep: 2 }\n${rollback}`))).toEqual([]);
  });
});

describe('known-reference', () => {
  it('suggests the declared id nearest to a typo', () => {
    const d = check(action(`category: scaling\nblastRadius: low\naiRole: execute\ngate: autonomous\nrollback:\n  triggers: [{ signal: p95-latncy, when: above, threshold: 500 }]\n  action: Undo it.\n  owner: example-oncall`));
    expect(d.map((x) => x.rule)).toEqual(['known-reference']);
    expect(d[0]!.message).toContain('Unknown signal `p95-latncy`');
    expect(d[0]!.message).toContain('Did you mean `p95-latency`?');
  });
  it('rejects an action service the runbook does not cover', () => {
    const d = check(action(`services: [other-api]\ncategory: scaling\nblastRadius: low\naiRole: recommend\ngate: approve\napproval: { approvers: [lee-okafor] }`));
    expect(d.map((x) => x.rule)).toEqual(['known-reference']);
    expect(d[0]!.message).toContain('Unknown service `other-api`');
  });
});

describe('change-window-valid', () => {
  it('accepts a window across midnight', () => {
    expect(check(action(`category: scaling\nblastRadius: low\naiRole: execute\ngate: autonomous\nchangeWindows: { allowed: [{ days: [sat], from: "22:00", to: "02:00" }] }\n${rollback}`))).toEqual([]);
  });
  it('rejects an empty window', () => {
    const d = check(action(`category: scaling\nblastRadius: low\naiRole: execute\ngate: autonomous\nchangeWindows: { allowed: [{ days: [sat], from: "09:00", to: "09:00" }] }\n${rollback}`));
    expect(d.map((x) => x.rule)).toEqual(['change-window-valid']);
  });

  // Intl ignores letter case; Go's time.LoadLocation and Python's zoneinfo do not.
  const inZone = (zone: string) => check(action(`category: scaling\nblastRadius: low\naiRole: execute\ngate: autonomous\nchangeWindows: { timezone: ${zone}, allowed: [{ days: [sat], from: "09:00", to: "17:00" }] }\n${rollback}`));
  const knowsZone = (zone: string) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  };
  // Aliases from tzdata's 'backward' file are IANA names too, whatever Intl canonicalizes them to.
  it.each(['Europe/Berlin', 'UTC', 'US/Pacific', 'Asia/Calcutta', 'Asia/Kolkata', 'Etc/GMT+5'].filter(knowsZone))('accepts %s', (zone) => {
    expect(inZone(zone)).toEqual([]);
  });
  it.each([['europe/berlin', 'Europe/Berlin'], ['utc', 'UTC'], ['EUROPE/BERLIN', 'Europe/Berlin']])('rejects %s, naming the IANA spelling %s', (zone, spelling) => {
    const d = inZone(zone);
    expect(d.map((x) => x.rule)).toEqual(['change-window-valid']);
    expect(d[0]).toMatchObject({ severity: 'error', params: { timezone: zone, expected: spelling } });
    expect(d[0]!.message).toContain(`time zone \`${zone}\`, which the IANA database spells \`${spelling}\`; expected that spelling`);
    expect(d[0]!.hint).toMatch(/case-sensitively/);
  });
  it('rejects an alias in lower case even where Intl cannot name its spelling', () => {
    const d = inZone('us/pacific');
    expect(d.map((x) => x.rule)).toEqual(['change-window-valid']);
    expect(d[0]!.message).toMatch(/time zone `us\/pacific`, which the IANA database spells/);
  });
  it('still reports an unknown zone as unknown', () => {
    expect(inZone('Europe/Berlinn')[0]!.message).toContain('which is not an IANA zone name');
  });
});

describe('body-sections', () => {
  it('accepts Procedure and "Rolling back" headings at any level', () => {
    expect(check('', TODAY, '# T\n\n### Procedure\n\n1. a\n\n## Rolling back\n\nb\n')).toEqual([]);
  });
  it('reports each missing section once, just after the frontmatter', () => {
    const d = check('', TODAY, '# T\n\n## Steps\n\n1. a\n');
    expect(d).toHaveLength(1);
    expect(d[0]!.message).toContain('no Rollback section');
  });
});

describe('project rules position findings in the file they concern', () => {
  it('unique-grant points at the second action id', () => {
    const a = exampleText({});
    const b = exampleText({ frontmatter: 'id: other-runbook' });
    const d = checkSources([{ file: 'a.md', text: a }, { file: 'b.md', text: b }], { today: TODAY }).diagnostics;
    const grant = d.filter((x) => x.rule === 'unique-grant');
    expect(grant).toHaveLength(1);
    expect(grant[0]).toMatchObject({ file: 'b.md' });
    const line = b.split('\n')[grant[0]!.line - 1]!;
    expect(line.slice(grant[0]!.column - 1)).toMatch(/^scale-out/);
  });
  it('runbook-links resolves links relative to the linking file', () => {
    const body = '# T\n\n## Steps\n\nSee [b](../b/b.md).\n\n## Rollback\n\nUndo.\n';
    const a = exampleText({ body });
    const b = exampleText({ frontmatter: 'id: b-runbook\nactions:\n  - { id: other, title: Other thing, category: scaling, blastRadius: low, actors: [autoscaler-agent], aiRole: recommend, gate: approve, approval: { approvers: [lee-okafor] } }' });
    expect(checkSources([{ file: 'x/a/a.md', text: a }, { file: 'x/b/b.md', text: b }], { today: TODAY }).diagnostics).toEqual([]);
    const broken = checkSources([{ file: 'x/a/a.md', text: a }], { today: TODAY }).diagnostics;
    expect(broken.map((x) => x.rule)).toEqual(['runbook-links']);
    expect(broken[0]!.message).toContain('`x/b/b.md`');
  });
  // One schema error must not turn into link errors in every file that names the runbook.
  describe('runbook-links and a related runbook that failed validation', () => {
    const relating = exampleText({ frontmatter: 'id: relating\nrelated: [example-scale-out]\nservices: [other-api]' });
    it('knows its id and blames only the invalid file', () => {
      const invalid = exampleText({}).replace('gate: autonomous', 'gate: auto');
      const d = checkSources([{ file: 'a.md', text: invalid }, { file: 'b.md', text: relating }], { today: TODAY }).diagnostics;
      expect(d.map((x) => [x.file, x.rule])).toEqual([['a.md', 'schema']]);
    });
    it('still reports an id that no checked file has', () => {
      const d = checkSources([{ file: 'b.md', text: relating }], { today: TODAY }).diagnostics;
      expect(d.map((x) => [x.file, x.rule])).toEqual([['b.md', 'runbook-links']]);
      expect(d[0]!.message).toContain('`example-scale-out`, which is not among the checked runbooks, nor a file `example-scale-out.md` beside this one');
    });
    it('still reports it when the invalid file has no readable id', () => {
      const noId = exampleText({}).replace(/^id: .*$/m, 'id: [example-scale-out]');
      const d = checkSources([{ file: 'a.md', text: noId }, { file: 'b.md', text: relating }], { today: TODAY }).diagnostics;
      expect(d.filter((x) => x.rule === 'runbook-links').map((x) => x.file)).toEqual(['b.md']);
    });
  });
});
