// The site's only way in: the compiler's output, `.gatebook/site-data.json` (written by
// `gatebook publish`; GATEBOOK_SITE_DATA points elsewhere). The site never reads runbooks.
// One loader, three collections: `runbooks` (one entry per runbook, its sanitized body as the
// rendered HTML), `rules` (rules and catalog codes, one page each) and `site` (everything else).

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Loader } from 'astro/loaders';
import type { SiteData } from '../compiler/publish/types.js';

export const SITE_DATA_VERSION = 'gatebook.site/v1';

export function siteDataFile(root: URL): string {
  return resolve(fileURLToPath(root), process.env.GATEBOOK_SITE_DATA ?? '.gatebook/site-data.json');
}

export function gatebook(part: 'runbooks' | 'rules' | 'site'): Loader {
  return {
    name: `gatebook-${part}`,
    async load({ store, config, generateDigest }) {
      const file = siteDataFile(config.root);
      let data: SiteData;
      try {
        data = JSON.parse(readFileSync(file, 'utf8')) as SiteData;
      } catch (error) {
        throw new Error(
          `Cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). ` +
            'The site is built from `gatebook publish` output: run `npm run build`, which checks the runbooks first.',
        );
      }
      if (data.schemaVersion !== SITE_DATA_VERSION) {
        throw new Error(`${file} is ${String(data.schemaVersion)}; this site reads ${SITE_DATA_VERSION}. Run \`npm run build\` again.`);
      }
      store.clear();
      if (part === 'runbooks') {
        for (const r of data.runbooks) {
          const { body, ...rest } = r;
          const entry = { ...rest, headings: body.headings };
          store.set({ id: r.id, data: entry, digest: generateDigest(JSON.stringify(r)), rendered: { html: body.html } });
        }
      } else if (part === 'rules') {
        for (const r of [...data.rules, ...data.catalog]) {
          store.set({ id: r.id, data: { ...r }, digest: generateDigest(JSON.stringify(r)) });
        }
      } else {
        const { runbooks: _r, rules: _x, catalog: _c, ...rest } = data;
        store.set({ id: 'site', data: { ...rest }, digest: generateDigest(JSON.stringify(rest)) });
      }
    },
  };
}
