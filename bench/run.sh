#!/usr/bin/env bash
# gongshi benchmark (issues 6 and 15).
#
#   bench/run.sh [N]          gongshi build vs hugo --minify vs zola build --minify on N
#                             notices (default 10000), each with a 50-row household table,
#                             output on tmpfs, side by side in one hyperfine run; prints
#                             medians and the ratios gongshi/hugo and gongshi/zola (into an
#                             empty folder, and again back to back over each tool's
#                             previous output), peak memory of all three, and the `cp -r`
#                             floor
#   bench/run.sh --province   one gongshi build of 20,000 village lists x 50 households
#                             (1,000,000 households): wall time and peak memory
#
# Options:
#   --runs R      timed runs per command (default 5; province: 1 build into an empty
#                 folder, then 1 over the previous output)
#   --dir D       where corpora are cached and results kept (default /dev/shm/gongshi-bench)
#   --seed S      corpus seed (default 1)
#   --rows R      households per list (default 50)
#   --no-wait     do not wait for a quiet machine before timing
#   --no-build    do not run `cargo build --release` (use the existing binary)
#   --rev REV     measure commit REV instead of the working tree: a clean `git archive`
#                 export built in its own target dir ($BENCH_TARGET, default
#                 /tmp/gongshi-bench-target), so work in progress cannot break or skew it
# Environment:
#   GONGSHI_BIN   binary to measure (implies --no-build)
#   ZOLA          the zola binary (default /tmp/zola; when it is missing there, the script
#                 unpacks ../shared/tools/zola-0.22.1-linux-x86_64.gz, beside the repository,
#                 to /tmp/zola)
#   QUIET_WAIT    seconds to wait at most for a quiet machine (default 900)
#   QUIET_LOAD    1-minute load average counted as quiet (default 0.7)
#   TODAY         --today passed to gongshi, for reproducible output (default 2014-10-20:
#                 of the corpus's notices ~3% are in their 公示 period and ~2.5% upcoming,
#                 so region boards print a realistic few; the rest are archived)
#
# Corpora are generated once per (N, rows, seed) by bench/gen_corpus.py and kept under
# --dir (a corpus cached before the Zola twin existed gets its zola/ added; the gongshi
# and Hugo sites are not touched); every build output this script creates goes to a
# fresh folder under /dev/shm and is removed on exit.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)

n=10000
province=0
runs=""
dir=/dev/shm/gongshi-bench
seed=1
rows=50
wait_quiet=1
build=1
rev_arg=""
today=${TODAY:-2014-10-20}

usage() { sed -n '2,39p' "$0" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
    case "$1" in
        --province) province=1; n=20000 ;;
        --runs) runs=$2; shift ;;
        --dir) dir=$2; shift ;;
        --seed) seed=$2; shift ;;
        --rows) rows=$2; shift ;;
        --no-wait) wait_quiet=0 ;;
        --no-build) build=0 ;;
        --rev) rev_arg=$2; shift ;;
        -h|--help) usage; exit 0 ;;
        [0-9]*) n=$1 ;;
        *) echo "run.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    esac
    shift
done
if [ -n "${GONGSHI_BIN:-}" ]; then build=0; fi
bin=${GONGSHI_BIN:-$repo/target/release/gongshi}

need() {
    command -v "$1" >/dev/null 2>&1 || {
        echo "run.sh: '$1' not found; install it (Debian: apt-get install -y $2)" >&2
        exit 2
    }
}
need python3 python3
need hyperfine hyperfine
[ "$province" = 1 ] || need hugo hugo
[ -x /usr/bin/time ] || { echo "run.sh: /usr/bin/time not found (Debian: apt-get install -y time)" >&2; exit 2; }

log() { printf '\n== %s\n' "$*" >&2; }

# Zola 0.22.1, the release build kept for benchmarks beside the repository
# (../shared/tools/zola-README.md); unpacked to /tmp/zola when not there yet.
zola=${ZOLA:-/tmp/zola}
zola_gz=$(cd "$repo/.." && pwd)/shared/tools/zola-0.22.1-linux-x86_64.gz
if [ "$province" = 0 ] && [ ! -x "$zola" ]; then
    if [ -n "${ZOLA:-}" ]; then
        echo "run.sh: ZOLA=$zola is not an executable file" >&2
        exit 2
    fi
    if [ ! -f "$zola_gz" ]; then
        echo "run.sh: no zola at $zola, and cannot unpack one: $zola_gz not found." >&2
        echo "  Put a Zola 0.22.1 binary at /tmp/zola (or set ZOLA=/path/to/zola) and run again." >&2
        exit 2
    fi
    log "unpacking $zola_gz -> $zola"
    if ! { gunzip -c "$zola_gz" >"$zola.tmp.$$" && chmod +x "$zola.tmp.$$" && mv "$zola.tmp.$$" "$zola"; }; then
        rm -f "$zola.tmp.$$"
        echo "run.sh: could not unpack $zola_gz to $zola" >&2
        exit 2
    fi
