import type { NumericLimit } from '../language/runbook.js';
import type { Path } from '../parse/yaml.js';
import type { Finding } from './types.js';
import { fileRule } from './define.js';

export default fileRule({
  id: 'envelope-bounds',
  severity: 'error',
  summary: 'Envelope bounds are consistent: min ≤ max, and a step fits inside the range.',
  description: `A safe operating envelope whose minimum is above its maximum admits nothing, and a step larger than the whole range means the step bound never binds — both are almost always typos that would silently change what the AI may do. Checked for \`replicas\` with \`maxStep\` and for every entry of \`limits\`.`,
  examples: {
    good: [{}],
    bad: [{ frontmatter: `actions:
  - id: scale-out
    title: Add replicas
    category: scaling
    blastRadius: low
    actors: [autoscaler-agent]
    aiRole: execute
    gate: autonomous
    envelope: { replicas: { min: 12, max: 3 }, maxStep: 3 }
    rollback:
      triggers: [{ signal: p95-latency, when: rises-by, threshold: 20% }]
      action: Scale back to the previous replica count.
      owner: example-oncall` }],
  },
}, (ctx) => {
  ctx.runbook.actions.forEach((action, i) => {
    const env = action.envelope;
    if (!env) return;
    const base: Path = ['actions', i, 'envelope'];
    const report = (f: Finding) => ctx.report({ ...f, params: { action: action.id, ...f.params } });
    const r = env.replicas;
    checkRange(report, action.id, 'replicas', r?.min, r?.max, env.maxStep, [...base, 'replicas'], [...base, 'maxStep']);
    env.limits?.forEach((limit: NumericLimit, j) => {
      const p: Path = [...base, 'limits', j];
      checkRange(report, action.id, limit.parameter, limit.min, limit.max, limit.maxStep, p, [...p, 'maxStep']);
    });
  });
});

function checkRange(
  report: (f: Finding) => void, action: string, name: string,
  min: number | undefined, max: number | undefined, step: number | undefined, at: Path, stepAt: Path,
): void {
  if (min !== undefined && max !== undefined && min > max) {
    report({
      path: [...at, 'min'],
      message: `In action \`${action}\`, \`${name}\` has min ${min} above max ${max}; expected min ≤ max.`,
      hint: 'Swap the two values, or correct the one that is a typo.',
      params: { parameter: name, min, max },
    });
  } else if (min !== undefined && max !== undefined && step !== undefined && step > max - min) {
    report({
      path: stepAt,
      message: `In action \`${action}\`, the step for \`${name}\` is ${step} but the whole range ${min}–${max} is only ${max - min}; expected a step no larger than the range.`,
      hint: 'Lower the step, or widen the range if the bounds are wrong.',
      params: { parameter: name, min, max, maxStep: step },
    });
  }
}
