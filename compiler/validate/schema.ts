// JSON Schema validation of the frontmatter with ajv, compiled once per process.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020Module, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { packageRoot } from '../util/package-root.js';

export type SchemaError = ErrorObject;

let validator: ValidateFunction | undefined;
let schemaJson: Record<string, unknown> | undefined;
let schemaText: string | undefined;

export function runbookSchemaText(): string {
  schemaText ??= readFileSync(join(packageRoot(), 'schemas', 'runbook.schema.json'), 'utf8');
  return schemaText;
}

export function runbookSchema(): Record<string, unknown> {
  schemaJson ??= JSON.parse(runbookSchemaText()) as Record<string, unknown>;
  return schemaJson;
}

function compile(): ValidateFunction {
  // verbose: errors carry the offending data and the schema node, which the humanizer needs;
  // it costs nothing on valid documents.
  // optimize: false — ajv's code optimizer saves nothing measurable on this schema (about
  // 35 µs a runbook either way) but adds ~100 ms to every process and worker that compiles it.
  const ajv = new Ajv2020Module.default({ allErrors: true, strict: true, strictRequired: false, verbose: true, code: { optimize: false } });
  addFormats.default(ajv, ['date', 'email']);
  return ajv.compile(runbookSchema());
}

/** Schema errors for the frontmatter data; empty when it is a valid runbook. */
export function validateAgainstSchema(data: unknown): SchemaError[] {
  validator ??= compile();
  return validator(data) ? [] : [...(validator.errors ?? [])];
}
