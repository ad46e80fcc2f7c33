// The command registry. Each command lives in its own file.
import type { Command } from '../command.js';
import { buildCommand } from './build.js';
import { checkCommand } from './check.js';
import { verifyCommand } from './verify.js';
import { decideCommand } from './decide.js';
import { publishCommand } from './publish.js';
import { diffCommand } from './diff.js';

export const commands: readonly Command[] = [checkCommand, buildCommand, verifyCommand, publishCommand, decideCommand, diffCommand];
