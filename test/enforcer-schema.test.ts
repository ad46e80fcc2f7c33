// schemas/decision.schema.json: it compiles under strict ajv, every record and result the
// reference enforcer produces for the conformance cases validates, its enums are the enforcer's,
// and its $defs/request accepts exactly the requests the hand-written validator accepts.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decide, GATE_ORDER, loadBundle, REASON_CODES } from '../compiler/enforcer/index.js';
import { RETIRED_REASON_CODES } from '../compiler/enforcer/reasons.js';
import { validateRequest } from '../compiler/enforcer/request.js';
import { readCases } from './conformance/cases.js';

const ROOT = join(import.meta.dirname, '..');
const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'decision.schema.json'), 'utf8')) as {
  $defs: Record<string, { enum?: string[] }>;
};
const ID = 'https://gatebook.dev/schemas/decision.schema.json';

function makeAjv() {
  // ajv and ajv-formats are CommonJS: under NodeNext their classes sit on `.default`.
  const ajv = new Ajv2020.default({ allErrors: true, strict: true, strictRequired: false });
  addFormats.default(ajv);
  ajv.addSchema(schema);
  return ajv;
}
const ajv = makeAjv();
const validateRecord = ajv.getSchema(ID)!;
const validateResult = ajv.getSchema(`${ID}#/$defs/decisionResult`)!;
const validateRequestSchema = ajv.getSchema(`${ID}#/$defs/request`)!;
const json = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('schemas/decision.schema.json', () => {
  it('is a 2020-12 schema with the published $id', () => {
    expect(schema).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', $id: ID });
    expect(validateRecord).toBeTypeOf('function');
  });

  it('lists exactly the enforcer’s reason codes and gates', () => {
    expect(schema.$defs.reasonCode!.enum).toEqual([...REASON_CODES, ...RETIRED_REASON_CODES]);
    for (const code of RETIRED_REASON_CODES) expect(REASON_CODES).not.toContain(code);
    expect(schema.$defs.gateName!.enum).toEqual([...GATE_ORDER]);
  });

  it('describes every property', () => {
    const missing: string[] = [];
    const walk = (node: unknown, path: string) => {
      if (node === null || typeof node !== 'object') return;
      const props = (node as { properties?: Record<string, { description?: string }> }).properties;
      for (const [name, sub] of Object.entries(props ?? {})) if (typeof sub.description !== 'string') missing.push(`${path}.${name}`);
      for (const [k, v] of Object.entries(node)) walk(v, `${path}/${k}`);
    };
    walk(schema, '#');
    expect(missing).toEqual([]);
  });

  it('validates the result and record of every conformance case', async () => {
    const dir = join(ROOT, 'test', 'conformance');
    let checked = 0;
    for (const { cases } of readCases()) {
      for (const c of cases) {
        const key = c.key === undefined ? undefined : readFileSync(join(dir, c.key), 'utf8');
        const bundle = await loadBundle({ path: join(dir, 'bundles', c.bundle) }, { publicKeyPem: key, requireSignature: c.requireSignature });
        const result = json(decide(bundle, c.request));
        expect(validateResult(result), `${c.note}: ${JSON.stringify(validateResult.errors)}`).toBe(true);
        expect(validateRecord(result.record), c.note).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(80);
  });

  it('rejects a record that lost an audit answer', async () => {
    const bundle = await loadBundle({ path: join(ROOT, 'test', 'conformance', 'bundles', 'gates.json') });
    const record = json(decide(bundle, {
      actor: 'ops-agent', model: { name: 'claude-ops', version: '2026-09-15' }, action: 'flip-flag', service: 'payments-api',
      parameters: {}, signals: [], confidence: 0.9, rationale: 'declines doubled', time: '2026-11-03T10:00:00Z',
    }).record) as unknown as Record<string, unknown>;
    expect(validateRecord(record)).toBe(true);
    for (const key of ['recommendation', 'authority', 'evidence', 'outcome', 'bundle', 'rule']) {
      const { [key]: _gone, ...rest } = record;
      expect(validateRecord(rest), key).toBe(false);
    }
    expect(validateRecord({ ...record, decision: 'maybe' })).toBe(false);
  });
});

describe('$defs/request agrees with the hand-written validator', () => {
  it('on every conformance request', () => {
    for (const { cases } of readCases()) {
      for (const c of cases) {
        expect(validateRequestSchema(c.request), c.note).toBe(validateRequest(c.request).ok);
      }
    }
  });

  /** `n` containers around a number. */
  const nest = (n: number, wrap: (x: unknown) => unknown): unknown => (n === 0 ? 1 : wrap(nest(n - 1, wrap)));
  const valid = {
    requestId: 'r-1', actor: 'autoscaler-agent', model: { name: 'kairos-scaler', version: '2026-08-14' }, action: 'scale-out',
    service: 'checkout-api', parameters: { replicas: 16, currentReplicas: 12, region: 'eu-west-1', spend: 10, currency: 'EUR' },
    signals: [{ id: 'checkout-p95', observedAt: '2026-11-03T09:59:30Z', value: 512 }], confidence: 0.92,
    rationale: 'load', alternatives: ['wait'], severity: 'sev2', time: '2026-11-03T10:00:00Z', lastActionAt: null,
    history: { directionChanges: [], overrides: ['2026-11-03T09:00:00+01:00'] }, uncertainty: ['model-disagreement'],
  };
  const values = fc.oneof(
    fc.constant(undefined), fc.constant(null), fc.boolean(), fc.integer({ min: -3, max: 3 }), fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.constantFrom('', 'x', 'sev1', 'sev9', 'EUR', 'eur', '2026-11-03T10:00:00Z', '2026-02-30T10:00:00Z', '2026-11-03T24:00:00Z',
      '2026-11-03T10:00:60Z', '0999-01-01T00:00:00Z', '2026-11-03T10:00:00.5+02:00', '2026-11-03T10:00:00+24:00', '2026-11-03 10:00:00Z',
      'model-disagreement', 'inconsistent-telemetry', 'a'.repeat(201)),
    fc.constant([]), fc.constant({}), fc.constant(['x']), fc.constant([1]), fc.constant({ name: 'n', version: 'v' }),
    // Lengths count code points, as JSON Schema does (an emoji is two UTF-16 units), on both sides of each limit.
    fc.constantFrom('😀'.repeat(150), '😀'.repeat(200), '😀'.repeat(201), '😀'.repeat(6000), '😀'.repeat(10_000), '😀'.repeat(10_001)),
    // Nesting: containers at most 9 deep in a parameter value, on both sides of the limit.
    fc.constantFrom(...[8, 9, 10].flatMap((n) => [nest(n, (x) => [x]), nest(n, (x) => ({ k: x }))])),
  );
  const paths = [
    'requestId', 'actor', 'model', 'model.name', 'model.version', 'model.extra', 'action', 'service', 'parameters',
    'parameters.replicas', 'parameters.currentReplicas', 'parameters.region', 'parameters.regions', 'parameters.spend',
    'parameters.currency', 'parameters.instanceTypes', 'parameters.custom', 'signals', 'signals.0', 'signals.0.id',
    'signals.0.observedAt', 'signals.0.value', 'signals.0.extra', 'confidence', 'rationale', 'alternatives', 'severity', 'time',
    'lastActionAt', 'history', 'history.overrides', 'history.overrides.0', 'history.extra', 'uncertainty', 'uncertainty.0', 'extra',
  ];

  it('on parameter values nested up to and past the limit, and texts counted in code points', () => {
    for (const n of [8, 9, 10, 11]) {
      for (const wrap of [(x: unknown) => [x], (x: unknown) => ({ k: x })]) {
        const req = { ...json(valid) as Record<string, any> };
        req.parameters = { ...req.parameters, custom: nest(n, wrap) };
        expect(validateRequest(req).ok, `${n} deep`).toBe(validateRequestSchema(req));
        expect(validateRequest(req).ok, `${n} deep`).toBe(n <= 9);
      }
    }
    for (const [field, length, ok] of [['actor', 200, true], ['actor', 201, false], ['rationale', 10_000, true], ['rationale', 10_001, false]] as const) {
      const req = { ...json(valid) as Record<string, any>, [field]: '😀'.repeat(length) };
      expect(validateRequest(req).ok, `${field} of ${length} emoji`).toBe(ok);
      expect(validateRequestSchema(req), `${field} of ${length} emoji`).toBe(ok);
    }
  });

  it('on random single-field mutations of a valid request', () => {
    fc.assert(fc.property(fc.constantFrom(...paths), values, (path, value) => {
      const req = json(valid) as Record<string, any>;
      const keys = path.split('.');
      let node: any = req;
      for (const k of keys.slice(0, -1)) node = node[k];
      const last = keys[keys.length - 1]!;
      if (value === undefined) delete node[last];
      else node[last] = value;
      const bySchema = validateRequestSchema(req);
      const byHand = validateRequest(req).ok;
      expect(byHand, `${path} = ${JSON.stringify(value)}`).toBe(bySchema);
    }), { numRuns: 2000 });
  });
});
