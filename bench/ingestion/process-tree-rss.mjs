// Samples the resident memory of a process and of all its descendants from /proc (Linux), every intervalMs.
// Children that start and end between two samples are missed; at 50 ms the tools here live far longer.
import { readdirSync, readFileSync } from 'node:fs';

const PAGE_BYTES = 4096;

function processTable() {
  const table = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // fields after "(comm)": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime priority nice threads itrealvalue starttime vsize rss
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      table.set(Number(name), { ppid: Number(fields[1]), rssBytes: Number(fields[21]) * PAGE_BYTES, comm: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) });
    } catch {
      // gone meanwhile
    }
  }
  return table;
}

/** Starts sampling; stop() answers the peaks in MB and which programs made the children's peak. */
export function sampleProcessTree(rootPid, intervalMs = 50) {
  const peak = { rootMb: 0, childrenMb: 0, childrenAtPeak: [], samples: 0, maxChildren: 0 };
  const tick = () => {
    const table = processTable();
    const children = new Map();
    for (const [pid, entry] of table) children.set(entry.ppid, [...(children.get(entry.ppid) ?? []), pid]);
    const descendants = [];
    const stack = [...(children.get(rootPid) ?? [])];
    while (stack.length > 0) {
      const pid = stack.pop();
      descendants.push(pid);
      stack.push(...(children.get(pid) ?? []));
    }
    const rootMb = (table.get(rootPid)?.rssBytes ?? 0) / 1048576;
    const childrenMb = descendants.reduce((sum, pid) => sum + (table.get(pid)?.rssBytes ?? 0), 0) / 1048576;
    peak.samples += 1;
    peak.rootMb = Math.max(peak.rootMb, rootMb);
    peak.maxChildren = Math.max(peak.maxChildren, descendants.length);
    if (childrenMb > peak.childrenMb) {
      peak.childrenMb = childrenMb;
      peak.childrenAtPeak = descendants.map((pid) => `${table.get(pid)?.comm}:${Math.round((table.get(pid)?.rssBytes ?? 0) / 1048576)}MB`);
    }
  };
  const timer = setInterval(tick, intervalMs);
  tick();
  return {
    stop() {
      clearInterval(timer);
      tick();
      return { rootMb: Math.round(peak.rootMb), childrenMb: Math.round(peak.childrenMb), childrenAtPeak: peak.childrenAtPeak, maxChildren: peak.maxChildren, samples: peak.samples };
    },
  };
}
