#!/usr/bin/env bash
# Hostile inputs (issue #19 §2): each generated into a copy of tests/fixtures/good,
# run through the release binary under /usr/bin/time; prints the exit code, the
# diagnostic code that refused it, wall time and peak RSS. None may crash, run away
# or take more memory than a 10,000-notice build (BENCHMARKS.md: <= 300 MiB).
#
#   bench/hostile.sh            all inputs
#   bench/hostile.sh NAME...    only those (see `cases` below)
#
# Environment:
#   GONGSHI_BIN   binary to measure (default: cargo build --release, then
#                 ${CARGO_TARGET_DIR:-target}/release/gongshi)
#   DIR           where inputs are written (default /dev/shm/gongshi-hostile; removed
#                 on exit)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
if [[ -z "${GONGSHI_BIN:-}" ]]; then
    (cd "$repo" && cargo build --release --quiet)
    GONGSHI_BIN="${CARGO_TARGET_DIR:-$repo/target}/release/gongshi"
fi
dir=${DIR:-/dev/shm/gongshi-hostile}
rm -rf "$dir"
mkdir -p "$dir"
trap 'rm -rf "$dir"' EXIT

# A fresh copy of the good fixture at $dir/$1.
site() {
    rm -rf "${dir:?}/$1"
    cp -r "$repo/tests/fixtures/good" "$dir/$1"
}

notice="content/notices/hh-first.md"
title="title: 长沟村2014年度贫困户识别结果公示(第一次)"

# Households: $2 rows; the first $3 of them share one person's number (the rest
# have numbers of their own, all valid); or, with $3 = invalid, every number has a
# thirteenth month.
households() {
    python3 - "$@" <<'PY'
import sys
out, rows, dup = sys.argv[1], int(sys.argv[2]), sys.argv[3]
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
def valid(first17):
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, W)) % 11]
with open(out, "w") as f:
    f.write("kind: households\nyear: 2015\nrows:\n")
    for i in range(rows):
        if dup == "invalid":
            id_ = "53062319701332%04d" % (i % 10000)
        elif i < int(dup):
            id_ = valid("53062319700312000")
        else:
            id_ = valid("5306231980%06d0" % i)
        f.write('  - { head: 户主%d, id_number: "%s", region: "530623101201", size: 3, income: 2000, category: 一般贫困户 }\n' % (i, id_))
PY
}

measure() {
    local name=$1; shift
    local log="$dir/$name.time" err="$dir/$name.err"
    set +e
    /usr/bin/time -v -o "$log" "$@" >/dev/null 2>"$err"
    local code=$?
    set -e
    local wall rss codes
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log")
    rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$log")
    codes=$({ grep -o '^错误\[[a-z0-9-]*\]' "$err" || true; } | sort | uniq -c | sort -rn | head -2 |
        awk '{printf "%s%s×%s", sep, $2, $1; sep=", "}')
    # Counted past the hundred shown of each code.
    codes+=$(grep -o '^共 [0-9]* 个错误' "$err" | sed 's/^/; /' || true)
    printf '| %-30s | %4s | %-44s | %9s | %8s MiB |\n' "$name" "$code" "$codes" "$wall" "$rss"
}

case_long_title() {
    site long-title
    sed -i "s|^$title\$|title: $(printf '贫%.0s' $(seq 360))|" "$dir/long-title/$notice"
    measure long-title-360 "$GONGSHI_BIN" build --root "$dir/long-title" --today 2014-03-22
    site long-title-large
    sed -i "s|^$title\$|title: $(printf '贫%.0s' $(seq 150))\nprint: { orientation: landscape, large_print: true }|" \
        "$dir/long-title-large/$notice"
    measure long-title-150-large-landscape "$GONGSHI_BIN" build --root "$dir/long-title-large" --today 2014-03-22
}

case_diagnostics() {
    for n in 4000 16000 100000; do
        site "invalid-$n"
        households "$dir/invalid-$n/content/records/households/many.yaml" "$n" invalid
        measure "$n-invalid-ids" "$GONGSHI_BIN" check --root "$dir/invalid-$n"
    done
    site dup
    households "$dir/dup/content/records/households/many.yaml" 100000 79000
    measure 100000-rows-79000-duplicates "$GONGSHI_BIN" check --root "$dir/dup"
}

case_big_file() {
    # 200 MB on one line: refused by its size (default 64 MB) ...
    site big-file
    python3 -c "
import sys
with open(sys.argv[1], 'w') as f:
    f.write('kind: households\nyear: 2015\nrows:\n  - { head: ' + '张' * (200 * 1024 * 1024 // 3) + ' }\n')
" "$dir/big-file/content/records/households/big.yaml"
    measure 200MB-single-line "$GONGSHI_BIN" check --root "$dir/big-file"
    # ... and, with the size limit raised, by its line's length.
    sed -i 's|^regions:|limits: { max_file_mb: 512 }\nregions:|' "$dir/big-file/site.yaml"
    measure 200MB-single-line-size-allowed "$GONGSHI_BIN" check --root "$dir/big-file"
}

case_markdown() {
    site quotes
    printf '\n%s\n' "$(printf '>%.0s' $(seq 100000))" >>"$dir/quotes/$notice"
    measure markdown-100000-gt "$GONGSHI_BIN" build --root "$dir/quotes" --today 2014-03-22
    # The deepest allowed, on every line of a long body: it builds.
    site deep-quotes
    python3 -c "
import sys
with open(sys.argv[1], 'a') as f:
    f.write('\n' + ('>' * 16 + ' 引用的内容。\n') * 20000)
" "$dir/deep-quotes/$notice"
    measure markdown-20000-lines-16-deep "$GONGSHI_BIN" build --root "$dir/deep-quotes" --today 2014-03-22 --output "$dir/deep-quotes-out"
}

case_xlsx() {
    python3 - "$dir/shared-1g.xlsx" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
    z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
    with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as f:
        f.write(b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>')
        chunk = "贫".encode() * (1 << 20)
        for _ in range(341):
            f.write(chunk)
        f.write(b"</t></si></sst>")
PY
    measure import-xlsx-1GB-shared-string "$GONGSHI_BIN" import "$dir/shared-1g.xlsx" --kind households --year 2014 --output "$dir/out.yaml"
}

cases=(long_title diagnostics big_file markdown xlsx)
[[ $# -gt 0 ]] && cases=("$@")
echo "gongshi: $GONGSHI_BIN ($(cd "$repo" && git rev-parse --short HEAD))"
printf '| %-30s | %4s | %-44s | %9s | %12s |\n' input exit "diagnostics (top codes)" wall "peak RSS"
printf '|%s|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..32})" "-----:" "$(printf -- '-%.0s' {1..46})" "----------:" "-------------:"
for c in "${cases[@]}"; do
    "case_$c"
done
