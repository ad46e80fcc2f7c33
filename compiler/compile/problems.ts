// Compile runs after check, so a problem here means a rule the check stage does not (yet)
// enforce — a dangling reference, a malformed duration, a grant two runbooks both claim.
// compile() collects them all and throws once, so the user fixes everything in one pass.

export interface CompileProblem {
  /** The runbook file, relative to the working directory. */
  file: string;
  /** Where in the frontmatter, e.g. `actions[1].rollback.owner`. */
  path: string;
  message: string;
}

export class CompileError extends Error {
  override name = 'CompileError';
  constructor(readonly problems: readonly CompileProblem[]) {
    super(problems.map((p) => `${p.file}: ${p.path}: ${p.message}`).join('\n'));
  }
}

export class Problems {
  readonly list: CompileProblem[] = [];
  add(file: string, path: string, message: string): void {
    this.list.push({ file, path, message });
  }
}
