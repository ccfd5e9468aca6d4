#!/usr/bin/env python3
"""CPU timeline of a benchmark run (docs/benchmarks.md, run M): every second, the CPU-seconds the console JVM (by
thread group: C2, C1, vert.x event loops, inventory appliers, GC, HTTP, main, other), kube-apiserver and etcd used
in that second, read from /proc. Not part of ./mvnw verify.

    scripts/cpu-sampler.py > cpu.log &             # beside ./mvnw ... -Dtest=InventoryBenchmark ...
    scripts/cpu-sampler.py --sum 11:27:46 11:28:33 cpu.log   # CPU-seconds per part between two times (HH:MM:SS)

The console is the JVM whose command line has ModelcarConsoleApplication and --server.port (the benchmark's).
"""
import os
import sys
import time

TICKS = os.sysconf('SC_CLK_TCK')


def processes():
    found = {}
    for pid in filter(str.isdigit, os.listdir('/proc')):
        try:
            command = open(f'/proc/{pid}/cmdline', 'rb').read().split(b'\0')
        except OSError:
            continue
        if not command or not command[0]:
            continue
        executable = os.path.basename(command[0].decode(errors='replace'))
        line = b' '.join(command)
        if executable == 'java' and b'ModelcarConsoleApplication' in line and b'--server.port' in line:
            found[pid] = 'console'
        elif executable in ('kube-apiserver', 'etcd'):
            found[pid] = executable.replace('kube-', '')
    return found


def thread_group(name):
    if name.startswith('C2 '):
        return 'C2'
    if name.startswith('C1 '):
        return 'C1'
    if 'vert.x' in name:
        return 'vertx'
    if 'inventory' in name:
        return 'applier'
    if 'GC' in name or name == 'VM Thread':
        return 'gc'
    if 'http-nio' in name or '-exec-' in name:
        return 'http'
    return 'main' if name in ('java', 'main') else 'other'


def cpu_ticks(stat_path):
    """utime + stime and the thread's name (which may hold spaces and parentheses)."""
    stat = open(stat_path).read()
    end = stat.rfind(')')
    fields = stat[end + 2:].split()
    return int(fields[11]) + int(fields[12]), stat[stat.find('(') + 1:end]


def sample():
    previous = {}
    while True:
        began = time.time()
        used = {}
        for pid, kind in processes().items():
            try:
                paths = ([f'/proc/{pid}/task/{t}/stat' for t in os.listdir(f'/proc/{pid}/task')]
                         if kind == 'console' else [f'/proc/{pid}/stat'])
            except OSError:
                continue
            for path in paths:
                try:
                    ticks, name = cpu_ticks(path)
                except OSError:
                    continue
                part = 'console.' + thread_group(name) if kind == 'console' else kind
                used[part] = used.get(part, 0) + ticks - previous.get(path, ticks)
                previous[path] = ticks
        if used:
            console = sum(v for k, v in used.items() if k.startswith('console.'))
            print(time.strftime('%H:%M:%S'), f'load={os.getloadavg()[0]:.1f}', f'console={console / TICKS:.2f}',
                  ' '.join(f'{k}={v / TICKS:.2f}' for k, v in sorted(used.items()) if v), flush=True)
        time.sleep(max(0.0, 1 - (time.time() - began)))


def total(start, end, path):
    parts, seconds = {}, 0
    for line in open(path):
        fields = line.split()
        if not fields or not start <= fields[0] <= end:
            continue
        seconds += 1
        for field in fields[1:]:
            key, value = field.split('=')
            if key != 'load':
                parts[key] = parts.get(key, 0) + float(value)
    busy = sum(v for k, v in parts.items() if not k.startswith('console.'))
    print(f'{seconds} s sampled, {os.cpu_count()} CPUs, idle {seconds * os.cpu_count() - busy:.1f} CPU-s')
    for key, value in sorted(parts.items(), key=lambda kv: -kv[1]):
        print(f'{key} {value:.1f}')


if __name__ == '__main__':
    if len(sys.argv) == 5 and sys.argv[1] == '--sum':
        total(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sample()
