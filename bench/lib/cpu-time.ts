import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Kernel clock ticks per second, the unit of /proc CPU times (USER_HZ, 100 on Linux unless told otherwise). */
const ticksPerSecond = (() => {
  const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  return Number.isFinite(ticks) && ticks > 0 ? ticks : 100;
})();

/** CPU seconds (user + system, every thread) a process has used since it started, from /proc/<pid>/stat. */
export function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may hold spaces and parentheses: fields are counted from the last ")".
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 (utime) and 15 (stime) of proc(5); `fields` starts at field 3.
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

/** Busy and total CPU seconds of the whole machine, all cores summed, from the first line of /proc/stat. */
export function machineCpuSeconds(): { busy: number; total: number } {
  const [, ...times] = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/);
  const values = times.map(Number);
  const total = values.reduce((sum, v) => sum + v, 0);
  // idle and iowait are fields 4 and 5 of the cpu line.
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { busy: (total - idle) / ticksPerSecond, total: total / ticksPerSecond };
}

/** What a set of processes and the machine used over an interval. */
export interface CpuReading {
  readonly wallSeconds: number;
  /** CPU seconds used by each named process. */
  readonly cpuSeconds: Readonly<Record<string, number>>;
  /** CPU seconds per wall-clock second of each named process: 1.0 is one core kept busy. */
  readonly cores: Readonly<Record<string, number>>;
  /** Busy cores of the whole machine (every process, the servers included). */
  readonly machineBusyCores: number;
}

/**
 * Measures the CPU time of named processes over an interval: `start()` returns the function that
 * ends the interval. Counts every thread of each process (GC, ONNX Runtime, libuv), which is what a
 * per-core throughput has to be divided by.
 */
export class CpuMeter {
  constructor(private readonly pids: Readonly<Record<string, number>>) {}

  start(): () => CpuReading {
    const startedAt = performance.now();
    const before = this.sample();
    const machineBefore = machineCpuSeconds();
    return () => {
      const wallSeconds = (performance.now() - startedAt) / 1_000;
      const after = this.sample();
      const machineAfter = machineCpuSeconds();
      const cpuSeconds: Record<string, number> = {};
      const cores: Record<string, number> = {};
      for (const name of Object.keys(this.pids)) {
        cpuSeconds[name] = (after[name] ?? 0) - (before[name] ?? 0);
        cores[name] = (cpuSeconds[name] ?? 0) / wallSeconds;
      }
      return { wallSeconds, cpuSeconds, cores, machineBusyCores: (machineAfter.busy - machineBefore.busy) / wallSeconds };
    };
  }

  private sample(): Record<string, number> {
    return Object.fromEntries(Object.entries(this.pids).map(([name, pid]) => [name, processCpuSeconds(pid)]));
  }
}
