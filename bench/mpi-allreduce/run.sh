#!/usr/bin/env bash
# The overhead of Hemingway's Open MPI bindings: an in-place sum allreduce of 1e6 doubles timed with MPI_Wtime, by
# a few lines of C compiled with mpicc (allreduce.c) and by `hemingway rank --allreduce-bench` (the same loop through
# src/Hemingway.Mpi), both under `mpirun -np 2` with the environment `hemingway run --engine mpi` uses. The two run
# in turn for a few rounds (this machine may be shared); the best round of each is compared: ratio = ours / C, goal ≤ 1.1.
#
#   bench/mpi-allreduce/run.sh [--transport shm|tcp] [--ranks P] [--reps R] [--rounds K] [--doubles N]
#
# Runs scripts/setup.sh first (Open MPI, build). The C binary is built into $CACHE/bench/mpi-allreduce/, never
# into the repository ($CACHE: $HEMINGWAY_CACHE, else .cache at the repository root).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
transport=shm ranks=2 reps=200 rounds=7 doubles=1000000
while (($#)); do
  case $1 in
    --transport) transport=$2 ;;
    --ranks) ranks=$2 ;;
    --reps) reps=$2 ;;
    --rounds) rounds=$2 ;;
    --doubles) doubles=$2 ;;
    *) echo "usage: $0 [--transport shm|tcp] [--ranks P] [--reps R] [--rounds K] [--doubles N]" >&2; exit 2 ;;
  esac
  shift 2
done

bash "$root/scripts/setup.sh"
if [[ -n ${HEMINGWAY_CACHE:-} ]]; then cache=$(realpath -m -- "$HEMINGWAY_CACHE"); else cache=$root/.cache; fi
out=$cache/bench/mpi-allreduce
mkdir -p "$out"
if [[ ! -x $out/allreduce || $root/bench/mpi-allreduce/allreduce.c -nt $out/allreduce ]]; then
  mpicc -O2 -o "$out/allreduce" "$root/bench/mpi-allreduce/allreduce.c"
fi
hemingway=$root/src/Hemingway.Cli/bin/Release/net10.0/hemingway.dll
[[ -f $hemingway ]] || { echo "bench: $hemingway is missing (scripts/setup.sh builds it)" >&2; exit 1; }

# The environment and transport options of `hemingway run --engine mpi` (src/Hemingway.Mpi/MpiLauncher.cs).
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1 OMPI_MCA_pml=ob1 TERM=dumb
mpi=(-np "$ranks")
case $transport in
  shm) ;;
  tcp) mpi+=(--mca btl tcp,self --mca btl_tcp_if_include lo --mca oob_tcp_if_include lo) ;;
  *) echo "bench: unknown transport '$transport' (shm or tcp)" >&2; exit 2 ;;
esac

seconds() { sed -n 's/.*seconds_per_allreduce=\([0-9.]*\).*/\1/p'; }
results=()
for ((round = 1; round <= rounds; round++)); do
  c=$(mpirun "${mpi[@]}" "$out/allreduce" "$reps" "$doubles" | seconds)
  ours=$(mpirun "${mpi[@]}" dotnet "$hemingway" rank --allreduce-bench "$reps" --doubles "$doubles" | seconds)
  [[ -n $c && -n $ours ]] || { echo "bench: a run printed no time" >&2; exit 1; }
  awk -v r="$round" -v c="$c" -v o="$ours" 'BEGIN { printf "round %d: C %.3f ms, Hemingway %.3f ms per allreduce\n", r, c * 1000, o * 1000 }'
  results+=("$c $ours")
done
printf '%s\n' "${results[@]}" | awk -v n="$doubles" -v p="$ranks" -v t="$transport" -v k="$rounds" -v r="$reps" '
  NR == 1 || $1 < c { c = $1 }
  NR == 1 || $2 < o { o = $2 }
  END {
    printf "allreduce of %d doubles, %d ranks, transport %s, best of %d rounds of %d: C %.3f ms, Hemingway %.3f ms, ratio %.3f (goal <= 1.1)\n",
      n, p, t, k, r, c * 1000, o * 1000, o / c
  }'
