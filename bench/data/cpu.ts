import { readFileSync } from 'node:fs';

/**
 * CPU seconds a local PostgreSQL backend has used (utime + stime from /proc/<pid>/stat), or
 * null when the server is not on this machine. On a shared machine the CPU a phase took says
 * more than its wall time.
 */
export function backendCpu(pid: number | null): number | null {
  if (!pid) return null;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}
