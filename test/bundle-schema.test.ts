import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { compile } from '../compiler/compile/index.js';
import { loadDir, FIXTURES, ROOT } from './compile-fixtures.js';

const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'bundle.schema.json'), 'utf8')) as object;

function validator() {
  // ajv and ajv-formats are CommonJS: under NodeNext their classes sit on `.default`.
  const ajv = new Ajv2020.default({ allErrors: true, strict: true, strictRequired: false });
  addFormats.default(ajv);
  return ajv.compile(schema);
}

describe('schemas/bundle.schema.json', () => {
  const validate = validator();

  it('is a 2020-12 schema with the published $id', () => {
    expect(schema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'https://gatebook.dev/schemas/bundle.schema.json',
    });
  });

  it.each([
    ['the compile fixtures', FIXTURES],
    ['the example runbooks', join(ROOT, 'runbooks')],
  ])('accepts the bundle compiled from %s', (_, dir) => {
    const bundle = compile(loadDir(dir), { revision: 'a'.repeat(40), sourceDateEpoch: 1767225600 });
    const ok = validate(JSON.parse(JSON.stringify(bundle)));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('rejects unknown members and malformed values', () => {
    const bundle = JSON.parse(JSON.stringify(compile(loadDir(FIXTURES), { revision: null }))) as Record<string, unknown>;
    expect(validate({ ...bundle, extra: 1 })).toBe(false);
    expect(validate({ ...bundle, digest: 'md5:00' })).toBe(false);
    expect(validate({ ...bundle, schemaVersion: 'gatebook.bundle/v1' })).toBe(false);
    const rules = bundle.rules as Record<string, Record<string, unknown>>;
    const [id, rule] = Object.entries(rules)[0]!;
    expect(validate({ ...bundle, rules: { ...rules, [id]: { ...rule, gate: 'yolo' } } })).toBe(false);
    expect(validate({ ...bundle, rules: { ...rules, [id]: { ...rule, approval: { approvers: [{ id: 'ada' }], count: 1, justification: true, onTimeout: 'deny' } } } })).toBe(false);
    const grants = bundle.grants as Record<string, string>;
    const key = Object.keys(grants)[0]!;
    expect(validate({ ...bundle, grants: { ...grants, [key]: { rule: grants[key] } } })).toBe(false);
  });

  it('describes every property', () => {
    const missing: string[] = [];
    const walk = (node: unknown, path: string) => {
      if (node === null || typeof node !== 'object') return;
      const props = (node as { properties?: Record<string, { description?: string }> }).properties;
      for (const [name, sub] of Object.entries(props ?? {})) {
        if (typeof sub.description !== 'string') missing.push(`${path}.${name}`);
      }
      for (const [k, v] of Object.entries(node)) walk(v, `${path}/${k}`);
    };
    walk(schema, '#');
    expect(missing).toEqual([]);
  });
});
