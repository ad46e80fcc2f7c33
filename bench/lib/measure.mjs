// Measuring child processes (wall time, peak RSS) and summarising repeated runs.

import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

export const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

/**
 * Runs `cmd args` and measures it.
 * - wall: milliseconds from spawn to exit, measured here (performance.now()).
 * - peakRssMB: with GNU time (`/usr/bin/time -v`), the child's ru_maxrss — the peak resident set of
 *   the process (worker threads included, since they share the process; for a command that forks
 *   several processes it is the largest one). Without GNU time: the last VmHWM read from
 *   /proc/<pid>/status while polling every 20 ms (a lower bound of the same number).
 */
export function runMeasured(cmd, args, { cwd, env, input } = {}) {
  return new Promise((resolve) => {
    const useTime = GNU_TIME !== null;
    const argv = useTime ? ['-v', cmd, ...args] : args;
    const exe = useTime ? GNU_TIME : cmd;
    const start = performance.now();
    const child = spawn(exe, argv, { cwd, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
    if (input !== undefined) child.stdin.end(input); else child.stdin.end();
    let hwmKB = 0;
    const poll = useTime ? null : setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) hwmKB = Math.max(hwmKB, Number(m[1]));
      } catch { /* exited */ }
    }, 20);
    child.on('error', (error) => {
      if (poll) clearInterval(poll);
      resolve({ code: -1, wallMs: performance.now() - start, peakRssMB: null, stdout, stderr: String(error), error });
    });
    child.on('close', (code) => {
      const wallMs = performance.now() - start;
      if (poll) clearInterval(poll);
      let peakRssMB = hwmKB ? hwmKB / 1024 : null;
      let childStderr = stderr;
      if (useTime) {
        const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
        if (m) peakRssMB = Number(m[1]) / 1024;
        // Strip GNU time's report from what the command itself wrote.
        const cut = stderr.lastIndexOf('\tCommand being timed:');
        if (cut >= 0) childStderr = stderr.slice(0, cut);
        const exit = /Command exited with non-zero status (\d+)/.exec(childStderr);
        if (exit) childStderr = childStderr.replace(/Command exited with non-zero status \d+\n?$/, '');
      }
      resolve({ code, wallMs, peakRssMB, stdout, stderr: childStderr });
    });
  });
}

export function median(xs) {
  const s = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return null;
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Nearest-rank percentile of a sorted numeric array (q in 0..1). */
export function percentileSorted(sorted, q) {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank];
}

export function fmtMs(ms) {
  if (ms === null || ms === undefined) return '—';
  if (ms >= 10000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 10) return `${ms.toFixed(0)} ms`;
  return `${ms.toFixed(2)} ms`;
}

export function fmtNs(ns) {
  if (ns === null || ns === undefined) return '—';
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(2)} µs`;
  return `${ns.toFixed(0)} ns`;
}

export function fmtMB(mb) {
  return mb === null || mb === undefined ? '—' : `${mb.toFixed(0)} MB`;
}

export function fmtRatio(x) {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return x >= 100 ? `${x.toFixed(0)}×` : x >= 10 ? `${x.toFixed(1)}×` : `${x.toFixed(2)}×`;
}