fi
if [ "$province" = 0 ]; then
    zola_version=$("$zola" --version 2>&1) || {
        echo "run.sh: $zola does not run: $zola_version" >&2
        exit 2
    }
    case "$zola_version" in
        "zola 0.22.1") ;;
        *) echo "run.sh: warning: $zola is '$zola_version', not zola 0.22.1 (the version BENCHMARKS.md compares against)" >&2 ;;
    esac
fi

# ---------------------------------------------------------------- the corpus

mkdir -p "$dir/results"
corpus=$dir/corpus-n$n-r$rows-s$seed
[ "$province" = 1 ] && corpus=$corpus-gongshi-only
if [ ! -f "$corpus/.complete" ]; then
    log "generating corpus: $n notices x $rows rows, seed $seed -> $corpus"
    rm -rf "$corpus.tmp"
    only=()
    [ "$province" = 1 ] && only=(--only gongshi)
    python3 "$here/gen_corpus.py" --notices "$n" --rows "$rows" --seed "$seed" \
        "${only[@]}" --out "$corpus.tmp"
    rm -rf "$corpus"
    mv "$corpus.tmp" "$corpus"
    touch "$corpus/.complete"
fi
if [ "$province" = 0 ] && [ ! -d "$corpus/zola" ]; then
    # A corpus cached before the Zola twin: add it (the generator computes every site
    # from the seed, so it is the twin of the cached gongshi and Hugo sites).
    log "adding the Zola twin to $corpus"
    rm -rf "$corpus.zola.tmp"
    python3 "$here/gen_corpus.py" --notices "$n" --rows "$rows" --seed "$seed" \
        --only zola --out "$corpus.zola.tmp"
    mv "$corpus.zola.tmp/zola" "$corpus/zola"
    rm -rf "$corpus.zola.tmp"
fi

# ---------------------------------------------------------------- the binary

if [ -n "$rev_arg" ]; then
    sha=$(git -C "$repo" rev-parse --verify "$rev_arg^{commit}")
    rev=${sha:0:7}
    src=/tmp/gongshi-bench-src/$sha
    if [ ! -f "$src/Cargo.toml" ]; then
        log "exporting $rev to $src"
        rm -rf "$src.tmp"
        mkdir -p "$src.tmp"
        git -C "$repo" archive "$sha" | tar -x -C "$src.tmp"
        mv "$src.tmp" "$src"
    fi
    target=${BENCH_TARGET:-/tmp/gongshi-bench-target}
    log "cargo build --release ($rev, target dir $target)"
    (cd "$src" && CARGO_TARGET_DIR=$target cargo build --release --quiet)
    bin=$target/release/gongshi
else
    if [ "$build" = 1 ]; then
        log "cargo build --release"
        (cd "$repo" && cargo build --release --quiet)
    fi
    rev=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)
    if [ -n "$(git -C "$repo" status --porcelain -- src Cargo.toml Cargo.lock build.rs themes 2>/dev/null)" ]; then
        rev="$rev+dirty"
    fi
    # The tree's commit says what was measured only if the binary was built from it.
    [ "$build" = 1 ] || rev="$rev (--no-build: binary of $(date -u -r "$bin" +%FT%TZ 2>/dev/null || echo '?'))"
fi
[ -x "$bin" ] || { echo "run.sh: $bin not found (run cargo build --release)" >&2; exit 2; }

log "gongshi check (not timed)"
"$bin" check --root "$corpus/gongshi"

# ---------------------------------------------------------------- outputs, cleaned on exit

