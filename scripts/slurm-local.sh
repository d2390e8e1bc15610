#!/usr/bin/env bash
# slurm-local.sh - a real single-node Slurm 22.05 cluster on localhost for the Slurm executor's tests.
# The configuration and why each non-default line is there: docs/SLURM.md (Debian 12, root, no systemd, no cgroups).
#
# Usage: scripts/slurm-local.sh up|down|status
#   up      install the packages if missing, write the config, start whatever daemon is not running and wait
#           until the node is usable. A no-op (a few ms) when the cluster already answers.
#   down    stop the daemons by the PIDs in their pid files (never by name), newest layer first.
#   status  exit 0 iff slurmctld and slurmd run, `sinfo` answers and the node is idle/mixed/allocated.
# Env knobs:
#   SLURM_CPUS=16  CPUs advertised for the node; more than the real cores is fine (SlurmdParameters=config_overrides)
#   WITH_DBD=1     also install MariaDB + slurmdbd, without which `sacct` only says "accounting storage is disabled"
set -euo pipefail

SLURM_CPUS=${SLURM_CPUS:-16}
WITH_DBD=${WITH_DBD:-1}
LOGDIR=/var/log/slurm
CONF=/etc/slurm/slurm.conf
DBD_CONF=/etc/slurm/slurmdbd.conf

now() { date +%s.%N; }
T0=$(now)
say() { printf '[slurm-local %6.2fs] %s\n' "$(awk -v a="$(now)" -v b="$T0" 'BEGIN{print a-b}')" "$*"; }
die() { echo "slurm-local: $*" >&2; exit 1; }

# wait_for <seconds> <description> <command...>: poll every 0.1 s; the daemons are ready in well under a second.
wait_for() {
  local limit=$1 what=$2; shift 2
  local end=$(( $(date +%s) + limit ))
  until "$@" >/dev/null 2>&1; do
    if [ "$(date +%s)" -ge "$end" ]; then echo "slurm-local: timeout (${limit}s) waiting for $what" >&2; return 1; fi
    sleep 0.1
  done
}

# A pid file whose process is alive. Daemons left over from a dead machine image leave stale pid files behind.
# /proc rather than kill -0, which fails for a non-root caller on root's daemons.
pid_alive() { local pid; [ -s "$1" ] && pid=$(cat "$1" 2>/dev/null) && [ -n "$pid" ] && [ -d "/proc/$pid" ]; }

# The node is usable when it can take jobs: idle, or busy with other jobs (mixed/allocated). A drained, down or
# INVAL node answers sinfo but would leave every submitted job pending (SLURM.md, config_overrides row).
node_usable() {
  local states
  states=$(sinfo -h -N -o %T 2>/dev/null) || return 1
  grep -qxE 'idle|mixed|allocated|completing' <<<"$states"
}

# slurmctld only notices a dead slurmd after SlurmdTimeout (300 s) and keeps reporting the node idle meanwhile.
daemons_alive() { pid_alive /run/slurmctld.pid && pid_alive /run/slurmd.pid; }

accounting_ok() { [ "$WITH_DBD" != 1 ] || bash -c 'exec 3<>/dev/tcp/127.0.0.1/6819' 2>/dev/null; }

install_packages() {
  local pkgs="slurmctld slurmd slurm-client munge"
  [ "$WITH_DBD" = 1 ] && pkgs="$pkgs slurmdbd mariadb-server"
  # shellcheck disable=SC2086 # word splitting of the package list is intended
  if ! dpkg -s $pkgs >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    # The postinsts print "policy-rc.d denied execution of start": expected, the daemons are started below.
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $pkgs >/dev/null
  fi
  say "packages ready ($(slurmctld -V))"
}

start_munge() {
  # The munge postinst creates the key; make one only if a stripped image lacks it.
  if [ ! -s /etc/munge/munge.key ]; then mungekey --create --force --keyfile=/etc/munge/munge.key; fi
  chown munge:munge /etc/munge/munge.key
  chmod 0600 /etc/munge/munge.key
  install -d -o munge -g munge -m 0755 /run/munge    # /run is empty after a boot
  if ! munge -n >/dev/null 2>&1; then runuser -u munge -- /usr/sbin/munged; fi
  wait_for 10 munged bash -c 'munge -n | unmunge'
  say "munged up (pid $(cat /run/munge/munged.pid 2>/dev/null || echo '?'))"
}

write_slurm_conf() {
  mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd "$LOGDIR"
  local realmem acct tmp
  realmem=$(slurmd -C | grep -oE 'RealMemory=[0-9]+' | cut -d= -f2)
  acct="AccountingStorageType=accounting_storage/none"
  if [ "$WITH_DBD" = 1 ]; then
    acct="AccountingStorageType=accounting_storage/slurmdbd
AccountingStorageHost=localhost
AccountingStoragePort=6819"
  fi
  tmp=$(mktemp)
  # Every non-default line is explained in SLURM.md ("Why the non-obvious lines are there").
  cat >"$tmp" <<EOF
ClusterName=ci
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
DefMemPerCPU=100
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0
DependencyParameters=kill_invalid_depend
EnforcePartLimits=ALL
MailProg=/bin/true
ReturnToService=2
SlurmdParameters=config_overrides
MinJobAge=300
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=$LOGDIR/slurmctld.log
SlurmdLogFile=$LOGDIR/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
$acct
JobCompType=jobcomp/filetxt
JobCompLoc=$LOGDIR/jobcomp.log
NodeName=localhost CPUs=$SLURM_CPUS Sockets=1 CoresPerSocket=$SLURM_CPUS ThreadsPerCore=1 RealMemory=$realmem State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
  # Rewriting an identical file keeps its mtime, so running daemons never see a config that changed under them.
  if cmp -s "$tmp" "$CONF"; then rm -f "$tmp"; else mv "$tmp" "$CONF"; chmod 0644 "$CONF"; fi
}

