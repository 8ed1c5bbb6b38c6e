/**
 * CPU time per thread of this process, from Linux's /proc (empty elsewhere): where a benchmark's CPU went, by thread,
 * when the machine is shared and wall times alone mislead.
 */
import { readFileSync, readdirSync } from 'node:fs';

/** Thread id → CPU ms (user + system) so far. */
export function threadCpu(): Map<number, number> {
  const out = new Map<number, number>();
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      // Fields after the command name in parentheses; utime and stime are the 14th and 15th fields overall.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(tid), ((Number(fields[11]) + Number(fields[12])) * 1000) / 100);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return out;
}

/** The id of the calling thread (main or worker), or undefined off Linux. */
export function currentThreadId(): number | undefined {
  try {
    return Number(readFileSync('/proc/thread-self/stat', 'utf8').split(' ')[0]);
  } catch {
    return undefined;
  }
}

/** CPU ms each thread used between two readings (threads that ended in between are not counted). */
export function cpuSince(before: Map<number, number>, after: Map<number, number>): Map<number, number> {
  const out = new Map<number, number>();
  for (const [tid, ms] of after) out.set(tid, ms - (before.get(tid) ?? 0));
  return out;
}
