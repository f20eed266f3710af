# A throw-away single-node Slurm cluster for tests, from Debian's slurm-wlm and munge packages.
# Sourced by tests/slurm/*.sh (bash). Everything lives in one temporary directory: the munge
# key and socket, slurm.conf, the controller's state, the node's spool, logs and pid files, so
# nothing of the machine's own configuration (/etc/slurm, /etc/munge, /run/munge) is read or
# changed. Must run as root (SlurmUser=root, and munged checks the key's owner).
#
#   slurm_cluster_start DIR   starts munged, slurmctld and slurmd; exports SLURM_CONF so that
#                             sbatch, squeue, scontrol, ... talk to this cluster; returns 1 with
#                             the reason on stderr when any daemon cannot start
#   slurm_cluster_stop        stops them (idempotent; call it from an EXIT trap)
#   slurm_wait_job JOB SECS   waits until JOB (and all its array tasks) has left the queue

slurm_cluster_pids=()

# A TCP port nobody listens on, from a range unlikely to be used by services.
slurm_free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 20000))
    if ! ss -ltnH "sport = :$port" 2>/dev/null | grep -q .; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

slurm_cluster_why() {
  echo "slurm cluster: $*" >&2
  local log
  for log in "$slurm_cluster_dir"/munged.log "$slurm_cluster_dir"/slurmctld.log \
             "$slurm_cluster_dir"/slurmd.log; do
    if [ -s "$log" ]; then
      echo "--- last lines of $log:" >&2
      tail -n 15 "$log" >&2
    fi
  done
  return 1
}

slurm_cluster_start() {
  slurm_cluster_dir=$1
  local host cpus ctld_port node_port
  for tool in munged slurmctld slurmd sbatch squeue scontrol scancel ss; do
    command -v "$tool" >/dev/null || {
      echo "slurm cluster: '$tool' is not installed (scripts/setup.sh --ci installs slurm-wlm and munge)" >&2
      return 1
    }
  done
  [ "$(id -u)" -eq 0 ] || { echo "slurm cluster: must run as root (SlurmUser=root)" >&2; return 1; }
  host=$(hostname -s)
  cpus=$(nproc)
  ctld_port=$(slurm_free_port) && node_port=$(slurm_free_port) ||
    { echo "slurm cluster: no free TCP port found" >&2; return 1; }
  mkdir -p "$slurm_cluster_dir"/{munge,state,spool}
  chmod 700 "$slurm_cluster_dir" "$slurm_cluster_dir/munge"

  # munge: a fresh key, its own socket.
  dd if=/dev/urandom of="$slurm_cluster_dir/munge/munge.key" bs=1024 count=1 status=none
  chmod 400 "$slurm_cluster_dir/munge/munge.key"
  munged --foreground --force --socket="$slurm_cluster_dir/munge/munge.socket" \
    --key-file="$slurm_cluster_dir/munge/munge.key" \
    --pid-file="$slurm_cluster_dir/munge/munged.pid" \
    --seed-file="$slurm_cluster_dir/munge/munged.seed" \
    --log-file="$slurm_cluster_dir/munged.log" >>"$slurm_cluster_dir/munged.log" 2>&1 &
  slurm_cluster_pids+=($!)
  for _ in $(seq 1 100); do
    [ -S "$slurm_cluster_dir/munge/munge.socket" ] && break
    sleep 0.1
  done
  [ -S "$slurm_cluster_dir/munge/munge.socket" ] || slurm_cluster_why "munged did not start" ||
    return 1

  cat >"$slurm_cluster_dir/slurm.conf" <<EOF
# Written by tests/slurm/cluster.sh: one node, this machine, everything in $slurm_cluster_dir.
ClusterName=pbrsimtest
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$ctld_port
SlurmdPort=$node_port
AuthType=auth/munge
AuthInfo=socket=$slurm_cluster_dir/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$slurm_cluster_dir/state
SlurmdSpoolDir=$slurm_cluster_dir/spool
SlurmctldPidFile=$slurm_cluster_dir/slurmctld.pid
SlurmdPidFile=$slurm_cluster_dir/slurmd.pid
SlurmctldLogFile=$slurm_cluster_dir/slurmctld.log
SlurmdLogFile=$slurm_cluster_dir/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
# Finished jobs stay visible to scontrol for the whole test.
MinJobAge=3600
NodeName=$host CPUs=$cpus State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
  export SLURM_CONF="$slurm_cluster_dir/slurm.conf"

  slurmctld -D -i -f "$SLURM_CONF" >>"$slurm_cluster_dir/slurmctld.out" 2>&1 &
  slurm_cluster_pids+=($!)
  slurmd -D -f "$SLURM_CONF" >>"$slurm_cluster_dir/slurmd.out" 2>&1 &
  slurm_cluster_pids+=($!)
  local state=""
  for _ in $(seq 1 300); do
    state=$(sinfo -h -n "$host" -o %T 2>/dev/null || true)
    case "$state" in
      idle*|mixed*|allocated*) return 0 ;;
    esac
    for pid in "${slurm_cluster_pids[@]}"; do
      kill -0 "$pid" 2>/dev/null || { slurm_cluster_why "a daemon exited (pid $pid)"; return 1; }
    done
    sleep 0.1
  done
  slurm_cluster_why "node $host did not become idle within 30 s (state '${state:-none}')"
}

slurm_cluster_stop() {
  local pid
  # Reverse order: the node, the controller, then munge.
  for ((i = ${#slurm_cluster_pids[@]} - 1; i >= 0; i--)); do
    pid=${slurm_cluster_pids[i]}
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  slurm_cluster_pids=()
}

slurm_wait_job() {
  local job=$1 secs=$2
  for _ in $(seq 1 $((secs * 5))); do
    [ -z "$(squeue -h -j "$job" -o %i 2>/dev/null)" ] && return 0
    sleep 0.2
  done
  echo "slurm: job $job still queued after $secs s" >&2
  squeue -j "$job" >&2 || true
  return 1
}
