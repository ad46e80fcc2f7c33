// publishSiteData(): checked runbooks + their compiled bundle → the site's data. A pure function:
// the caller reads the bodies, the schema, git history and the download files and passes them in.

import type { Bundle } from '../bundle/types.js';
import type { CheckedRunbook } from '../check/types.js';
import { RULES } from '../rules/registry.js';
import type { Rule } from '../rules/types.js';
import { languageReference } from './language.js';
import { MarkdownRenderer } from './markdown.js';
import type { Pluggable } from 'unified';
import { siteRunbook } from './runbook.js';
import { catalogDocs, ruleDocs } from './rules.js';
import { SITE_DATA_VERSION, type Commit, type Download, type SiteData } from './types.js';
import { actorInventory, gatesMatrix, ownerIndex, serviceIndex } from './views.js';

export interface PublishOptions {
  /** Each runbook's Markdown body (frontmatter removed), by file. */
  bodies: ReadonlyMap<string, string> | Record<string, string>;
  /** The runbook JSON Schema (schemas/runbook.schema.json), for the language reference. */
  schema: Record<string, unknown>;
  /** The date statuses are computed for, YYYY-MM-DD. */
  today: string;
  /** An approval this close to expiry counts as expiring. Default 30 days. */
  expiringWithinDays?: number;
  /** Latest commits per runbook file, newest first. */
  history?: ReadonlyMap<string, Commit[]>;
  /** Web address of the repository (`https://github.com/org/repo`), for source and history links. */
  sourceUrl?: string;
  /** Branch or commit the source links point at. Default: the bundle's revision, else `main`. */
  sourceRef?: string;
  /** Files served next to the site (bundle, OPA bundle, signatures, schemas). */
  downloads?: Download[];
  /** A remark plugin for GitHub-flavoured Markdown (tables); see loadGfm(). */
  gfm?: Pluggable;
  /** The rules to document. Default: every rule. */
  rules?: readonly Rule[];
}

export function publishSiteData(runbooks: readonly CheckedRunbook[], bundle: Bundle, options: PublishOptions): SiteData {
  const md = new MarkdownRenderer(options.gfm ? { gfm: options.gfm } : {});
  const bodies = options.bodies instanceof Map ? options.bodies : new Map(Object.entries(options.bodies));
  const ordered = [...runbooks].sort((a, b) => (a.runbook.id < b.runbook.id ? -1 : a.runbook.id > b.runbook.id ? 1 : 0));
  const sourceUrl = options.sourceUrl?.replace(/\/+$/, '');
  const ref = encodeURIComponent(options.sourceRef ?? bundle.revision ?? 'main');
  const encodePath = (p: string) => p.split('/').map(encodeURIComponent).join('/');

  const ctx = {
    bundle,
    md,
    today: options.today,
    expiringWithinDays: options.expiringWithinDays ?? 30,
    runbookIds: new Map(ordered.map((r) => [r.file, r.runbook.id])),
    titles: new Map(ordered.map((r) => [r.runbook.id, r.runbook.title])),
    history: options.history ?? new Map(),
    ...(sourceUrl
      ? {
          fileUrl: (path: string) => `${sourceUrl}/blob/${ref}/${encodePath(path)}`,
          historyUrl: (path: string) => `${sourceUrl}/commits/${ref}/${encodePath(path)}`,
        }
      : {}),
  };

  const siteRunbooks = ordered.map((r) => {
    const body = bodies.get(r.file);
    if (body === undefined) throw new Error(`no body given for ${r.file}`);
    return siteRunbook(r, body, ctx);
  });

  return {
    schemaVersion: SITE_DATA_VERSION,
    generatedOn: options.today,
    bundle: {
      schemaVersion: bundle.schemaVersion,
      digest: bundle.digest,
      revision: bundle.revision,
      ...(bundle.generatedAt ? { generatedAt: bundle.generatedAt } : {}),
    },
    ...(sourceUrl ? { sourceUrl } : {}),
    runbooks: siteRunbooks,
    actors: actorInventory(bundle, siteRunbooks),
    services: serviceIndex(siteRunbooks),
    owners: ownerIndex(bundle, siteRunbooks),
    matrix: gatesMatrix(siteRunbooks),
    rules: ruleDocs(options.rules ?? RULES, md),
    catalog: catalogDocs(md),
    language: languageReference(options.schema, md),
    downloads: options.downloads ?? [],
  };
}
