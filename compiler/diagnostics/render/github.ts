// GitHub Actions workflow commands: each diagnostic becomes an annotation on the PR's diff.
import type { Diagnostic, Summary } from '../diagnostic.js';

const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function renderGithub(diagnostics: readonly Diagnostic[], summary: Summary): string {
  const lines = diagnostics.map((d) => {
    const props = [
      `file=${escapeProperty(d.file)}`,
      `line=${d.line}`,
      `col=${d.column}`,
      `endLine=${d.endLine}`,
      `endColumn=${d.endColumn}`,
      `title=${escapeProperty(`gatebook(${d.rule})`)}`,
    ].join(',');
    const body = d.hint ? `${d.message}\n${d.hint}\n${d.url}` : `${d.message}\n${d.url}`;
    return `::${d.severity === 'error' ? 'error' : 'warning'} ${props}::${escapeData(body)}`;
  });
  lines.push(`${summary.errors} errors, ${summary.warnings} warnings in ${summary.files} runbooks`);
  return `${lines.join('\n')}\n`;
}
