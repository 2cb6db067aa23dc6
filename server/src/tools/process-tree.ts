import { readdir, readFile } from 'node:fs/promises';

/**
 * The variable every process of one run inherits (`NAME=<random id>`): how its processes are found
 * again once they have left its process group and lost their parent (Jenkins' ProcessTreeKiller
 * finds a build's processes the same way).
 */
export const RUN_MARKER = 'LANTERN_RUN_ID';

/** Rounds of find-and-kill: a process forking while it is being killed gets found in the next round. */
const MAX_ROUNDS = 5;

/**
 * Kills (SIGKILL) everything a run started: its process group (the leader was spawned detached, so the
 * group is its own), every descendant by parent links, and every process carrying the run's marker.
 *
 * Covered: workers and grandchildren; a process that moved to a new process group or session (`setsid`,
 * `nohup … &`, a daemonising double fork) as long as it kept the marker in its environment or its
 * parent chain still leads to the run. Not covered: a process that both cleared its environment
 * (`env -i`) and was reparented before the kill; a process of another user (setuid); work handed to
 * a service outside the tree (systemd --user, at, a D-Bus activation). Only cgroups would contain
 * those. Without /proc (macOS), only the process group is killed.
 */
export async function killRunProcesses(
  leader: number,
  marker: string,
  { leaderExited = false }: { readonly leaderExited?: boolean } = {},
): Promise<void> {
  // The group is signalled once, while its id is surely the run's: at once when the leader has
  // exited (an emptied group's id is free again), else right after the first scan.
  if (leaderExited) signal(-leader);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    // Found before the group dies: once their parents are gone, descendants are reparented. Once the
    // leader has exited its pid may be reused, so parent links from it are not followed then.
    const found = await processesOfRun(leaderExited ? undefined : leader, marker);
    if (round === 0 && !leaderExited) signal(-leader);
    for (const pid of found) signal(pid);
    if (found.length === 0) return;
  }
}

/**
 * The run's processes, by parent links and by marker. Read asynchronously (a scan of /proc takes
 * ~20 ms with a hundred processes, too long to block the server for on every git call).
 */
async function processesOfRun(leader: number | undefined, marker: string): Promise<number[]> {
  let entries: string[];
  try {
    entries = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  const parentOf = new Map<number, number>();
  const marked: number[] = [];
  const needle = Buffer.from(`${RUN_MARKER}=${marker}\0`);
  await Promise.all(
    entries.map(async (entry) => {
      const pid = Number(entry);
      if (pid === process.pid) return;
      const parent = await parentPid(pid);
      if (parent === undefined) return;
      parentOf.set(pid, parent);
      try {
        if ((await readFile(`/proc/${pid}/environ`)).includes(needle)) marked.push(pid);
      } catch {
        // another user's process, or gone
      }
    }),
  );
  const found = new Set(marked);
  if (leader !== undefined) {
    for (const pid of parentOf.keys()) if (descendsFrom(pid, leader, parentOf)) found.add(pid);
    found.delete(leader);
  }
  return [...found];
}

async function parentPid(pid: number): Promise<number | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after its last ')'.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

function descendsFrom(pid: number, ancestor: number, parentOf: ReadonlyMap<number, number>): boolean {
  let current = parentOf.get(pid);
  for (let depth = 0; current !== undefined && current > 1 && depth < 1_000; depth++) {
    if (current === ancestor) return true;
    current = parentOf.get(current);
  }
  return false;
}

function signal(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
