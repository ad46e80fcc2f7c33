// Property tests: whatever the bytes, `check` returns diagnostics (never throws), and every
// diagnostic is well-formed data with a position inside the file and a known rule.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkFile } from '../compiler/check/check-file.js';
import { checkSources } from '../compiler/check/check.js';
import { CATALOG } from '../compiler/diagnostics/catalog.js';
import type { Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { BASE_BODY, BASE_FRONTMATTER, EXAMPLE_TODAY } from '../compiler/rules/examples/base.js';
import { RULES } from '../compiler/rules/registry.js';

const VALID = `---\n${BASE_FRONTMATTER}---\n${BASE_BODY}`;
const KNOWN_RULES = new Set([...Object.keys(CATALOG), ...RULES.map((r) => r.meta.id)]);
const OPTIONS = { today: EXAMPLE_TODAY, keepRunbook: true };
// Modest by default so the suite stays fast; FUZZ_RUNS=20000 for a long hunt.
const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const TIMEOUT = Math.max(30_000, RUNS * 10);

/** The file's lines as every stage counts them: BOM dropped, CR LF and lone CR are line ends. */
function linesOf(bytes: Uint8Array): string[] {
  let text = Buffer.from(bytes).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text.split(/\r\n|\r|\n/);
}

function expectWellFormed(diagnostics: readonly Diagnostic[], file: string, bytes: Uint8Array): void {
  const lines = linesOf(bytes);
  for (const d of diagnostics) {
    const where = `${d.rule} ${d.line}:${d.column}-${d.endLine}:${d.endColumn} ${d.message.slice(0, 120)}`;
    expect(KNOWN_RULES.has(d.rule), where).toBe(true);
    expect(d.file, where).toBe(file);
    expect(['error', 'warning'], where).toContain(d.severity);
    expect(d.message.length, where).toBeGreaterThan(0);
    expect(d.url, where).toBe(`https://gatebook.dev/rules/${d.rule}/`);
    for (const n of [d.line, d.column, d.endLine, d.endColumn]) expect(Number.isInteger(n) && n >= 1, where).toBe(true);
    expect(d.line, where).toBeLessThanOrEqual(lines.length + 1);
    expect(d.endLine, where).toBeLessThanOrEqual(lines.length + 1);
    expect(d.endLine, where).toBeGreaterThanOrEqual(d.line);
    if (d.endLine === d.line) expect(d.endColumn, where).toBeGreaterThanOrEqual(d.column);
    // The start is on the line or just past its end (an insertion point).
    expect(d.column, where).toBeLessThanOrEqual((lines[d.line - 1]?.length ?? 0) + 2);
  }
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

function checkBytes(bytes: Uint8Array): void {
  const file = 'runbooks/fuzz.md';
  let outcome: ReturnType<typeof checkFile> | undefined;
  expect(() => { outcome = checkFile(file, bytes, OPTIONS); }).not.toThrow();
  expectWellFormed(outcome!.diagnostics, file, bytes);
}

function checkText(text: string): void {
  const file = 'runbooks/fuzz.md';
  let diagnostics: Diagnostic[] = [];
  expect(() => { diagnostics = checkSources([{ file, text }], { today: EXAMPLE_TODAY }).diagnostics; }).not.toThrow();
  expectWellFormed(diagnostics, file, Buffer.from(text));
}

/** Strings that mean something to YAML, Markdown or the decoder. */
const TOKENS = [
  ':', ': ', '-', '- ', '---', '...', '+++', '[', ']', '{', '}', ',', '&a ', '*a', '<<: *a', '!!js/function ', '!Ref ',
  '? ', '|', '>', '#', '"', "'", '\\', '\t', '\r', '\r\n', '\n', '\0', '\u0007', '\ufeff', '\u2028', 'é', '☕', '😀', '\ud800',
  '__proto__: ', 'constructor: ', 'gate: notify', 'on: flapping', 'threshold: ', '20%', 'null', '~', '0x1F', '.inf',
  '2026-13-01', '  ', '    ', '**', '_', '[x](other.md)', '## Rollback', '> ', '1. ',
];

const token = fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 6 }));

type Mutation =
  | { op: 'delete'; at: number; length: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'replace'; at: number; text: string }
  | { op: 'deleteLine' | 'duplicateLine' | 'tabIndent' | 'dedent'; line: number }
  | { op: 'swapLines'; line: number; other: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: token }),
  fc.record({ op: fc.constant('replace' as const), at: fc.nat(), text: token }),
  fc.record({ op: fc.constantFrom('deleteLine' as const, 'duplicateLine' as const, 'tabIndent' as const, 'dedent' as const), line: fc.nat() }),
  fc.record({ op: fc.constant('swapLines' as const), line: fc.nat(), other: fc.nat() }),
);

function apply(text: string, m: Mutation): string {
  switch (m.op) {
    case 'delete': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + text.slice(at + m.length);
    }
    case 'insert': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case 'replace': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.text + text.slice(at + 1);
    }
    default: {
      const lines = text.split('\n');
      const i = m.line % lines.length;
      if (m.op === 'deleteLine') lines.splice(i, 1);
      else if (m.op === 'duplicateLine') lines.splice(i, 0, lines[i]!);
      else if (m.op === 'tabIndent') lines[i] = `\t${lines[i]!}`;
      else if (m.op === 'dedent') lines[i] = lines[i]!.replace(/^ {1,2}/, '');
      else if (m.op === 'swapLines') {
        const j = m.other % lines.length;
        [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      }
      return lines.join('\n');
    }
  }
}

describe('check never throws and always points inside the file', () => {
  it('the unmutated runbook is clean (the properties start from a valid file)', () => {
    expect(checkSources([{ file: 'runbooks/fuzz.md', text: VALID }], { today: EXAMPLE_TODAY }).diagnostics).toEqual([]);
  });

  it('arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => checkBytes(bytes)), { numRuns: RUNS });
  }, TIMEOUT);

  it('arbitrary text after an opening fence', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), fc.boolean(), (body, close) => {
      checkText(`---\n${body}${close ? '\n---\n# Body\n' : ''}`);
    }), { numRuns: RUNS });
  }, TIMEOUT);

  it('mutations of a valid runbook: characters and lines deleted, inserted, replaced, moved', () => {
    fc.assert(fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), fc.constantFrom('\n', '\r\n'), fc.boolean(), (mutations, eol, bom) => {
      let text = mutations.reduce(apply, VALID);
      if (eol === '\r\n') text = text.replace(/\r?\n/g, '\r\n');
      if (bom) text = `\ufeff${text}`;
      checkText(text);
    }), { numRuns: RUNS });
  }, TIMEOUT);

  it('byte flips in a valid runbook', () => {
    const valid = Buffer.from(VALID);
    fc.assert(fc.property(fc.array(fc.record({ at: fc.nat({ max: valid.length - 1 }), byte: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 4 }), (flips) => {
      const bytes = Buffer.from(valid);
      for (const f of flips) bytes[f.at] = f.byte;
      checkBytes(bytes);
    }), { numRuns: RUNS });
  }, TIMEOUT);

  it('the same input always gives the same diagnostics', () => {
    fc.assert(fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
      const text = mutations.reduce(apply, VALID);
      const once = checkSources([{ file: 'runbooks/fuzz.md', text }], { today: EXAMPLE_TODAY }).diagnostics;
      expect(checkSources([{ file: 'runbooks/fuzz.md', text }], { today: EXAMPLE_TODAY }).diagnostics).toEqual(once);
    }), { numRuns: 50 });
  });
});
