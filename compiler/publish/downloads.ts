// The files the static host serves next to the site, at stable URLs:
//   /bundle/bundle.json, /bundle/gatebook.tar.gz (OPA bundle), /bundle/bundle.signatures.json,
//   /schemas/<name>.schema.json
// Listed with size and sha-256 so the downloads page can show what a client should receive.

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE_FILE, BUNDLE_SIGNATURES_FILE, OPA_TARBALL_FILE } from '../bundle/outputs.js';
import type { Download } from './types.js';

const BUNDLE_FILES: Array<{ name: string; title: string; description: string }> = [
  { name: BUNDLE_FILE, title: 'Policy bundle', description: 'The compiled policy (schemas/bundle.schema.json), canonical JSON. Enforcers load this.' },
  { name: OPA_TARBALL_FILE, title: 'OPA bundle', description: 'The same policy as a data-only OPA bundle (data.gatebook), for OPA\'s bundle service.' },
  { name: BUNDLE_SIGNATURES_FILE, title: 'Bundle signature', description: 'OPA-format signature over bundle.json; check it with `gatebook verify --key`.' },
];

export class DownloadsError extends Error {
  override name = 'DownloadsError';
}

/**
 * Lists what `gatebook build` wrote to `bundleDir` (served under /bundle/) and the JSON Schemas
 * in `schemasDir` (served under /schemas/). A bundle.json there must be the bundle being
 * published (`digest`), or the site would describe one policy and serve another.
 */
export function listDownloads(bundleDir: string | undefined, schemasDir: string | undefined, digest: string): Download[] {
  const out: Download[] = [];
  if (bundleDir && existsSync(bundleDir)) {
    for (const f of BUNDLE_FILES) {
      const path = join(bundleDir, f.name);
      if (!existsSync(path)) continue;
      const bytes = readFileSync(path);
      if (f.name === BUNDLE_FILE) {
        let found: unknown;
        try {
          found = (JSON.parse(bytes.toString('utf8')) as { digest?: unknown }).digest;
        } catch {
          found = undefined;
        }
        if (found !== digest) {
          throw new DownloadsError(
            `${path} has digest ${String(found)}, but the runbooks compile to ${digest}; run \`gatebook build\` again before publishing`,
          );
        }
      }
      out.push({ path: `/bundle/${f.name}`, title: f.title, description: f.description, bytes: bytes.length, sha256: sha256(bytes) });
    }
  }
  if (schemasDir && existsSync(schemasDir)) {
    for (const name of readdirSync(schemasDir).filter((n) => n.endsWith('.schema.json')).sort()) {
      const bytes = readFileSync(join(schemasDir, name));
      const kind = name.replace(/\.schema\.json$/, '');
      out.push({
        path: `/schemas/${name}`,
        title: `${kind[0]!.toUpperCase()}${kind.slice(1)} schema`,
        description: `JSON Schema (2020-12) for ${kind === 'runbook' ? 'runbook frontmatter' : kind === 'bundle' ? 'bundle.json' : `${kind} documents`}.`,
        bytes: bytes.length,
        sha256: sha256(bytes),
      });
    }
  }
  return out;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
