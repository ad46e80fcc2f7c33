// ajv's errors rewritten for people: what was found, what was expected, where, and a
// "did you mean" when a key or value is a near miss. Branch noise from anyOf/oneOf/if is folded
// into one message per place.

import type { Path } from '../parse/yaml.js';
import type { Target } from '../parse/locate.js';
import { suggest } from '../util/suggest.js';
import type { SchemaError } from './schema.js';

export interface SchemaFinding {
  path: Path;
  target: Target;
  message: string;
  hint?: string;
  params: Record<string, unknown>;
}

type SchemaNode = Record<string, unknown>;

export function humanizeSchemaErrors(errors: readonly SchemaError[], root: SchemaNode): SchemaFinding[] {
  // Errors inside an anyOf/oneOf branch are replaced by the one message for the whole choice.
  // A `$ref` branch is reported under the referenced schema's own path (`#/$defs/percent/…`), so
  // membership is decided by schema object (verbose errors carry parentSchema), not only by path.
  const choices = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf')
    .map((e) => ({ e, schemas: branchSchemas(e, root) }));
  // An enum or const already says what is allowed; "must be text" beside it is noise.
  const listed = new Set(errors.filter((e) => e.keyword === 'enum' || e.keyword === 'const').map((e) => e.instancePath));
  const kept = errors.filter((e) =>
    e.keyword !== 'if' && !(e.keyword === 'type' && listed.has(e.instancePath)) &&
    !choices.some((c) => c.e !== e && within(e.instancePath, c.e.instancePath) &&
      (e.schemaPath.startsWith(`${c.e.schemaPath}/`) || c.schemas.has(e.parentSchema))));
  // "Unknown property `categry` … did you mean `category`?" already explains the missing
  // `category`; a second finding for it would only be noise.
  const typoFor = new Set<string>();
  const seen = new Set<string>();
  const out: SchemaFinding[] = [];
  const findings = mergeConditional(kept).map((e) => ({ e, f: humanize(e, root) }));
  for (const { e, f } of findings) {
    if (e.keyword === 'additionalProperties' && typeof f.params.suggestion === 'string') {
      typoFor.add(`${e.instancePath}|${f.params.suggestion}`);
    }
  }
  for (const { e, f } of findings) {
    if (e.keyword === 'required' && typoFor.has(`${e.instancePath}|${String(e.params.missingProperty)}`)) continue;
    const key = `${f.path.join('/')}|${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f);
  }
  return out;
}

/** Every schema object a choice's branches use, following local `$ref`s. */
function branchSchemas(choice: SchemaError, root: SchemaNode): Set<unknown> {
  const out = new Set<unknown>();
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object' || out.has(node)) return;
    out.add(node);
    const ref = (node as SchemaNode).$ref;
    if (typeof ref === 'string' && ref.startsWith('#')) visit(resolvePointer(root, ref));
    for (const child of Object.values(node)) visit(child);
  };
  visit(choice.schema);
  return out;
}

function within(pointer: string, ancestor: string): boolean {
  return pointer === ancestor || pointer.startsWith(`${ancestor}/`);
}

function humanize(e: SchemaError, root: SchemaNode): SchemaFinding {
  const path = pointerToPath(e.instancePath);
  const where = displayPath(path);
  const data = e.data;
  const parent = (e.parentSchema ?? {}) as SchemaNode;
  const params: Record<string, unknown> = { keyword: e.keyword, path: where, ...e.params };
  const value = (message: string, hint?: string): SchemaFinding =>
    ({ path, target: 'value', message, ...(hint ? { hint } : {}), params });
  switch (e.keyword) {
    case 'required': {
      const prop = String(e.params.missingProperty);
      const owner = path.length === 0 ? 'the runbook' : `\`${where}\``;
      const why = conditionalReason(e, root, data);
      if (why) {
        // A `then` schema has no properties of its own; the descriptions live on the object's.
        const missing = Array.isArray(e.params.missing) ? e.params.missing.map(String) : [prop];
        const object = resolvePointer(root, e.schemaPath.replace(/(?:\/allOf\/\d+)?\/then\/required$/, '')) as SchemaNode | undefined;
        const hints = missing.flatMap((p) => {
          const d = propertyDescription(object ?? {}, p);
          return d ? [`Add \`${p}\`: ${d}`] : [];
        });
        return {
          path, target: 'key', params,
          message: `${owner} has ${why}, which requires ${list(missing, ' and ')}; ${missing.length === 1 ? 'it is' : 'they are'} missing.`,
          ...(hints.length ? { hint: hints.join(' ') } : {}),
        };
      }
      const description = propertyDescription(parent, prop);
      return {
        path, target: 'key', params,
        message: `${owner} is missing the required property \`${prop}\`.`,
        ...(description ? { hint: `Add \`${prop}\`: ${description}` } : {}),
      };
    }
    case 'additionalProperties': {
      const prop = String(e.params.additionalProperty);
      const allowed = Object.keys((parent.properties ?? {}) as SchemaNode);
      const guess = near(prop, allowed);
      const owner = path.length === 0 ? 'the runbook' : `\`${where}\``;
      return {
        path: [...path, prop], target: 'key', params: { ...params, suggestion: guess },
        message: `Unknown property ${show(prop)} in ${owner}.${guess ? ` Did you mean \`${guess}\`?` : ''}`,
        hint: `Allowed here: ${allowed.map((a) => `\`${a}\``).join(', ')}.`,
      };
    }
    case 'enum': {
      const allowed = (e.params.allowedValues as unknown[]).map(String);
      const guess = typeof data === 'string' ? near(data, allowed) : undefined;
      return value(`\`${where}\` must be one of ${list(allowed)}; found ${show(data)}.${guess ? ` Did you mean \`${guess}\`?` : ''}`,
        stringOr(parent.description));
    }
    case 'const':
      return value(`\`${where}\` must be \`${String(e.params.allowedValue)}\`; found ${show(data)}.`);
    case 'type':
      return value(`\`${where}\` must be ${article(String(e.params.type))}; found ${describe(data)}.`, stringOr(parent.description));
    case 'pattern':
    case 'format': {
      const examples = Array.isArray(parent.examples) ? parent.examples.map((x) => `\`${String(x)}\``) : [];
      const description = stringOr(parent.description);
      const expected = e.keyword === 'format' ? formatName(String(e.params.format))
        : description ? midSentence(description) : `text matching ${String(e.params.pattern)}`;
      return value(`\`${where}\` is not ${expected.replace(/\.$/, '')}: found ${show(data)}.`,
        examples.length ? `For example ${examples.join(', ')}.` : undefined);
    }
    case 'minItems':
      return value(`\`${where}\` must list at least ${String(e.params.limit)} item${e.params.limit === 1 ? '' : 's'}; found ${Array.isArray(data) ? data.length : 0}.`);
    case 'maxItems':
      return value(`\`${where}\` may list at most ${String(e.params.limit)} items; found ${Array.isArray(data) ? data.length : 0}.`);
    case 'minLength':
      return value(`\`${where}\` must be at least ${String(e.params.limit)} characters long; found ${show(data)}.`);
    case 'maxLength':
      return value(`\`${where}\` must be at most ${String(e.params.limit)} characters long; found ${typeof data === 'string' ? data.length : 0}.`);
    case 'minimum': case 'maximum': case 'exclusiveMinimum': case 'exclusiveMaximum':
      return value(`\`${where}\` must be ${String(e.params.comparison)} ${String(e.params.limit)}; found ${show(data)}.`);
    case 'uniqueItems':
      return value(`\`${where}\` lists the same item twice (items ${String(e.params.j)} and ${String(e.params.i)}); each must appear once.`);
    case 'anyOf':
    case 'oneOf': {
      const branches = (Array.isArray(e.schema) ? e.schema : []) as SchemaNode[];
      const requiredOnly = branches.every((b) => Array.isArray(b.required) && Object.keys(b).length === 1);
      if (requiredOnly && branches.length > 0) {
        const names = branches.map((b) => String((b.required as string[])[0]));
        return { path, target: 'key', params, message: `\`${where || 'the runbook'}\` needs at least one of ${list(names)}.` };
      }
      const forms = branches.map(branchName).join(' or ');
      return value(`\`${where}\` must be ${forms}; found ${describe(data)}.`, stringOr(parent.description));
    }
    default:
      return value(`\`${where}\` ${e.message ?? 'is not valid'}.`);
  }
}