start_accounting() {
  [ "$WITH_DBD" = 1 ] || return 0
  install -d -o mysql -g root -m 0755 /run/mysqld
  if ! mariadb -uroot -e 'select 1' >/dev/null 2>&1; then
    setsid /usr/sbin/mariadbd --user=mysql --bind-address=127.0.0.1 \
      --pid-file=/run/mysqld/mysqld.pid </dev/null >>"$LOGDIR/mariadb.log" 2>&1 &
  fi
  wait_for 60 mariadb mariadb -uroot -e 'select 1'
  mariadb -uroot -e "CREATE DATABASE IF NOT EXISTS slurm_acct_db;
    CREATE USER IF NOT EXISTS 'slurm'@'localhost' IDENTIFIED BY 'slurmpw';
    GRANT ALL ON slurm_acct_db.* TO 'slurm'@'localhost'; FLUSH PRIVILEGES;"
  say "mariadb up (pid $(cat /run/mysqld/mysqld.pid 2>/dev/null || echo '?'))"
  local tmp
  tmp=$(mktemp)
  cat >"$tmp" <<EOF
AuthType=auth/munge
DbdHost=localhost
DbdPort=6819
SlurmUser=root
DebugLevel=info
LogFile=$LOGDIR/slurmdbd.log
PidFile=/run/slurmdbd.pid
StorageType=accounting_storage/mysql
StorageHost=localhost
StorageUser=slurm
StoragePass=slurmpw
StorageLoc=slurm_acct_db
EOF
  chmod 0600 "$tmp"                               # slurmdbd refuses a world-readable file
  if cmp -s "$tmp" "$DBD_CONF"; then rm -f "$tmp"; else mv "$tmp" "$DBD_CONF"; fi
  # slurmdbd must be up before slurmctld, which registers the cluster in the database itself (SLURM.md step 4).
  if ! pid_alive /run/slurmdbd.pid; then slurmdbd; fi
  wait_for 60 slurmdbd accounting_ok
  say "slurmdbd up (pid $(cat /run/slurmdbd.pid))"
}

start_slurm() {
  local started=0
  if ! pid_alive /run/slurmctld.pid; then slurmctld; started=1; fi
  if ! pid_alive /run/slurmd.pid; then slurmd; started=1; fi
  wait_for 30 "slurmctld to answer" sinfo -h
  # A node drained by an earlier run (slurmctld keeps node state in /var/spool/slurmctld) stays drained across
  # restarts, and a freshly started slurmd needs a moment to register: give it 5 s, then resume it once.
  if [ "$started" = 1 ]; then wait_for 5 "node registration" node_usable 2>/dev/null || true; fi
  if ! node_usable && sinfo -h -N -o %T | grep -qE 'down|drain|fail'; then
    say "node $(sinfo -h -N -o %T), resuming it"
    scontrol update nodename=localhost state=resume || true
  fi
  wait_for 30 "node usable" node_usable
  say "slurmctld (pid $(cat /run/slurmctld.pid)) + slurmd (pid $(cat /run/slurmd.pid)) up, node $(sinfo -h -N -o %T)"
}

cmd_up() {
  # Pid files first: with no controller listening, sinfo itself spends ~9 s on connection retries.
  if daemons_alive && node_usable && accounting_ok; then
    say "already up, node $(sinfo -h -N -o %T)"
    return 0
  fi
  [ "$(id -u)" = 0 ] || die "up must run as root (it installs packages and starts daemons)"
  install_packages
  start_munge
  write_slurm_conf
  start_accounting
  start_slurm
}

# stop_pidfile <file>: SIGTERM, wait up to 15 s (slurmctld saves its state on the way out), then SIGKILL.
stop_pidfile() {
  local file=$1 pid
  pid_alive "$file" || return 0
  pid=$(cat "$file")
  kill -TERM "$pid"
  for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "slurm-local: pid $pid ($file) ignored SIGTERM, sending SIGKILL" >&2
    kill -KILL "$pid"
  fi
  say "stopped $file (pid $pid)"
}

cmd_down() {
  stop_pidfile /run/slurmd.pid
  stop_pidfile /run/slurmctld.pid
  stop_pidfile /run/slurmdbd.pid
  stop_pidfile /run/mysqld/mysqld.pid
  stop_pidfile /run/munge/munged.pid
}

cmd_status() {
  if ! command -v sinfo >/dev/null 2>&1; then echo "slurm: not installed"; return 1; fi
  if ! daemons_alive; then
    echo "slurm: not running (no live slurmctld/slurmd behind /run/slurmctld.pid, /run/slurmd.pid)"
    return 1
  fi
  if node_usable; then
    echo "slurm: up, node $(sinfo -h -N -o %T)"
    return 0
  fi
  echo "slurm: not usable ($(sinfo -h -N -o %T 2>&1 | head -1))"
  return 1
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
