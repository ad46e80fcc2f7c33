// Every diagnostic links to its page on the Gatebook site (rendered from the rule modules and
// the catalog). One place decides the address.

export const DOCS_BASE = 'https://gatebook.dev';

export function docsUrl(id: string): string {
  return `${DOCS_BASE}/rules/${id}/`;
}