/** "Did you mean"; not for long text, which is no near miss and costs length × candidates to compare. */
function near(found: string, candidates: readonly string[]): string | undefined {
  return found.length <= 64 ? suggest(found, candidates) : undefined;
}

/** The properties one `then` requires ("flapping needs count and window") as one error, not one each. */
function mergeConditional(errors: readonly SchemaError[]): SchemaError[] {
  const out: SchemaError[] = [];
  const groups = new Map<string, string[]>();
  for (const e of errors) {
    if (e.keyword !== 'required' || !e.schemaPath.endsWith('/then/required')) {
      out.push(e);
      continue;
    }
    const key = `${e.instancePath}|${e.schemaPath}`;
    const missing = groups.get(key);
    if (missing) {
      missing.push(String(e.params.missingProperty));
      continue;
    }
    const first = [String(e.params.missingProperty)];
    groups.set(key, first);
    out.push({ ...e, params: { ...e.params, missing: first } });
  }
  return out;
}

/** For an error inside `if/then`, the condition that made the property required ("`gate: notify`"). */
function conditionalReason(e: SchemaError, root: SchemaNode, data: unknown): string | undefined {
  const m = /^(.*)\/then\/required$/.exec(e.schemaPath);
  if (!m || typeof data !== 'object' || data === null) return undefined;
  const cond = resolvePointer(root, `${m[1]}/if`) as SchemaNode | undefined;
  const props = Object.keys((cond?.properties ?? {}) as SchemaNode);
  const parts = props.map((p) => `\`${p}: ${String((data as Record<string, unknown>)[p])}\``);
  return parts.length ? parts.join(' and ') : undefined;
}

