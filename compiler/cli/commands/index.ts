// The command registry: names and one-line summaries, and each command's module loaded only when
// it runs. `gatebook check` then never loads signing, tar, OPA or Astro-data code (a third of a
// second of start-up for every invocation, and of a cached re-check's wall time).
import type { Command } from '../command.js';

export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Command>;
}

export const commands: readonly CommandEntry[] = [
  { name: 'check', summary: 'Validate runbooks: schema, safety rules, references, links', load: async () => (await import('./check.js')).checkCommand },
  { name: 'build', summary: 'Compile runbooks into a policy bundle and an OPA bundle, optionally signed', load: async () => (await import('./build.js')).buildCommand },
  { name: 'verify', summary: 'Verify a built bundle’s signatures and digest against a public key', load: async () => (await import('./verify.js')).verifyCommand },
  { name: 'publish', summary: 'Write the data the responder site is built from (site-data.json)', load: async () => (await import('./publish.js')).publishCommand },
  { name: 'decide', summary: 'Ask the reference enforcer whether an AI may do something now (JSON out)', load: async () => (await import('./decide.js')).decideCommand },
  { name: 'diff', summary: 'Show what a change to the runbooks lets the AI do that it could not before', load: async () => (await import('./diff.js')).diffCommand },
];
