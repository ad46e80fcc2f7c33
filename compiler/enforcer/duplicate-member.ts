// Duplicate object members in JSON text. JSON.parse keeps the last of two members with the same
// name; other parsers keep the first or refuse. A request whose `replicas` reads 400 to the agent
// that acts and 20 to the enforcer that allowed it must not be decided at all, so the CLI's
// request text is scanned for duplicates (RFC 8259: names SHOULD be unique) before deciding.

/**
 * The JSON Pointer of the first member whose name repeats an earlier one in the same object, or
 * null. `text` must be JSON that JSON.parse accepted: the scanner trusts its syntax.
 */
export function firstDuplicateMember(text: string): string | null {
  // One frame per open container: its pointer, its names so far (objects), its next index (arrays).
  const stack: Array<{ pointer: string; names: Set<string> | null; index: number; key: string | null }> = [];
  let i = 0;
  const n = text.length;
  // The pointer of the value about to start in the innermost container.
  const childPointer = (): string => {
    const top = stack[stack.length - 1];
    if (top === undefined) return '';
    return `${top.pointer}/${top.names === null ? String(top.index) : escapePointer(top.key!)}`;
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      stack.push({ pointer: childPointer(), names: c === 0x7b ? new Set() : null, index: 0, key: null });
      i++;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
      i++;
    } else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top !== undefined && top.names === null) top.index++;
      i++;
    } else if (c === 0x22 /* " */) {
      const end = stringEnd(text, i);
      const top = stack[stack.length - 1];
      // A string is a member name when a colon follows it inside an object.
      let j = end;
      while (j < n && isSpace(text.charCodeAt(j))) j++;
      if (top !== undefined && top.names !== null && text.charCodeAt(j) === 0x3a /* : */) {
        const name = JSON.parse(text.slice(i, end)) as string;
        if (top.names.has(name)) return `${top.pointer}/${escapePointer(name)}`;
        top.names.add(name);
        top.key = name;
        i = j + 1;
      } else {
        i = end;
      }
    } else {
      i++;
    }
  }
  return null;
}

/** Just past the string literal that opens at `start`. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x5c /* \ */) i += 2;
    else if (c === 0x22) return i + 1;
    else i++;
  }
}

const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/** RFC 6901: `~` → `~0`, `/` → `~1`. */
const escapePointer = (name: string): string => name.replace(/~/g, '~0').replace(/\//g, '~1');
