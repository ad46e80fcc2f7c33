// Deterministic array order. canonicalize() sorts object keys; arrays are ours to order.
// Source order is kept where it means something (escalation chain, context questions,
// conditions); sets are sorted so that reordering them in a runbook does not change the bundle.

/** Sorted copy by UTF-16 code units — the same order canonicalize() uses for keys. */
export function sortedStrings(values: readonly string[]): string[] {
  return [...new Set(values)].sort(compareStrings);
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortedBy<T>(values: readonly T[], key: (value: T) => string): T[] {
  return [...values].sort((a, b) => compareStrings(key(a), key(b)));
}

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** Weekdays in calendar order, Monday first. */
export function sortedWeekdays(days: readonly string[]): string[] {
  return [...new Set(days)].sort((a, b) => WEEKDAYS.indexOf(a) - WEEKDAYS.indexOf(b) || compareStrings(a, b));
}
