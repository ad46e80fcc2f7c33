// `gatebook decide` end to end through the compiled CLI (`npm test` compiles it first), and the
// command in-process.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { decideCommand } from '../compiler/cli/commands/decide.js';
import type { Io } from '../compiler/cli/command.js';
import { signaturesPath } from '../compiler/enforcer/load.js';
import { gatebook, ROOT, tempDir } from './helpers/cli.js';

const BUNDLES = 'test/conformance/bundles';
const KEY = 'test/conformance/keys/conformance.public.pem';
const request = {
  actor: 'autoscaler-agent', model: { name: 'kairos-scaler', version: '2026-08-14' }, action: 'scale-out', service: 'checkout-api',
  parameters: { replicas: 16, currentReplicas: 12 },
  signals: [{ id: 'checkout-p95', observedAt: '2026-11-03T09:59:30Z' }, { id: 'checkout-rps', observedAt: '2026-11-03T09:59:00Z' }],
  confidence: 0.92, rationale: 'load', lastActionAt: null, history: { directionChanges: [] }, time: '2026-11-03T10:00:00Z',
};
const requestFile = (body: unknown = request) => {
  const path = join(tempDir(), 'request.json');
  writeFileSync(path, typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body));
  return path;
};

describe('gatebook decide', () => {
  it('prints the decision as JSON and exits 0', () => {
    const r = gatebook(['decide', '--bundle', `${BUNDLES}/scaling.json`, '--request', requestFile()]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.decision).toBe('allow');
    expect(out.record.rule).toBe('checkout-scale-out#scale-out');
    expect(out.gates.map((g: { gate: string }) => g.gate)).toContain('envelope');
  });

  it('reads the request from standard input with -', () => {
    const r = gatebook(['decide', '--bundle', `${BUNDLES}/scaling.json`, '--request', '-'], { input: JSON.stringify({ ...request, confidence: 0.5 }) });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ decision: 'approve', reasons: [{ code: 'CONFIDENCE_LOW' }] });
  });

  it('answers a request that is not JSON with deny, exit 0', () => {
    const r = gatebook(['decide', '--bundle', `${BUNDLES}/scaling.json`, '--request', '-'], { input: '{"actor":' });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ decision: 'deny', reasons: [{ code: 'REQUEST_INVALID' }] });
  });

  it('answers request bytes that are not UTF-8 with deny, instead of deciding on replacement characters', () => {
    const text = Buffer.from(JSON.stringify({ ...request, rationale: 'p95 rising' }));
    const at = text.indexOf('rising') - 1;
    text[at] = 0xff; // the space before "rising": not UTF-8
    for (const args of [['--request', requestFile(text)], ['--request', '-']]) {
      const r = gatebook(['decide', '--bundle', `${BUNDLES}/scaling.json`, ...args], { input: text });
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ decision: 'deny', reasons: [{ code: 'REQUEST_INVALID', message: 'The request is malformed: not UTF-8 text.' }] });
    }
  });

  it('answers a missing or tampered bundle with deny, exit 0', () => {
    const missing = gatebook(['decide', '--bundle', `${BUNDLES}/none.json`, '--request', requestFile()]);
    expect(missing.status).toBe(0);
    expect(JSON.parse(missing.stdout)).toMatchObject({ decision: 'deny', reasons: [{ code: 'BUNDLE_MISSING' }] });
    const tampered = gatebook(['decide', '--bundle', `${BUNDLES}/signed-tampered/bundle.json`, '--request', requestFile(), '--key', KEY]);
    expect(JSON.parse(tampered.stdout)).toMatchObject({ decision: 'deny', reasons: [{ code: 'BUNDLE_SIGNATURE_INVALID' }] });
  });

  it('verifies the signature beside the bundle with --key', () => {
    const r = gatebook(['decide', '--bundle', `${BUNDLES}/signed/bundle.json`, '--request', requestFile(), '--key', KEY]);
    expect(JSON.parse(r.stdout)).toMatchObject({ decision: 'allow', record: { bundle: { signature: 'verified' } } });
    const unsigned = gatebook(['decide', '--bundle', `${BUNDLES}/scaling.json`, '--request', requestFile(), '--require-signature']);
    expect(JSON.parse(unsigned.stdout)).toMatchObject({ decision: 'deny', reasons: [{ code: 'BUNDLE_KEY_MISSING' }] });
    // A signed bundle, even one changed after signing, is not decided on without the key to check it.
    for (const dir of ['signed', 'signed-tampered']) {
      const noKey = gatebook(['decide', '--bundle', `${BUNDLES}/${dir}/bundle.json`, '--request', requestFile()]);
      expect(JSON.parse(noKey.stdout), dir).toMatchObject({ decision: 'deny', reasons: [{ code: 'BUNDLE_KEY_MISSING' }] });
    }
  });

  it.each([
    [['decide', '--request', '-'], /--bundle/],
    [['decide', '--bundle', 'b.json'], /--request/],
    [['decide', '--bundle', `${BUNDLES}/scaling.json`, '--request', 'no-such-request.json'], /cannot read --request/],
    [['decide', '--bundle', `${BUNDLES}/scaling.json`, '--request', '-', '--key', 'no-such-key.pem'], /cannot read --key/],
    [['decide', 'extra', '--bundle', 'b.json', '--request', '-'], /expected no arguments \(pass files with --bundle and --request\); found 'extra'/],
    [['decide', '--bundel', 'b.json'], /unknown option '--bundel'; decide takes --bundle, --request/],
    [['decide', '--bundle', `${BUNDLES}/scaling.json`, '--request', BUNDLES], /--request test\/conformance\/bundles is a directory; expected a file/],
  ])('exits 2 on a usage error: %j', (args, message) => {
    const r = gatebook(args as string[]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message as RegExp);
  });

  it('documents itself', () => {
    const r = gatebook(['decide', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Usage: gatebook decide --bundle/);
    expect(r.stdout).toMatch(/Exit codes: 0 a decision was made/);
    expect(gatebook(['--help']).stdout).toMatch(/decide +Ask the reference enforcer/);
  });

  it('--help names the signature file the loader reads', () => {
    // A renamed bundle's signature is not bundle.signatures.json: the help's example must be
    // what the loader actually derives.
    const example = /([\w./-]+\.json) → ([\w./-]+\.signatures\.json)/.exec(decideCommand.help);
    expect(example).not.toBeNull();
    expect(example![1]).not.toBe('bundle.json');
    expect(signaturesPath(example![1]!)).toBe(example![2]);
  });
});

describe('decideCommand in-process', () => {
  function io(input: string): { io: Io; out: () => string } {
    const stdout = new PassThrough();
    const chunks: Buffer[] = [];
    stdout.on('data', (c: Buffer) => chunks.push(c));
    const stdin = new PassThrough();
    stdin.end(input);
    return { io: { cwd: ROOT, env: {}, stdout, stderr: new PassThrough(), stdin }, out: () => Buffer.concat(chunks).toString('utf8') };
  }

  it('prints a result for a request on standard input', async () => {
    const { io: fake, out } = io(readFileSync(requestFile(), 'utf8'));
    const code = await decideCommand.run({ io: fake, values: { bundle: `${BUNDLES}/gates.json`, request: '-' }, positionals: [] });
    expect(code).toBe(0);
    const result = JSON.parse(out()) as { decision: string; reasons: Array<{ code: string }> };
    expect(result.decision).toBe('deny');
    expect(result.reasons.map((r) => r.code)).toEqual(['ACTOR_UNKNOWN', 'ACTION_UNKNOWN', 'SERVICE_UNKNOWN']);
  });
});
