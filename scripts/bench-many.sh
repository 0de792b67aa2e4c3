#!/usr/bin/env bash
# Many files at once: `cfn-apigatewayv2 validate` over a folder of 1,000 templates, next to two
# measurements of the same run on the same files:
# - baseline: one process parsing every file into a generic tree and walking it
#   (examples/parse_many.rs: serde_json for *.json, yaml-rust2 for YAML, which serde_json cannot
#   read), single-threaded;
# - cfn-lint 1.58.0 (installed into a virtualenv under target/ on first use; skipped with the
#   reason where pip cannot install it), on all the files or an evenly spread sample of them.
# The folder: the real-world templates of ../shared/corpus (good/ and bad/, listed in
# MANIFEST.tsv, read in place and copied only into the temporary folder) cycled under varied
# names, plus a few 500-resource benchmark templates (examples/bench_template.rs), half of them
# converted to YAML. Without ../shared/corpus, generated templates of 10 to 100 resources instead
# (printed). Release builds; wall time is the median of RUNS alternating runs (cfn-lint: one
# run), after one untimed warm-up run each; peak RSS from /usr/bin/time -v, user+system CPU
# time from the process's rusage.
# Usage: scripts/bench-many.sh       (about 4 minutes, most of it cfn-lint)
#   FILES=1000   templates in the folder        BIG=10   of them 500-resource templates
#   RUNS=10      timed runs of ours and the baseline
#   CORPUS=../shared/corpus   the real-world templates (absent: generated ones only)
#   N=1000       cfn-lint's sample (evenly spread; ours is also timed on the same sample)
#   CFN_LINT=0   skip cfn-lint                  KEEP=1   keep the folder (its path is printed)
set -euo pipefail
cd "$(dirname "$0")/.."
files=${FILES:-1000} big=${BIG:-10} runs=${RUNS:-10} sample=${N:-1000}
target=${CARGO_TARGET_DIR:-target}
cargo build -q --release --bin cfn-apigatewayv2 --example bench_template --example parse_many
bin=$target/release/cfn-apigatewayv2

dir=$(mktemp -d "${TMPDIR:-/tmp}/bench-many.XXXXXX")
if [ "${KEEP:-0}" = 1 ]; then echo "folder kept: $dir"; else trap 'rm -rf "$dir"' EXIT; fi
mkdir "$dir/templates"

# The large templates: 500 resources each, every second one as YAML (our own converter).
for ((i = 0; i < big; i++)); do
    name=$(printf '%s/templates/%04d-bench-500' "$dir" "$i")
    "$target/release/examples/bench_template" write "$name.json" 500
    if ((i % 2)); then
        "$bin" convert --to yaml "$name.json" >"$name.yaml"
        rm "$name.json"
    fi
