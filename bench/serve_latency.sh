#!/usr/bin/env bash
# Save-to-page latency of `gongshi serve` (issues 5 and 6; target <= 300 ms at
# N = 10,000 notices).
#
#   bench/serve_latency.sh [N]     N notices x 50 households (default 10000)
#
# Starts `gongshi serve` on a copy of the benchmark corpus (output on tmpfs), waits
# until the first build is done and the preview is idle, then RUNS times: rename-saves
# the record file of a notice on the board with one household's name changed (as an
# editor saves: write a temporary file beside it, rename it over), and polls the
# notice page over HTTP every 2 ms until it shows the new name. Prints each run, and
# the median, min and max of the latency and of the rebuild time the server printed.
#
# Options:
#   --runs R      saves to time (default 10)
#   --notice      save the notice's Markdown with its title changed instead (its card
#                 is on the board and on the region pages up to the county)
#   --dir D       where corpora are cached (default /dev/shm/gongshi-bench); a corpus
#                 made by bench/run.sh is used as it is, read-only
#   --no-build    do not run `cargo build --release` (use the existing binary)
# Environment:
#   GONGSHI_BIN   binary to measure (implies --no-build; default
#                 $CARGO_TARGET_DIR/release/gongshi or target/release/gongshi)
#   TODAY         --today for the preview (default 2014-10-20, as bench/run.sh: a few
#                 percent of the notices are on the board, so region print pages count)
#   GONGSHI_TIMINGS=1  the server also prints the phases of each small rebuild
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)

n=10000
runs=10
dir=/dev/shm/gongshi-bench
build=1
what=record
today=${TODAY:-2014-10-20}

usage() { sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs=$2; shift ;;
        --dir) dir=$2; shift ;;
        --no-build) build=0 ;;
        --notice) what=notice ;;
        -h|--help) usage; exit 0 ;;
        [0-9]*) n=$1 ;;
        *) echo "serve_latency.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    esac
    shift
done
if [ -n "${GONGSHI_BIN:-}" ]; then build=0; fi
bin=${GONGSHI_BIN:-${CARGO_TARGET_DIR:-$repo/target}/release/gongshi}

log() { printf '== %s\n' "$*" >&2; }

# The corpus: bench/run.sh's if it has one, else one with the gongshi site only.
corpus=$dir/corpus-n$n-r50-s1
if [ ! -f "$corpus/.complete" ]; then
    corpus=$dir/corpus-n$n-r50-s1-gongshi-only
fi
if [ ! -f "$corpus/.complete" ]; then
    log "generating corpus: $n notices x 50 rows, seed 1 -> $corpus"
    mkdir -p "$dir"
    rm -rf "$corpus.tmp"
    python3 "$here/gen_corpus.py" --notices "$n" --rows 50 --seed 1 --only gongshi \
        --out "$corpus.tmp"
    rm -rf "$corpus"
    mv "$corpus.tmp" "$corpus"
    touch "$corpus/.complete"
fi

if [ "$build" = 1 ]; then
    log "cargo build --release"
    (cd "$repo" && cargo build --release --quiet)
fi
[ -x "$bin" ] || { echo "serve_latency.sh: $bin not found (run cargo build --release)" >&2; exit 2; }

work=$(mktemp -d /dev/shm/gongshi-serve-latency.XXXXXX)
cleanup() { rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
log "copying the corpus to $work/site"
cp -r "$corpus/gongshi" "$work/site"

python3 - "$bin" "$work" "$runs" "$today" "$n" "$what" <<'PY'
import os, re, signal, statistics, subprocess, sys, threading, time, urllib.request

bin_, work, runs, today, n, what = sys.argv[1:7]
runs = int(runs)
site = os.path.join(work, "site")

def front(path):
    text = open(path, encoding="utf-8").read()
    head = text.split("---", 2)[1]
    fields = dict(re.findall(r"^(\w+): (.*)$", head, re.M))
    return fields

# A household notice on the board on `today` (in its period), else the first one.
notices_dir = os.path.join(site, "content/notices/households")
chosen = None
for name in sorted(os.listdir(notices_dir)):
    f = front(os.path.join(notices_dir, name))
    m = re.search(r"from: (\S+), to: (\S+) ?}", f.get("period", ""))
    if chosen is None:
        chosen = (name, f)
    if m and m.group(1) <= today <= m.group(2):
        chosen = (name, f)
        break
name, f = chosen
slug = name[:-3]
record = os.path.join(site, "content/records", f["records"].strip())
page = f"/notices/{slug}/index.html"
print(f"notice: {slug} (period {f.get('period', '-')}, as of {today})")
if what == "notice":
    record = os.path.join(notices_dir, name)
print(f"file saved: {os.path.relpath(record, site)}")

env = dict(os.environ, TMPDIR=work)
server = subprocess.Popen(
    [bin_, "serve", "--root", site, "--port", "0", "--today", today],
    stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True)
lines = []
def pump():
    for line in server.stdout:
        lines.append(line.rstrip("\n"))
        if os.environ.get("GONGSHI_TIMINGS"):
            print("   server: " + line.rstrip("\n"))
threading.Thread(target=pump, daemon=True).start()

def wait_for(pred, what, timeout):
    start = time.monotonic()
    while not pred():
        if server.poll() is not None:
            sys.exit("gongshi serve exited:\n" + "\n".join(lines))
        if time.monotonic() - start > timeout:
            sys.exit(f"timed out waiting for {what}:\n" + "\n".join(lines))
        time.sleep(0.01)

started = time.monotonic()
wait_for(lambda: any("预览地址" in l for l in lines), "the first build", 600)
addr = re.search(r"预览地址：(http://[^/]+)/", "\n".join(lines)).group(1)
first = next(l for l in lines if "已生成" in l)
print(f"first build: {time.monotonic() - started:.1f} s ({first.strip()})")

def cpu_ticks():
    with open(f"/proc/{server.pid}/stat") as s:
        fields = s.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])

