// The example runbooks are documentation and fixtures at once: they must pass `check`, and
// together exercise every feature of the language (so the site and bundle show all of it).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkProject } from '../compiler/check/check.js';
import { AI_ROLES, BLAST_RADII, GATES } from '../compiler/language/runbook.js';
import { runbookSchema } from '../compiler/validate/schema.js';
import { ROOT } from './helpers/cli.js';

const result = await checkProject({ paths: ['runbooks'], cwd: ROOT, today: '2026-11-21', jobs: 1 });
const runbooks = result.runbooks.map((r) => r.runbook);
const actions = runbooks.flatMap((r) => r.actions);

type Json = Record<string, unknown>;
const defs = (runbookSchema().$defs ?? {}) as Record<string, Json>;
const props = (runbookSchema().properties ?? {}) as Record<string, Json>;
const actionProps = (((props.actions as Json).items as Json).properties ?? {}) as Record<string, Json>;

describe('example runbooks', () => {
  it('expire first on the date README says (re-approving them means updating it)', () => {
    const first = runbooks.map((r) => {
      const days = Number(/^(\d+)d$/.exec(r.approval.reviewCycle)?.[1]);
      return new Date(Date.parse(`${r.approval.approvedOn}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
    }).sort()[0];
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain(`the first of their approvals\nexpires on ${first},`);
  });

  it('pass check with no diagnostics', () => {
    expect(result.diagnostics).toEqual([]);
    expect(runbooks.length).toBeGreaterThanOrEqual(12);
  });

  it('use every gate, AI role and blast radius', () => {
    expect(new Set(actions.map((a) => a.gate))).toEqual(new Set(GATES));
    expect(new Set(actions.map((a) => a.aiRole))).toEqual(new Set(AI_ROLES));
    expect(new Set(actions.map((a) => a.blastRadius))).toEqual(new Set(BLAST_RADII));
  });

  it('use every top-level and action property', () => {
    for (const key of Object.keys(props).filter((k) => k !== '$schema')) {
      expect(runbooks.some((r) => key in r), key).toBe(true);
    }
    for (const key of Object.keys(actionProps)) expect(actions.some((a) => key in a), `actions[].${key}`).toBe(true);
  });

  it('use every envelope field and every condition, escalation and contact kind', () => {
    const envelopeKeys = Object.keys((actionProps.envelope as Json).properties as Json);
    for (const key of envelopeKeys) expect(actions.some((a) => a.envelope && key in a.envelope), `envelope.${key}`).toBe(true);
    const when = ((defs.condition!.properties as Json).when as Json).enum as string[];
    const conditions = actions.flatMap((a) => [...(a.rollback?.triggers ?? []), ...(a.canary?.success ?? [])]);
    expect(new Set(conditions.map((c) => c.when))).toEqual(new Set(when));
    const escalation = props.escalation as Json;
    const on = (((((escalation.properties as Json).triggers as Json).items as Json).properties as Json).on as Json).enum as string[];
    expect(new Set(runbooks.flatMap((r) => r.escalation.triggers.map((t) => t.on)))).toEqual(new Set(on));
    const contactKinds = ((((props.contacts as Json).items as Json).properties as Json).kind as Json).enum as string[];
    expect(new Set(runbooks.flatMap((r) => r.contacts.map((c) => c.kind)))).toEqual(new Set(contactKinds));
  });
});