done
# The rest: the corpus cycled, or generated templates of 10 to 100 resources where it is absent.
corpus=${CORPUS:-../shared/corpus}
if [ -f "$corpus/MANIFEST.tsv" ]; then
    mapfile -t sources < <(tail -n +2 "$corpus/MANIFEST.tsv" | cut -f1)
    for ((i = big; i < files; i++)); do
        src=${sources[$(((i - big) % ${#sources[@]}))]}
        base=${src##*/}
        cp "$corpus/$src" "$(printf '%s/templates/%04d-%s-%s' "$dir" "$i" "${src%%/*}" "$base")"
    done
    mix="${#sources[@]} corpus templates (../shared/corpus, good/ and bad/) cycled"
else
    echo "no corpus at $corpus: the folder holds generated templates only"
    for ((i = big; i < files; i++)); do
        "$target/release/examples/bench_template" write \
            "$(printf '%s/templates/%04d-generated.json' "$dir" "$i")" $((10 + (i % 10) * 10))
    done
    mix="generated templates of 10 to 100 resources (no corpus)"
fi

# `validate DIR`, where the CLI walks folders; else every file as an argument. Probe: a folder
# holding one template that validates clean must exit 0.
mkdir "$dir/probe"
"$target/release/examples/bench_template" write "$dir/probe/probe.json" 20
if "$bin" validate --format text "$dir/probe" >/dev/null 2>&1; then form=folder; else form=files; fi

venv=$target/cfn-lint-venv
lint=""
if [ "${CFN_LINT:-1}" = 0 ]; then
    echo "cfn-lint: skipped (CFN_LINT=0)"
elif [ -x "$venv/bin/cfn-lint" ] ||
    { python3 -m venv "$venv" && "$venv/bin/pip" install -q cfn-lint==1.58.0; }; then
    lint=$venv/bin/cfn-lint
else
    echo "cfn-lint: skipped (pip could not install cfn-lint==1.58.0 into $venv)"
fi

python3 - "$dir" "$bin" "$target/release/examples/parse_many" "$form" "$runs" "$sample" \
    "$lint" "$mix" "$big" <<'PY'
import os, re, shutil, statistics, subprocess, sys, time
dir, bin, parse, form, runs, sample, lint, mix, big = sys.argv[1:]
runs, sample, big = int(runs), int(sample), int(big)
folder = os.path.join(dir, "templates")
files = sorted(os.path.join(folder, f) for f in os.listdir(folder))
size = sum(os.path.getsize(f) for f in files)
has_time = os.access("/usr/bin/time", os.X_OK)
print(f"folder: {len(files)} templates, {size / 1e6:.1f} MB: {big} of 500 resources (half YAML), "
      f"the rest {mix}")
if not has_time:
    print("no /usr/bin/time: no peak RSS")
# Other work on the machine skews every figure: say how busy it was.
load = lambda when: print(f"load average (1, 5, 15 min) {when}: " + " ".join(f"{l:.2f}" for l in os.getloadavg()))
load("at the start")
print(f"cores: {os.cpu_count()}; validate gets {'the folder' if form == 'folder' else 'every file as an argument (validate DIR does not work yet)'}")

def ours(paths, where):
    return [bin, "validate", "--format", "text"] + ([where] if form == "folder" else paths)

def run(cmd, out=subprocess.DEVNULL):
    """One run: (wall s, peak RSS MB, CPU s, exit code). Wall from perf_counter; user+system CPU
    from wait4's rusage (microseconds; it includes the waited-for grandchild under
    /usr/bin/time); peak RSS from /usr/bin/time -v (a fork of this Python would start at
    Python's own RSS)."""
    stats = os.path.join(dir, "time.txt")
    full = (["/usr/bin/time", "-v", "-o", stats] if has_time else []) + cmd
    start = time.perf_counter()
    child = subprocess.Popen(full, stdout=out, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    rss = None
    if has_time:
        text = open(stats).read()
        rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1)) / 1024
    return wall, rss, usage.ru_utime + usage.ru_stime, child.returncode

def measure(cmds, n):
    """Alternating runs after one warm-up each; median wall and CPU, largest peak RSS."""
    got = {name: [] for name in cmds}
    for name, (cmd, ok) in cmds.items():
        code = run(cmd)[3]
        if code not in ok:
            sys.exit(f"{name}: exit code {code} (expected one of {sorted(ok)}): {' '.join(cmd[:6])} ...")
    for _ in range(n):
        for name, (cmd, _) in cmds.items():
            got[name].append(run(cmd))
    return {name: (statistics.median(r[0] for r in rs), max(r[1] for r in rs) if has_time else None,
                   statistics.median(r[2] for r in rs)) for name, rs in got.items()}

def row(name, count, wall, rss, cpu, note=""):
    print(f"{name:44} {count:5} {wall:8.3f} s {count / wall:8.0f} {wall / count * 1000:8.2f} ms "
          f"{f'{rss:7.1f} MB' if rss else '       n/a'} {cpu:8.3f} s  {note}")

def header():
    print(f"{'':44} {'files':>5} {'wall':>10} {'files/s':>8} {'per file':>11} {'peak RSS':>10} {'CPU':>10}")

# Findings, once (not timed): what the validator reported on the folder.
with open(os.path.join(dir, "ours.txt"), "w") as out:
    code = run(ours(files, folder), out)[3]
lines = open(os.path.join(dir, "ours.txt")).read().splitlines()
print(f"validate: exit {code}; {len(lines)} findings in {len({l.split(':')[0] for l in lines})} files")

# Ours exits 1 on errors and 2 where a file does not parse (the corpus's bad/ has some).
m = measure({"validate": (ours(files, folder), {0, 1, 2}), "parse": ([parse] + files, {0})}, runs)
print(f"\nwhole folder, median of {runs} runs:")
header()
row(f"cfn-apigatewayv2 validate ({form})", len(files), *m["validate"])
row("baseline: parse every file (parse_many)", len(files), *m["parse"], "1 thread")
ratio = m["validate"][0] / m["parse"][0]
print(f"ours / parse baseline: {ratio:.2f}x wall, {m['validate'][2] / m['parse'][2]:.2f}x CPU")
load("after these runs")

if not lint:
    sys.exit(0)
n = min(sample, len(files))
picked = [files[i * len(files) // n] for i in range(n)]
# Ours on exactly the files cfn-lint gets (a folder of its own in the folder form).
where = folder
if n < len(files):
    where = os.path.join(dir, "sample")
    os.mkdir(where)
    for f in picked:
        shutil.copy(f, where)
    picked_ours = [os.path.join(where, os.path.basename(f)) for f in picked]
    mine = measure({"validate": (ours(picked_ours, where), {0, 1, 2})}, runs)["validate"]
else:
    mine = m["validate"]
version = subprocess.run([lint, "--version"], capture_output=True, text=True).stdout.strip()
# Start-up: cfn-lint on one small corpus-like file (the smallest in the sample).
small = min(picked, key=os.path.getsize)
start_up = run([lint, "--format", "parseable", "--", small])[0]
print(f"\n{version}: {n} of the {len(files)} files (one run; its start-up, on the smallest "
      f"file alone: {start_up:.2f} s)")
with open(os.path.join(dir, "cfn-lint.txt"), "w") as out:
    wall, rss, cpu, code = run([lint, "--format", "parseable", "--"] + picked, out)
found = open(os.path.join(dir, "cfn-lint.txt")).read().splitlines()
print(f"cfn-lint: exit {code}; {len(found)} findings in {len({l.split(':')[0] for l in found})} files")
header()
row(f"cfn-apigatewayv2 validate (median of {runs})", n, *mine)
row(f"{version} (1 run)", n, wall, rss, cpu)
load("after cfn-lint")
print(f"cfn-lint / ours, same {n} files: {wall / mine[0]:.0f}x wall (so per file), "
      f"{cpu / mine[2]:.0f}x CPU" + (f", {rss / mine[1]:.0f}x peak RSS" if has_time else ""))
PY
