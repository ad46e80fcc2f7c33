// The command registry. Each command lives in its own file.
import type { Command } from '../command.js';
import { checkCommand } from './check.js';

export const commands: readonly Command[] = [checkCommand];
