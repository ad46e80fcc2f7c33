// The language reference, generated from schemas/runbook.schema.json: every property with its
// path, type, whether it is required, its description and its limits. Shared types ($defs) get
// a section each and are linked rather than repeated.

import type { MarkdownRenderer } from './markdown.js';
import type { LanguageEntry, LanguageReference, LanguageType } from './types.js';

type Schema = Record<string, unknown> & {
  $ref?: string;
  type?: string | string[];
  description?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
  if?: Schema;
  then?: Schema;
  examples?: unknown[];
  pattern?: string;
  format?: string;
};

const DEF_PREFIX = '#/$defs/';

export function languageReference(schema: Record<string, unknown>, md: MarkdownRenderer): LanguageReference {
  const root = schema as Schema;
  const defs = (root.$defs ?? {}) as Record<string, Schema>;
  const ctx: Ctx = { defs, md };
  const types: LanguageType[] = Object.entries(defs).map(([name, def]) => {
    const info = typeInfo(def, ctx, false);
    return {
      name,
      anchor: typeAnchor(name),
      type: info.type,
      description: md.inline(def.description ?? ''),
      ...(def.pattern ? { pattern: def.pattern } : {}),
      ...(def.enum ? { values: def.enum.map(String) } : {}),
      ...(def.examples ? { examples: def.examples.map(show) } : {}),
      constraints: constraints(def).map((c) => md.inline(c)),
      entries: def.properties ? properties(def, '', 0, ctx) : [],
    };
  });
  return {
    title: String(root.title ?? 'Runbook'),
    description: md.inline(root.description ?? ''),
    schemaUrl: String(root.$id ?? ''),
    entries: properties(root, '', 0, ctx),
    types,
  };
}

interface Ctx {
  defs: Record<string, Schema>;
  md: MarkdownRenderer;
}

function typeAnchor(name: string): string {
  return `type-${name}`;
}

function defName(ref: string | undefined): string | undefined {
  return ref?.startsWith(DEF_PREFIX) ? ref.slice(DEF_PREFIX.length) : undefined;
}

/** Follows $ref to its definition, keeping the outermost description. */
function resolve(node: Schema, ctx: Ctx): Schema {
  let current = node;
  const seen = new Set<string>();
  while (current.$ref) {
    const name = defName(current.$ref);
    if (!name || seen.has(name) || !ctx.defs[name]) break;
    seen.add(name);
    const { $ref: _ref, ...rest } = current;
    current = { ...ctx.defs[name], ...rest, description: current.description ?? ctx.defs[name]!.description };
  }
  return current;
}

function typeInfo(node: Schema, ctx: Ctx, linkDefs = true): { type: string; anchor?: string } {
  const name = defName(node.$ref);
  if (name && linkDefs) return { type: typeLabel(name), anchor: typeAnchor(name) };
  const r = resolve(node, ctx);
  if (r.oneOf || r.anyOf) {
    const options = (r.oneOf ?? r.anyOf)!.filter((o) => o.type || o.$ref).map((o) => typeInfo(o, ctx).type);
    if (options.length) return { type: options.join(' or ') };
  }
  if (r.type === 'array' && r.items) {
    const item = typeInfo(r.items, ctx);
    return { type: `list of ${item.type}`, ...(item.anchor ? { anchor: item.anchor } : {}) };
  }
  if (Array.isArray(r.type)) return { type: r.type.join(' or ') };
  if (r.const !== undefined) return { type: 'string' };
  return { type: r.type ?? 'any' };
}

function typeLabel(defName: string): string {
  return { contactRef: 'contact id', signalRef: 'signal id', actorRef: 'actor id', timeOfDay: 'time of day' }[defName] ?? defName;
}