def wait_idle():
    # Until the server has used under 10 % of a core for a second (it warms its
    # check cache after a full build; the file watcher ticks every few ms).
    last = cpu_ticks()
    while True:
        time.sleep(1)
        now = cpu_ticks()
        if now - last < os.sysconf("SC_CLK_TCK") // 10:
            return
        if os.environ.get("GONGSHI_TIMINGS"):
            print(f"   (server busy: {now - last} CPU ticks in the last second)")
        last = now

def get(path):
    with urllib.request.urlopen(addr + path, timeout=10) as r:
        return r.read().decode("utf-8", "replace")

wait_idle()
original = open(record, encoding="utf-8").read()
key = "title" if what == "notice" else "head"
head = re.search(key + r": (\S+)", original).group(1)
assert head in get(page), f"{head} not on {page}"
numerals = "〇一二三四五六七八九"
latencies, rebuilds = [], []
for i in range(1, runs + 1):
    new = head + "改" + "".join(numerals[int(d)] for d in str(i))
    text = original.replace(f"{key}: {head}", f"{key}: {new}", 1)
    tmp = os.path.join(os.path.dirname(record), "." + os.path.basename(record) + ".tmp~")
    with open(tmp, "w", encoding="utf-8") as out:
        out.write(text)
    done_before = sum("重新生成" in l for l in lines)
    t0 = time.monotonic()
    os.rename(tmp, record)
    while new not in get(page):
        if time.monotonic() - t0 > 30:
            sys.exit("the page did not change within 30 s:\n" + "\n".join(lines[-20:]))
        time.sleep(0.002)
    ms = (time.monotonic() - t0) * 1000
    wait_for(lambda: sum("重新生成" in l for l in lines) > done_before, "the rebuild line", 30)
    line = [l for l in lines if "重新生成" in l][-1]
    m = re.search(r"（(增量|全量)）\s*(\d+) 个页面，用时 (\d+) 毫秒", line)
    kind, pages, rebuild = (m.group(1), m.group(2), int(m.group(3))) if m else ("?", "?", None)
    latencies.append(ms)
    if rebuild is not None:
        rebuilds.append(rebuild)
    print(f"run {i:2}: {ms:6.0f} ms save-to-page; server: {kind} {pages} pages in {rebuild} ms")
    wait_idle()

with open(f"/proc/{server.pid}/status") as st:
    mem = dict(l.split(":", 1) for l in st.read().splitlines() if l.startswith(("VmRSS", "VmHWM")))
print(f"server memory: resident {mem['VmRSS'].strip()}, peak {mem['VmHWM'].strip()}")
server.send_signal(signal.SIGINT)
try:
    server.wait(timeout=30)
except subprocess.TimeoutExpired:
    server.kill()

def summary(xs):
    return f"median {statistics.median(xs):.0f} ms, min {min(xs):.0f} ms, max {max(xs):.0f} ms"
print(f"\nN = {n}: save-to-page {summary(latencies)} ({len(latencies)} saves)")
if rebuilds:
    print(f"N = {n}: server rebuild {summary(rebuilds)}")
if what == "record":
    print("target (a record file saved): <= 300 ms at N = 10000;",
          "met" if statistics.median(latencies) <= 300 else "NOT met", "(median)")
PY
