export { compile, type CompileOptions } from './compile.js';
export { bundleDigest, checkDigest } from './digest.js';
export { CompileError, type CompileProblem } from './problems.js';