function properties(node: Schema, prefix: string, depth: number, ctx: Ctx): LanguageEntry[] {
  const r = resolve(node, ctx);
  const out: LanguageEntry[] = [];
  const required = new Set(r.required ?? []);
  const conditional = conditionalRequirements(r);
  for (const [key, child] of Object.entries(r.properties ?? {})) {
    const path = prefix ? `${prefix}.${key}` : key;
    const resolved = resolve(child, ctx);
    const info = typeInfo(child, ctx);
    const ownConstraints = constraints(resolved);
    const when = conditional.get(key);
    if (when) ownConstraints.push(`Required when ${when}.`);
    out.push({
      path,
      anchor: anchorOf(path),
      depth,
      type: info.type,
      ...(info.anchor ? { typeAnchor: info.anchor } : {}),
      required: required.has(key),
      description: ctx.md.inline(resolved.description ?? ''),
      ...(resolved.enum ? { values: resolved.enum.map(String) } : resolved.const !== undefined ? { values: [String(resolved.const)] } : {}),
      ...(resolved.pattern && !info.anchor ? { pattern: resolved.pattern } : {}),
      ...(resolved.examples ? { examples: resolved.examples.map(show) } : {}),
      constraints: ownConstraints.map((c) => ctx.md.inline(c)),
    });
    // Nested objects (inline, not shared types) are listed under their parent.
    if (!defName(child.$ref)) {
      if (resolved.type === 'object' && resolved.properties) out.push(...properties(resolved, path, depth + 1, ctx));
      if (resolved.type === 'array' && resolved.items && !defName(resolved.items.$ref)) {
        const item = resolve(resolved.items, ctx);
        if (item.properties) out.push(...properties(item, `${path}[]`, depth + 1, ctx));
      }
    }
  }
  return out;
}

function anchorOf(path: string): string {
  return path.replace(/\[\]/g, '').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase();
}

function show(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function constraints(s: Schema): string[] {
  const out: string[] = [];
  const n = (k: string) => (typeof s[k] === 'number' ? (s[k] as number) : undefined);
  if (n('minimum') !== undefined && n('maximum') !== undefined) out.push(`From ${n('minimum')} to ${n('maximum')}.`);
  else if (n('minimum') !== undefined) out.push(`At least ${n('minimum')}.`);
  else if (n('maximum') !== undefined) out.push(`At most ${n('maximum')}.`);
  if (n('exclusiveMinimum') !== undefined) out.push(`Greater than ${n('exclusiveMinimum')}.`);
  if (n('minLength') !== undefined && n('maxLength') !== undefined) out.push(`${n('minLength')} to ${n('maxLength')} characters.`);
  else if (n('minLength') !== undefined) out.push(`At least ${n('minLength')} characters.`);
  else if (n('maxLength') !== undefined) out.push(`At most ${n('maxLength')} characters.`);
  if (n('minItems') !== undefined) out.push(`At least ${n('minItems')} item${n('minItems') === 1 ? '' : 's'}.`);
  if (s.uniqueItems === true) out.push('No duplicates.');
  if (s.format) out.push(`Format: ${s.format}.`);
  if (s.additionalProperties === false && s.properties) out.push('No other keys.');
  const oneOfRequired = (s.anyOf ?? []).map((o) => o.required).filter((r): r is string[] => Array.isArray(r) && r.length === 1).map((r) => r[0]!);
  if (oneOfRequired.length > 1 && oneOfRequired.length === (s.anyOf ?? []).length) {
    out.push(`At least one of ${oneOfRequired.map((k) => `\`${k}\``).join(', ')}.`);
  }
  return out;
}

/** `allOf: [{ if: { properties: { gate: { const: notify } } }, then: { required: [veto] } }]` → veto: "`gate` is `notify`". */
function conditionalRequirements(s: Schema): Map<string, string> {
  const out = new Map<string, string>();
  for (const clause of s.allOf ?? []) {
    const conditions = Object.entries(clause.if?.properties ?? {}).map(([key, c]) => {
      const values = c.const !== undefined ? [c.const] : (c.enum ?? []);
      return `\`${key}\` is ${values.map((v) => `\`${String(v)}\``).join(' or ')}`;
    });
    if (!conditions.length) continue;
    for (const key of clause.then?.required ?? []) {
      const before = out.get(key);
      const text = conditions.join(' and ');
      out.set(key, before ? `${before}, or ${text}` : text);
    }
  }
  return out;
}
