#!/usr/bin/env bash
# Smoke test of the README's Slurm recipe ("Recipe: a million paths on Slurm"), as written, on a
# one-node Slurm cluster on localhost:
#   1. installs slurm-wlm and munge (Debian) when missing; needs root;
#   2. starts munged, slurmctld and slurmd (private config and state in a temp folder);
#   3. takes the README's two bash blocks verbatim and scales them down with sed
#      (array 0-99 -> 0-3, 1e6 paths -> 200, 8 CPUs -> 1, of-100 -> of-4), submits them;
#   4. waits for the array and the merge job, then compares the merged summary with a single
#      `dat-sim mc` run of the same paths and seed: they must be the same bytes;
#   5. stops the daemons it started, by pid, and removes its temp folder.
# Usage: sudo bash scripts/slurm-smoke.sh      (from the repository root, after npm ci)
# Prints one line "slurm smoke: ..." and exits 0 when the merged result is identical.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
[ "$(id -u)" = 0 ] || { echo "slurm smoke: needs root (installs packages, starts daemons)"; exit 2; }
[ -f "$ROOT/dist/cli.js" ] || (cd "$ROOT" && npm run --silent build:lib)
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null
fi

T=$(mktemp -d /tmp/dat-sim-slurm.XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done; done
  rm -rf "$T"
}
trap cleanup EXIT
HOST=$(hostname -s)
mkdir -p "$T/state" "$T/spool" "$T/munge" "$T/work"

# munge: a private key and socket, so a system munged (if any) is left alone.
dd if=/dev/urandom of="$T/munge/munge.key" bs=1 count=1024 2>/dev/null
chmod 400 "$T/munge/munge.key"
mkdir -p /run/munge
munged --foreground --force --key-file="$T/munge/munge.key" --socket="$T/munge/munge.socket" \
  --pid-file="$T/munge/munged.pid" --seed-file="$T/munge/seed" >"$T/munge/munged.log" 2>&1 &
PIDS+=($!)

MEM=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 / 2 ))
CPUS=$(nproc)
cat > "$T/slurm.conf" <<CONF
ClusterName=datsimsmoke
SlurmctldHost=$HOST(127.0.0.1)
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$T/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$T/state
SlurmdSpoolDir=$T/spool
SlurmctldPidFile=$T/slurmctld.pid
SlurmdPidFile=$T/slurmd.pid
SlurmctldLogFile=$T/slurmctld.log
SlurmdLogFile=$T/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
MpiDefault=none
ReturnToService=2
SchedulerType=sched/backfill
NodeName=$HOST NodeAddr=127.0.0.1 CPUs=$CPUS RealMemory=$MEM State=UNKNOWN
PartitionName=smoke Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$T/slurm.conf"
slurmctld -D -f "$SLURM_CONF" >"$T/slurmctld.out" 2>&1 &
PIDS+=($!)
slurmd -D -f "$SLURM_CONF" >"$T/slurmd.out" 2>&1 &
PIDS+=($!)
for _ in $(seq 60); do sinfo -h -o %t 2>/dev/null | grep -q idle && break; sleep 1; done
sinfo -h -o %t | grep -q idle || { echo "slurm smoke: the node never became idle: $(tail -3 "$T/slurmd.log" "$T/slurmctld.log" 2>/dev/null | tr '\n' ' ')"; exit 1; }

# The README's blocks, verbatim, scaled down.
cd "$T/work"
ln -s "$ROOT/bin" bin
ln -s "$ROOT/scenarios" scenarios
section=$(awk '/^#### Recipe: a million paths on Slurm/{f=1} f&&/^On AWS Batch/{exit} f' "$ROOT/README.md")
scale() { sed -e 's/--array=0-99/--array=0-3/' -e 's/--paths 1000000/--paths 200/' -e 's/--cpus-per-task=8/--cpus-per-task=1/' -e 's/of-100/of-4/g'; }
block() { echo "$section" | awk -v k="$1" '/^```bash/{n++; inb=1; next} /^```/{inb=0; next} inb && n==k'; }
block 1 | scale > mc-array.sh
block 2 | scale > submit.sh
[ -s mc-array.sh ] && [ -s submit.sh ] || { echo "slurm smoke: could not find the recipe's two bash blocks in README.md"; exit 1; }
bash submit.sh > submit.out 2>&1 || { echo "slurm smoke: submitting failed: $(tail -2 submit.out)"; exit 1; }

t0=$(date +%s)
while [ -n "$(squeue -h -o %i 2>/dev/null)" ]; do
  [ $(( $(date +%s) - t0 )) -lt 900 ] || { echo "slurm smoke: jobs still queued after 15 min: $(squeue -h | head -3 | tr '\n' ' ')"; exit 1; }
  sleep 2
done
[ -f results/contagion-1m.json ] || { echo "slurm smoke: no merged result; logs: $(tail -n 3 logs/* 2>/dev/null | tr '\n' ' ' | cut -c1-400)"; exit 1; }
shards=$(ls results/part-*-of-4.json | wc -l)
node bin/dat-sim.mjs mc scenarios/contagion.json --paths 200 --seed study-2025-11 --workers "$CPUS" --out single.json 2>/dev/null
elapsed=$(( $(date +%s) - t0 ))
if cmp -s results/contagion-1m.json single.json; then
  echo "slurm smoke: OK: a 4-task Slurm array ($shards partials, 200 paths of contagion) merged byte-identical to one run ($(wc -c < single.json) bytes, ${elapsed}s, Slurm $(sinfo -V | awk '{print $2}'))"
else
  echo "slurm smoke: FAILED: the merged summary differs from the single run"; exit 1
fi
