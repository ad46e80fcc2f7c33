// Every malformed file gets exactly one diagnostic with a position (and so exit 1: the CLI exits 1
// whenever summary.errors > 0), never a stack trace or a hang. Text cases go through
// `checkSources`; byte-level cases (binary, bad UTF-8, NUL, size, symlinks) through `checkProject`
// on a temporary directory.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkProject, checkSources } from '../compiler/check/check.js';
import type { CheckResult } from '../compiler/check/types.js';
import type { Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { BASE_BODY, BASE_FRONTMATTER, EXAMPLE_TODAY } from '../compiler/rules/examples/base.js';
import { decodeSource, MAX_FILE_BYTES } from '../compiler/parse/source.js';
import { MAX_YAML_DEPTH, MAX_YAML_NODES } from '../compiler/parse/yaml.js';

const FILE = 'runbooks/bad.md';
const VALID = `---\n${BASE_FRONTMATTER}---\n${BASE_BODY}`;
/** A runbook with this YAML between the fences (line 2 onwards) and the example body. */
const withYaml = (yaml: string) => `---\n${yaml}---\n${BASE_BODY}`;
/** The example frontmatter with one substring replaced (which must occur). */
function edit(from: string, to: string): string {
  expect(BASE_FRONTMATTER).toContain(from);
  return withYaml(BASE_FRONTMATTER.replace(from, to));
}

function check(text: string): CheckResult {
  let result: CheckResult | undefined;
  expect(() => { result = checkSources([{ file: FILE, text }], { today: EXAMPLE_TODAY }); }).not.toThrow();
  return result!;
}

interface Expected {
  rule: string;
  line: number;
  column: number;
  /** What the message must say: what was expected, what was found. */
  message: RegExp[];
  endLine?: number;
  endColumn?: number;
}

/** Exactly one diagnostic (no cascade), an error, with this rule and position. */
function expectOnly(result: CheckResult, want: Expected, file = FILE): Diagnostic {
  expect(result.diagnostics.map((d) => `${d.rule} ${d.line}:${d.column} ${d.message}`)).toHaveLength(1);
  const d = result.diagnostics[0]!;
  expect({ rule: d.rule, file: d.file, severity: d.severity, line: d.line, column: d.column })
    .toEqual({ rule: want.rule, file, severity: 'error', line: want.line, column: want.column });
  if (want.endLine !== undefined) expect(d.endLine).toBe(want.endLine);
  if (want.endColumn !== undefined) expect(d.endColumn).toBe(want.endColumn);
  expect(d.endLine).toBeGreaterThanOrEqual(d.line);
  if (d.endLine === d.line) expect(d.endColumn).toBeGreaterThanOrEqual(d.column);
  for (const m of want.message) expect(d.message).toMatch(m);
  expect(d.url).toBe(`https://gatebook.dev/rules/${want.rule}/`);
  expect(d.message).not.toMatch(/\bat .*\.(?:ts|js):\d+|Error:|\[object Object\]|\{\w+\}/); // no stack, no unfilled template
  expect(result.summary.errors).toBeGreaterThanOrEqual(1);
  return d;
}

function checkText(text: string, want: Expected): Diagnostic {
  return expectOnly(check(text), want);
}

// Byte-level cases: one file per fresh directory under one temporary root.
const root = mkdtempSync(join(tmpdir(), 'gatebook-bad-input-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;

async function checkDir(dir: string): Promise<CheckResult> {
  return checkProject({ paths: [dir], cwd: root, today: EXAMPLE_TODAY, jobs: 1, keepRunbooks: false });
}

async function checkBytes(bytes: Uint8Array | string, name = 'bad.md'): Promise<{ result: CheckResult; file: string }> {
  const dir = `case-${++dirs}`;
  mkdirSync(join(root, dir));
  writeFileSync(join(root, dir, name), bytes);
  return { result: await checkDir(join(root, dir)), file: `${dir}/${name}` };
}

describe('file structure', () => {
  it('empty file', () => {
    checkText('', { rule: 'empty-file', line: 1, column: 1, message: [/empty/, /expected YAML frontmatter/] });
    checkText('  \n\n\t\n', { rule: 'empty-file', line: 1, column: 1, message: [/empty/] });
  });

  it('no frontmatter', () => {
    checkText('# Scale out example-api\n\nSteps.\n', {
      rule: 'missing-frontmatter', line: 1, column: 1, endLine: 1, endColumn: 24,
      message: [/does not start with `---`/, /expected YAML frontmatter/],
    });
  });

  it('unterminated frontmatter', () => {
    checkText(`---\n${BASE_FRONTMATTER}${BASE_BODY}`, {
      rule: 'unterminated-frontmatter', line: 1, column: 1, endColumn: 4,
      message: [/never closed/, /expected a line with only `---`/],
    });
    checkText('---', { rule: 'unterminated-frontmatter', line: 1, column: 1, message: [/never closed/] });
    // YAML's `...` document end is not a fence: remark would read the YAML as Markdown.
    checkText(`---\n${BASE_FRONTMATTER}...\n${BASE_BODY}`, { rule: 'unterminated-frontmatter', line: 1, column: 1, message: [/`---`/] });
  });

  it('only a `---` line closes the frontmatter, not `---` after U+2028 inside a value', () => {
    // JavaScript's multiline `^`/`$` treat U+2028 as a line end; YAML and remark do not.
    expect(check(edit('title: Scale out example-api', 'title: "Scale out\u2028---\u2028example-api"')).diagnostics).toEqual([]);
  });

  it('TOML frontmatter', () => {
    checkText('+++\nid = "example-scale-out"\ntitle = "Scale out"\n+++\n# Body\n', {
      rule: 'toml-frontmatter', line: 1, column: 1, message: [/TOML/, /YAML frontmatter between `---` lines/],
    });
  });

  it('frontmatter that is a list', () => {
    checkText('---\n- id: a\n- id: b\n---\n# Body\n', {
      rule: 'frontmatter-not-mapping', line: 2, column: 1, message: [/is a list/, /expected a mapping/],
    });
  });

  it('frontmatter that is a scalar, or empty', () => {
    checkText('---\njust a sentence\n---\n', { rule: 'frontmatter-not-mapping', line: 2, column: 1, message: [/a single string value/, /expected a mapping/] });
    checkText('---\n42\n---\n', { rule: 'frontmatter-not-mapping', line: 2, column: 1, message: [/a single number value/] });
    checkText('---\n---\n# Body\n', { rule: 'frontmatter-not-mapping', line: 2, column: 1, message: [/is empty/] });
    checkText('---\n# only a comment\n---\n', { rule: 'frontmatter-not-mapping', line: 2, column: 1, message: [/is empty/] });
  });
});

describe('YAML syntax', () => {
  it('invalid YAML: points into the YAML, says what is wrong', () => {
    // `title: Scale out: example-api` — a second `: ` on the line (file line 4, column 17).
    checkText(edit('title: Scale out example-api', 'title: Scale out: example-api'), {
      rule: 'yaml-syntax', line: 4, column: 17, message: [/not valid YAML/, /indentation of a mapping entry/],
    });
    checkText(edit('services: [example-api]', 'services: *nowhere'), {
      rule: 'yaml-syntax', line: 5, column: 19, message: [/unidentified alias "nowhere"/],
    });
  });

  it('tabs in indentation: points at the tab', () => {
    checkText(edit('  approvedBy:', '\tapprovedBy:'), {
      rule: 'yaml-tab-indentation', line: 8, column: 1, endColumn: 2, message: [/tab/, /must be spaces/],
    });
    // A tab after spaces, where js-yaml only says "bad indentation".
    checkText(edit('  ticket: CHG-1001', ' \tticket: CHG-1001'), {
      rule: 'yaml-tab-indentation', line: 10, column: 2, message: [/tab/],
    });
  });

  it('errors that merely contain "tab" in a word are not tab errors', () => {
    // "non-printable" and "unacceptable" contain t-a-b; they are plain syntax errors.
    // …and the position is the character itself, not the end of the value js-yaml marks.
    checkText(edit('ticket: CHG-1001', 'ticket: CHG\u0007-1001'), { rule: 'yaml-syntax', line: 10, column: 14, message: [/non-printable characters/] });
    checkText('---\n%YAML 2.0\n---\n', { rule: 'yaml-syntax', line: 3, column: 1, message: [/unacceptable YAML version/] });
  });

  it('duplicate keys: at the second occurrence, at any depth, naming the key and the first one', () => {
    checkText(edit('title: Scale out example-api\n', 'title: Scale out example-api\ntitle: Scale in example-api\n'), {
      rule: 'yaml-duplicate-key', line: 5, column: 1, message: [/^`title` is given twice in the same mapping \(first on line 4\); expected each key once\.$/],
    });
    checkText(edit('  ticket: CHG-1001\n', '  ticket: CHG-1001\n  ticket: CHG-1002\n'), {
      rule: 'yaml-duplicate-key', line: 11, column: 3, message: [/^`ticket` is given twice in the same mapping \(first on line 10\)/],
    });
    checkText(edit('owner: { name: Dana Whitfield,', 'owner: { name: Dana Whitfield, name: Someone Else,'), {
      rule: 'yaml-duplicate-key', line: 6, column: 32, message: [/^`name` is given twice in the same mapping \(first at column 10\)/],
    });
    // Quoted keys by their value; no "first" when the earlier one is not plain to see (a list item).
    checkText('---\n"id": a\n\'id\': b\n---\n', { rule: 'yaml-duplicate-key', line: 3, column: 1, message: [/^`id` is given twice in the same mapping \(first on line 2\)/] });
    checkText('---\nlist:\n  - name: a\n    name: b\n---\n', { rule: 'yaml-duplicate-key', line: 4, column: 5, message: [/^`name` is given twice in the same mapping; expected/] });
  });

  it('custom tags: reported at the tag, never constructed or executed', () => {
    const g = globalThis as Record<string, unknown>;
    checkText(edit('title: Scale out example-api', 'title: !!js/function "function () { globalThis.gatebookPwned = true; return 1 }"'), {
      rule: 'yaml-custom-tag', line: 4, column: 8, endColumn: 21, message: [/`!!js\/function`/, /plain YAML only/],
    });
    // A block scalar: js-yaml marks the end of the value, two lines down; the tag is on line 4.
    checkText(edit('title: Scale out example-api', 'title: !!js/function >\n  function () { globalThis.gatebookPwned = true }'), {
      rule: 'yaml-custom-tag', line: 4, column: 8, message: [/`!!js\/function`/],
    });
    checkText(edit('title: Scale out example-api', 'title: !!js/undefined ""'), { rule: 'yaml-custom-tag', line: 4, column: 8, message: [/`!!js\/undefined`/] });
    checkText(edit('title: Scale out example-api', 'title: !!js/regexp /x/'), { rule: 'yaml-custom-tag', line: 4, column: 8, message: [/`!!js\/regexp`/] });
    checkText(edit('title: Scale out example-api', 'title: !!python/object/apply:os.system ["touch /tmp/gatebook-pwned"]'), {
      rule: 'yaml-custom-tag', line: 4, column: 8, message: [/`!!python\/object\/apply:os.system`/],
    });
    checkText(edit('title: Scale out example-api', 'title: !Ref ScaleOut'), { rule: 'yaml-custom-tag', line: 4, column: 8, endColumn: 12, message: [/`!Ref`/] });
    expect(g.gatebookPwned).toBeUndefined();
  });
});

describe('YAML resource limits', () => {
  const letters = 'abcdefghi';

  it(`billion laughs: 9 levels of anchors and aliases stop at ${MAX_YAML_NODES} nodes`, () => {
    let yaml = `a: &a [${Array(9).fill('"lol"').join(', ')}]\n`;
    for (let i = 1; i < 9; i++) yaml += `${letters[i]}: &${letters[i]} [${Array(9).fill(`*${letters[i - 1]}`).join(', ')}]\n`;
    const started = Date.now();
    // The walk gives up inside `f` (a..e hold ~75,000 nodes); it points at f's first alias, `*e`.
    checkText(withYaml(yaml), {
      rule: 'yaml-alias-budget', line: 7, column: 8, message: [/alias bomb/, new RegExp(`more than ${MAX_YAML_NODES} nodes`)],
    });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('merge-key bomb (`<<: *a`) is bounded the same way', () => {
    let yaml = `a: &a { ${Array.from({ length: 9 }, (_, j) => `k${j}: lol`).join(', ')} }\n`;
    for (let i = 1; i < 9; i++) {
      yaml += `${letters[i]}: &${letters[i]}\n${Array.from({ length: 9 }, (_, j) => `  m${j}: { <<: *${letters[i - 1]} }\n`).join('')}`;
    }
    const started = Date.now();
    // The walk gives up inside `f` (file line 43); it points at the `<<` of its first entry.
    const d = checkText(withYaml(yaml), { rule: 'yaml-alias-budget', line: 44, column: 9, message: [/alias bomb/] });
    expect(d.params).toEqual({ limit: MAX_YAML_NODES });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('10,000 nested `[`: too deep, at the bracket past the limit', () => {
    // `id: ` then brackets; js-yaml stops at the 66th (column 4 + 66).
    checkText(`---\nid: ${'['.repeat(10_000)}\n---\n`, {
      rule: 'yaml-too-deep', line: 2, column: 70, message: [new RegExp(`deeper than ${MAX_YAML_DEPTH} levels`)],
    });
    checkText(`---\nid: ${'{a: '.repeat(10_000)}\n---\n`, { rule: 'yaml-too-deep', line: 2, column: 262, message: [/deeper than/] });
  });

  it('a 200-level nested mapping: too deep, at the first key past the limit', () => {
    let yaml = '';
    for (let i = 0; i < 200; i++) yaml += `${'  '.repeat(i)}k${i}:\n`;
    yaml += `${'  '.repeat(200)}leaf\n`;
    // k65 is on file line 67, indented 130 columns.
    checkText(withYaml(yaml), { rule: 'yaml-too-deep', line: 67, column: 131, message: [/deeper than 64 levels/] });
  });

  it('nesting just past the limit that js-yaml accepts is caught by the walk', () => {
    // 65 empty lists inside each other: the innermost is at depth 65.
    checkText(`---\nid: ${'['.repeat(65)}${']'.repeat(65)}\n---\n`, { rule: 'yaml-too-deep', line: 2, column: 69, message: [/deeper than 64/] });
  });

  it('very long lines: one schema finding, message kept short', () => {
    const d = checkText(edit('title: Scale out example-api', `title: ${'x'.repeat(200_000)}`), {
      rule: 'schema', line: 4, column: 8, endColumn: 200_008, message: [/`title` must be at most 120 characters long; found 200000/],
    });
    expect(d.message.length).toBeLessThan(200);
    const key = checkText(withYaml(`${BASE_FRONTMATTER}${'k'.repeat(500_000)}: 1\n`), {
      rule: 'schema', line: 39, column: 1, message: [/^Unknown property `k{57}\.\.\.` in the runbook\.$/],
    });
    expect(key.message.length).toBeLessThan(200);
    // A long line in the body is fine.
    expect(check(`${VALID}\n${'word '.repeat(100_000)}\n`).diagnostics).toEqual([]);
  });
});

describe('Markdown body resource limits', () => {
  it('10,000 nested block quotes: reported, not a stack overflow', () => {
    // The body starts on file line 40; BASE_BODY is 10 lines.
    checkText(`${VALID}\n${'>'.repeat(10_000)} deep\n`, { rule: 'markdown-too-deep', line: 51, column: 1, message: [/deeper than 64 levels/] });
  });

  it('4,000 nested list markers on one line: reported before the parser slows to a crawl', () => {
    const started = Date.now();
    checkText(`${VALID}\n${'- '.repeat(4000)}x\n`, { rule: 'markdown-too-deep', line: 51, column: 1, message: [/deeper than 64/] });
    checkText(`${VALID}\n${Array.from({ length: 100 }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n')}\n`, {
      rule: 'markdown-too-deep', line: 51 + 64, column: 1, message: [/deeper than 64/],
    });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('40,000 emphasis markers in one paragraph: reported at the paragraph', () => {
    const started = Date.now();
    checkText(`${VALID}\nIntro line.\n${'*a'.repeat(40_000)}\n`, { rule: 'markdown-too-complex', line: 51, column: 1, message: [/more than 2000 `\*` and `_`/] });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('emphasis nested 300 deep: the tree is too deep for the rules to walk', () => {
    checkText(`${VALID}\nIntro ${'*a '.repeat(300)}x${' b*'.repeat(300)}\n`, { rule: 'markdown-too-deep', line: 51, column: 1043, message: [/deeper than 256 levels/] });
  });
});

describe('schema-level bad input', () => {
  it('wrong types', () => {
    checkText(edit('services: [example-api]', 'services: example-api'), {
      rule: 'schema', line: 5, column: 11, message: [/`services` must be a list; found the text `example-api`/],
    });
  });

  it('unknown fields, with a suggestion', () => {
    checkText(edit('title: Scale', 'titel: Scale'), {
      rule: 'schema', line: 4, column: 1, endColumn: 6, message: [/Unknown property `titel` in the runbook\. Did you mean `title`\?/],
    });
  });

  it('merge keys are not merged: `<<` is an unknown key', () => {
    // CORE_SCHEMA has no merge type, so `<<` cannot smuggle keys (or a prototype) into a mapping.
    const r = check(edit('owner: { name: Dana Whitfield, email: dana.whitfield@example.com }', 'owner:\n  <<: { name: Dana Whitfield, email: dana.whitfield@example.com }'));
    expect(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`)).toContain('7:3 Unknown property `<<` in `owner`.');
  });
});

describe('prototype pollution', () => {
  const polluted = () => ({} as Record<string, unknown>).polluted;

  it('`__proto__` keys are plain data, rejected as unknown', () => {
    checkText(withYaml(`${BASE_FRONTMATTER}__proto__: { polluted: yes }\n`), {
      rule: 'schema', line: 39, column: 1, endColumn: 10, message: [/Unknown property `__proto__` in the runbook/],
    });
    checkText(edit('approval:\n', 'approval:\n  __proto__:\n    polluted: yes\n'), {
      rule: 'schema', line: 8, column: 3, message: [/Unknown property `__proto__` in `approval`/],
    });
    checkText(edit('email: dana.whitfield@example.com }', 'email: dana.whitfield@example.com, __proto__: { polluted: yes } }'), {
      rule: 'schema', line: 6, column: 67, message: [/Unknown property `__proto__` in `owner`/],
    });
    expect(polluted()).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
  });

  it('`constructor.prototype` and aliased `__proto__` do not reach Object.prototype', () => {
    checkText(withYaml(`${BASE_FRONTMATTER}constructor:\n  prototype:\n    polluted: yes\n`), {
      rule: 'schema', line: 39, column: 1, message: [/Unknown property `constructor` in the runbook/],
    });
    const r = check(withYaml(`${BASE_FRONTMATTER}x: &p { polluted: yes }\n__proto__: *p\n`));
    expect(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([
      '39:1 Unknown property `x` in the runbook.',
      '40:1 Unknown property `__proto__` in the runbook.',
    ]);
    expect(polluted()).toBeUndefined();
  });
});

describe('encodings and line ends', () => {
  const gateTypo = edit('gate: autonomous', 'gate: auto');
  const gateAt = { rule: 'schema', line: 30, column: 11, endColumn: 15, message: [/found `auto`\. Did you mean `autonomous`\?/] };

  it('a BOM is accepted and positions do not move', () => {
    expect(check(`\ufeff${VALID}`).diagnostics).toEqual([]);
    checkText(gateTypo, gateAt);
    checkText(`\ufeff${gateTypo}`, gateAt);
  });

  it('CRLF and lone CR are accepted and positions do not move', () => {
    expect(check(VALID.replace(/\n/g, '\r\n')).diagnostics).toEqual([]);
    checkText(gateTypo.replace(/\n/g, '\r\n'), gateAt);
    checkText(gateTypo.replace(/\n/g, '\r'), gateAt);
    checkText(`\ufeff${gateTypo.replace(/\n/g, '\r\n')}`, gateAt);
    // Body positions too: a broken link in the last line of the body.
    const link = `${VALID}\nSee [the old page](missing.md).\n`;
    const lf = check(link).diagnostics;
    expect(lf.map((d) => [d.rule, d.line, d.column])).toEqual([['runbook-links', 51, 5]]);
    expect(check(link.replace(/\n/g, '\r\n')).diagnostics).toEqual(lf);
  });

  it('tabs in the YAML of a CRLF file are still found at the tab', () => {
    checkText(edit('  approvedBy:', '\tapprovedBy:').replace(/\n/g, '\r\n'), { rule: 'yaml-tab-indentation', line: 8, column: 1, message: [/tab/] });
  });
});

describe('bytes on disk', () => {
  it('binary file (a PNG header)', async () => {
    const { result, file } = await checkBytes(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48]));
    // The NUL is at offset 8, right after the PNG signature's CR LF, 0x1a and LF: line 3, column 1.
    expectOnly(result, { rule: 'binary-file', line: 3, column: 1, message: [/NUL byte at offset 8/, /must be UTF-8 text/] }, file);
  });

  it('NUL byte inside an otherwise valid runbook', async () => {
    const text = VALID.replace('title: Scale out example-api', 'title: Scale out\u0000example-api');
    const { result, file } = await checkBytes(text);
    expectOnly(result, { rule: 'binary-file', line: 4, column: 17, endColumn: 18, message: [/NUL byte/] }, file);
  });

  it('a UTF-16 file is named as such, in either byte order', async () => {
    const le = await checkBytes(Buffer.from(`\ufeff${VALID}`, 'utf16le'));
    expectOnly(le.result, { rule: 'utf16-file', line: 1, column: 1, message: [/UTF-16 byte order mark \(FF FE, little-endian\)/, /must be UTF-8 text/] }, le.file);
    const be = await checkBytes(Buffer.from(`\ufeff${VALID}`, 'utf16le').swap16());
    expectOnly(be.result, { rule: 'utf16-file', line: 1, column: 1, message: [/\(FE FF, big-endian\)/] }, be.file);
  });

  it('invalid UTF-8 (Latin-1), with the column in characters, not bytes', async () => {
    // `title: Café ☕ ` is 14 characters but 17 bytes before the bad byte.
    const bytes = Buffer.concat([Buffer.from('---\napiVersion: gatebook/v1\ntitle: Café ☕ '), Buffer.from([0xe9]), Buffer.from('t\n---\n')]);
    const { result, file } = await checkBytes(bytes);
    expectOnly(result, { rule: 'invalid-utf8', line: 3, column: 15, endColumn: 16, message: [/not valid UTF-8 at offset 45/] }, file);
  });

  it('invalid UTF-8 positions count BOM and CR LF like the text positions do', async () => {
    const bytes = Buffer.concat([Buffer.from('\ufeff---\r\nid: a\r\ntitle: '), Buffer.from([0xff])]);
    const { result, file } = await checkBytes(bytes);
    expectOnly(result, { rule: 'invalid-utf8', line: 3, column: 8, message: [/UTF-8/] }, file);
  });

  it.each([
    ['overlong encoding', [0xc0, 0xaf]],
    ['UTF-16 surrogate', [0xed, 0xa0, 0x80]],
    ['beyond U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['truncated sequence at the end', [0xe2, 0x98]],
    ['lone continuation byte', [0x80]],
  ])('invalid UTF-8: %s', async (_name, bad) => {
    const { result, file } = await checkBytes(Buffer.concat([Buffer.from('---\nid: x'), Buffer.from(bad)]));
    expectOnly(result, { rule: 'invalid-utf8', line: 2, column: 6, message: [/not valid UTF-8 at offset 9/] }, file);
  });

  it('file-size limit, with a clear message', async () => {
    const big = Buffer.alloc(MAX_FILE_BYTES + 1, 0x20);
    Buffer.from(VALID).copy(big);
    const { result, file } = await checkBytes(big);
    expectOnly(result, {
      rule: 'file-too-large', line: 1, column: 1,
      message: [new RegExp(`${MAX_FILE_BYTES + 1} bytes; runbooks are limited to ${MAX_FILE_BYTES} bytes`)],
    }, file);
    // A file far past the limit is reported from its size, never read: node cannot even read
    // one over 2 GiB into a buffer. A sparse 3 GiB file takes no disk space.
    const dir = join(root, 'huge');
    mkdirSync(dir);
    writeFileSync(join(dir, 'huge.md'), '');
    truncateSync(join(dir, 'huge.md'), 3 * 1024 ** 3);
    expectOnly(await checkDir(dir), { rule: 'file-too-large', line: 1, column: 1, message: [/is 3221225472 bytes/] }, 'huge/huge.md');
    // The limit itself is allowed.
    expect(decodeSource('x.md', Buffer.alloc(100, 0x61), 100).ok).toBe(true);
    expect(decodeSource('x.md', Buffer.alloc(101, 0x61), 100).ok).toBe(false);
  });

  it('symlinks pointing outside the checked tree are reported, not followed', async () => {
    const outside = join(root, 'outside');
    const tree = join(root, 'tree');
    mkdirSync(outside);
    mkdirSync(tree);
    writeFileSync(join(outside, 'secret.md'), VALID.replace('example-scale-out', 'secret-runbook'));
    writeFileSync(join(tree, 'real.md'), VALID);
    symlinkSync(join(outside, 'secret.md'), join(tree, 'escape.md'));
    symlinkSync(outside, join(tree, 'escape-dir'));
    symlinkSync(join(tree, 'real.md'), join(tree, 'alias.md')); // inside: checked once
    symlinkSync(join(root, 'no-such-file.md'), join(tree, 'dangling.md')); // nothing to check
    const result = await checkDir(tree);
    expect(result.diagnostics.map((d) => [d.rule, d.file, d.line, d.column, d.severity])).toEqual([
      ['symlink-outside', 'tree/escape-dir', 1, 1, 'error'],
      ['symlink-outside', 'tree/escape.md', 1, 1, 'error'],
    ]);
    expect(result.diagnostics[1]!.message).toBe(`This path is a symbolic link to ${join(outside, 'secret.md')}, outside tree; Gatebook does not follow it.`);
    expect(result.summary).toEqual({ files: 3, errors: 2, warnings: 0 });
  });

  it('every bad file in one directory: one diagnostic each, nothing thrown', async () => {
    const dir = join(root, 'mixed');
    mkdirSync(dir);
    const files: Record<string, Uint8Array | string> = {
      'a-empty.md': '',
      'b-binary.md': Buffer.from([0, 1, 2, 3]),
      'c-latin1.md': Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xe9]),
      'd-toml.md': '+++\n',
      'e-tabs.md': '---\na:\n\tb: 1\n---\n',
      'f-valid.md': VALID,
    };
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
    const result = await checkDir(dir);
    expect(result.diagnostics.map((d) => `${d.file} ${d.rule} ${d.line}:${d.column}`)).toEqual([
      'mixed/a-empty.md empty-file 1:1',
      'mixed/b-binary.md binary-file 1:1',
      'mixed/c-latin1.md invalid-utf8 2:1',
      'mixed/d-toml.md toml-frontmatter 1:1',
      'mixed/e-tabs.md yaml-tab-indentation 3:1',
    ]);
    expect(result.summary).toEqual({ files: 6, errors: 5, warnings: 0 });
  });
});
