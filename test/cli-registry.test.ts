// The command registry loads each command's module only when it runs: every entry must load the
// command it names, and the top-level help lists them all without loading any.

import { describe, expect, it } from 'vitest';
import { commands } from '../compiler/cli/commands/index.js';
import { gatebook } from './helpers/cli.js';

describe('the command registry', () => {
  it.each(commands.map((c) => [c.name, c] as const))('loads %s from its own module', async (name, entry) => {
    const command = await entry.load();
    expect(command.name).toBe(name);
    expect(command.help).toMatch(new RegExp(`^Usage: gatebook ${name}\\b`));
  });

  it('lists every command with its summary in `gatebook --help`', () => {
    const r = gatebook(['--help']);
    expect(r.status).toBe(0);
    for (const c of commands) expect(r.stdout).toContain(`${c.name.padEnd(Math.max(...commands.map((x) => x.name.length)))}  ${c.summary}`);
  });
});