function resolvePointer(root: unknown, schemaPath: string): unknown {
  const segments = schemaPath.replace(/^#\/?/, '').split('/').filter(Boolean)
    .map((s) => decodeURIComponent(s.replace(/~1/g, '/').replace(/~0/g, '~')));
  let node: unknown = root;
  for (const s of segments) node = (node as Record<string, unknown> | undefined)?.[s];
  return node;
}

function propertyDescription(parent: SchemaNode, prop: string): string | undefined {
  const p = ((parent.properties ?? {}) as Record<string, SchemaNode>)[prop];
  return stringOr(p?.description);
}

function branchName(b: SchemaNode): string {
  if (b.type === 'number') return 'a number';
  if (b.type === 'integer') return 'a whole number';
  if (typeof b.$ref === 'string' && b.$ref.endsWith('/percent')) return 'a percentage such as 20%';
  if (typeof b.$ref === 'string') return `a ${b.$ref.split('/').pop()}`;
  return typeof b.type === 'string' ? article(b.type) : 'one of the allowed forms';
}

export function pointerToPath(pointer: string): Path {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((s) => {
    const v = s.replace(/~1/g, '/').replace(/~0/g, '~');
    return /^(0|[1-9][0-9]*)$/.test(v) ? Number(v) : v;
  });
}

/** `actions[1].gate` */
export function displayPath(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function formatName(format: string): string {
  if (format === 'date') return 'a date in the form YYYY-MM-DD';
  if (format === 'email') return 'an e-mail address';
  return `a valid ${format}`;
}

/** A schema description ("A duration: …") read mid-sentence ("is not a duration: …"); acronyms stay. */
function midSentence(text: string): string {
  return /^[A-Z][a-z ]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}

function list(values: readonly string[], last = ', '): string {
  const quoted = values.map((v) => `\`${v}\``);
  return quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')}${last}${quoted.at(-1)!}` : quoted.join('');
}

function show(v: unknown): string {
  if (typeof v === 'string') return `\`${v.length > 60 ? `${v.slice(0, 57)}...` : v}\``;
  return describe(v);
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return 'nothing (null)';
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the text \`${v.length > 60 ? `${v.slice(0, 57)}...` : v}\``;
  return `the ${typeof v} \`${String(v)}\``;
}

function article(type: string): string {
  const names: Record<string, string> = { object: 'a mapping', array: 'a list', string: 'text', integer: 'a whole number', number: 'a number', boolean: 'true or false', null: 'null' };
  return type.split(',').map((t) => names[t] ?? t).join(' or ');
}

function stringOr(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