out=$(mktemp -d /dev/shm/gongshi-bench-out.XXXXXX)
cleanup() { rm -rf "$out"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- a quiet machine

quiet() {
    local load
    load=$(cut -d' ' -f1 /proc/loadavg)
    ! pgrep -x rustc >/dev/null && ! pgrep -x cargo >/dev/null &&
        awk -v l="$load" -v q="${QUIET_LOAD:-0.7}" 'BEGIN { exit !(l < q) }'
}

wait_for_quiet() {
    [ "$wait_quiet" = 1 ] || return 0
    local waited=0 limit=${QUIET_WAIT:-900}
    until quiet; do
        if [ "$waited" -ge "$limit" ]; then
            echo "run.sh: machine not quiet after ${limit}s (load $(cut -d' ' -f1-3 /proc/loadavg)); measuring anyway" >&2
            echo "NOT QUIET: load $(cut -d' ' -f1-3 /proc/loadavg) at $(date -u +%FT%TZ)" >>"$out/notes"
            return 0
        fi
        [ "$waited" = 0 ] && echo "waiting for a quiet machine (no rustc/cargo, load < ${QUIET_LOAD:-0.7}) ..." >&2
        sleep 20
        waited=$((waited + 20))
    done
    echo "quiet: load $(cut -d' ' -f1-3 /proc/loadavg) after ${waited}s" >&2
    echo "quiet: load $(cut -d' ' -f1-3 /proc/loadavg) at $(date -u +%FT%TZ)" >>"$out/notes"
}

# Runs a command under /usr/bin/time -v; prints wall time, CPU and peak RSS.
peak() {
    local name=$1
    shift
    /usr/bin/time -v -o "$out/time-$name.txt" "$@" >/dev/null 2>"$out/stderr-$name.txt" || {
        echo "run.sh: '$*' failed:" >&2
        cat "$out/stderr-$name.txt" >&2
        exit 1
    }
    awk -v name="$name" -F': ' '
        /Elapsed \(wall clock\)/ { wall = $2 }
        /User time/ { user = $2 }
        /System time/ { sys = $2 }
        /Maximum resident set size/ { rss = $2 }
        END { printf "%-8s wall %s  user %ss  sys %ss  Maximum resident set size %d kB (%.0f MiB)\n",
              name, wall, user, sys, rss, rss / 1024 }' "$out/time-$name.txt"
    awk -F': ' '/Maximum resident set size/ { print $2 }' "$out/time-$name.txt" >"$out/rss-$name"
}

stamp=$(date -u +%Y%m%dT%H%M%SZ)

# ---------------------------------------------------------------- province scale

if [ "$province" = 1 ]; then
    households=$((n * rows))
    log "province: $n lists, $households households; gongshi $rev"
    result=$dir/results/province-$stamp.txt
    {
        echo "gongshi $rev, corpus $corpus, $(nproc) cores"
        wait_for_quiet
        echo "-- build into an empty folder"
        peak gongshi "$bin" build --root "$corpus/gongshi" --output "$out/public" --today "$today"
        echo "   output: $(du -sh "$out/public" | cut -f1), $(find "$out/public" -type f | wc -l) files"
        wait_for_quiet
        echo "-- build over the previous output (the atomic swap replaces it)"
        peak gongshi "$bin" build --root "$corpus/gongshi" --output "$out/public" --today "$today"
        echo "-- cp -r of the output (the floor)"
        wait_for_quiet
        peak cp cp -r "$out/public" "$out/cp"
        cat "$out/notes" 2>/dev/null || true
    } 2>&1 | tee "$result"
    echo "saved: $result" >&2
    exit 0
fi

# ---------------------------------------------------------------- gongshi vs hugo vs zola

runs=${runs:-5}
gongshi_argv=("$bin" build --root "$corpus/gongshi" --output "$out/gongshi-public" --today "$today")
hugo_argv=(hugo --minify --quiet -s "$corpus/hugo" -d "$out/hugo-public")
# --force: zola refuses an output folder that exists without it; with it, zola deletes
# the folder first, on the build's time (back to back, below).
zola_argv=("$zola" --root "$corpus/zola" build --minify --force -o "$out/zola-public")
gongshi_cmd=$(printf '%q ' "${gongshi_argv[@]}")
hugo_cmd=$(printf '%q ' "${hugo_argv[@]}")
zola_cmd=$(printf '%q ' "${zola_argv[@]}")
q_out=$(printf '%q' "$out")
md=$dir/results/n$n-$stamp.md
json=$dir/results/n$n-$stamp.json
summary=$dir/results/n$n-$stamp.txt
hugo_version=$(hugo version | cut -d' ' -f1-2)

log "N=$n: gongshi $rev vs $hugo_version vs $zola_version, $runs runs each after 1 warm-up"
wait_for_quiet
# Into an empty folder, each output removed before each run (not timed): what a build
# costs. gongshi removes a replaced output in the background, off the build's path;
# run back to back, that removal would compete with the next run, so it is measured
# on its own below.
hyperfine --warmup 1 --runs "$runs" --export-markdown "$md" --export-json "$json" \
    --prepare "rm -rf $q_out/gongshi-public" -n "gongshi build" "$gongshi_cmd" \
    --prepare "rm -rf $q_out/hugo-public" -n "hugo --minify" "$hugo_cmd" \
    --prepare "rm -rf $q_out/zola-public" -n "zola build --minify" "$zola_cmd"

log "N=$n: the same, back to back over each tool's previous output"
wait_for_quiet
hyperfine --warmup 1 --runs "$runs" --export-markdown "$md.over" --export-json "$json.over" \
    -n "gongshi build, over previous" "$gongshi_cmd" \
    -n "hugo --minify, over previous" "$hugo_cmd" \
    -n "zola build --minify, over previous" "$zola_cmd"
cat "$md.over" >>"$md"
rm -f "$md.over"

log "the floor: cp -r of each output"
wait_for_quiet
hyperfine --warmup 1 --runs "$runs" --prepare "rm -rf $q_out/cp" \
    --export-markdown "$md.cp" --export-json "$json.cp" \
    -n "cp -r gongshi output" "cp -r $q_out/gongshi-public $q_out/cp" \
    -n "cp -r hugo output" "cp -r $q_out/hugo-public $q_out/cp" \
    -n "cp -r zola output" "cp -r $q_out/zola-public $q_out/cp"
cat "$md.cp" >>"$md"
rm -f "$md.cp"

log "peak memory (/usr/bin/time -v, one build each over its previous output)"
wait_for_quiet
{
    peak gongshi "${gongshi_argv[@]}"
    peak hugo "${hugo_argv[@]}"
    peak zola "${zola_argv[@]}"
} >"$out/peak.txt"

output_size() { echo "$(du -sh "$1" | cut -f1), $(find "$1" -type f | wc -l) files"; }

{
    echo "N=$n notices x $rows rows (seed $seed); gongshi $rev; $hugo_version; $zola_version; $(nproc) cores"
    echo "output: gongshi $(output_size "$out/gongshi-public"); hugo $(output_size "$out/hugo-public");" \
        "zola $(output_size "$out/zola-public")"
    python3 - "$n" "$out" "$json" "$json.over" "$json.cp" <<'EOF'
import json, sys
n, out = int(sys.argv[1]), sys.argv[2]
times = {}
for path in sys.argv[3:]:
    for r in json.load(open(path))["results"]:
        times[r["command"]] = r
        print(f'{r["command"]:<36} median {r["median"]:8.3f} s   mean {r["mean"]:8.3f} s ± {r["stddev"] or 0:.3f}'
              f'   user {r["user"]:.2f} s   sys {r["system"]:.2f} s')

def ratio(peer, g, p):
    name = peer.split()[0]
    verdict = (f"gongshi is {p / g:.2f}x faster than {peer}" if g <= p
               else f"gongshi is {g / p:.2f}x SLOWER than {peer}")
    return f"gongshi/{name} = {g / p:.3f}: {verdict} (median {g:.3f} s vs {p:.3f} s)"

peers = ("hugo --minify", "zola build --minify")
g = times["gongshi build"]["median"]
print("ratios into an empty folder (medians):")
for peer in peers:
    print("  " + ratio(peer, g, times[peer]["median"]))
go = times["gongshi build, over previous"]["median"]
print("ratios back to back, over each tool's previous output (medians):")
for peer in peers:
    print("  " + ratio(peer, go, times[peer + ", over previous"]["median"]))
floor = times["cp -r gongshi output"]["median"]
print(f"floor: gongshi build takes {g / floor:.1f}x the time of cp -r of its own output ({floor:.3f} s)")
rss = {name: int(open(f"{out}/rss-{name}").read()) / 1024 for name in ("gongshi", "hugo", "zola")}
print("peak RSS: " + ", ".join(f"{name} {mib:.0f} MiB" for name, mib in rss.items()))
if n == 10000:
    met = "met" if rss["gongshi"] <= 300 else "NOT met"
    print(f"target: gongshi peak RSS <= 300 MiB at N = 10,000: {met} ({rss['gongshi']:.0f} MiB)")
EOF
    cat "$out/peak.txt"
    cat "$out/notes" 2>/dev/null || true
} | tee "$summary"
echo "saved: $md $json $summary" >&2
