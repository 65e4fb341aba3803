// Runs a command and measures how much CPU *other* processes took meanwhile, so BENCHMARKS.md
// can say whether its figures come from a quiet machine:
//   node bench/cpu.mjs OUT.json COMMAND [ARGS…]
// Every 200 ms it reads the machine's busy time (/proc/stat) and the CPU time of the command
// and all its descendants (/proc/PID/stat; Chromium's helper processes included). Others'
// share = machine busy − ours. A process that ends between two samples loses at most its last
// 200 ms, which then counts as someone else's: the figure errs towards "busy", never "quiet".
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

const [out, command, ...args] = process.argv.slice(2);
const TICKS = 100; // USER_HZ, the unit of /proc CPU times on Linux

function machineTicks() {
  // cpu  user nice system idle iowait irq softirq steal …
  const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0]
    .split(/\s+/).slice(1).map(Number);
  return { busy: user + nice + system + irq + softirq + steal, steal };
}

/** pid -> { ppid, ticks } for every process; fields after the name: state ppid … utime stime. */
function processes() {
  const all = new Map();
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      all.set(Number(pid), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) });
    } catch {
      // The process ended while we looked.
    }
  }
  return all;
}

const ours = new Map(); // pid -> [first ticks seen, last ticks seen]
function sample() {
  const all = processes();
  const mine = (pid) => {
    for (let p = pid; p > 1; p = all.get(p)?.ppid ?? 0) if (p === process.pid) return true;
    return false;
  };
  for (const [pid, { ticks }] of all) {
    if (!mine(pid)) continue;
    const seen = ours.get(pid);
    if (seen) seen[1] = ticks;
    // A process first seen after the start did all its work during the measurement.
    else ours.set(pid, [started ? 0 : ticks, ticks]);
  }
}

let started = false;
sample(); // this script itself, before the command starts
started = true;
const before = { ...machineTicks(), at: performance.now() };
const child = spawn(command, args, { stdio: 'inherit' });
const timer = setInterval(sample, 200);
child.on('exit', (code, signal) => {
  clearInterval(timer);
  sample();
  const after = { ...machineTicks(), at: performance.now() };
  const seconds = (after.at - before.at) / 1000;
  const own = [...ours.values()].reduce((sum, [first, last]) => sum + last - first, 0);
  const cores = (ticks) => ticks / TICKS / seconds;
  const load = {
    seconds,
    own: cores(own),
    others: Math.max(0, cores(after.busy - before.busy - own)),
    steal: cores(after.steal - before.steal),
  };
  writeFileSync(out, `${JSON.stringify(load)}\n`);
  process.exit(code ?? (signal ? 1 : 0));
});
