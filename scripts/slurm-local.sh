#!/usr/bin/env bash
# slurm-local.sh - a real Slurm 22.05 cluster on localhost for the Slurm executors' tests: one slurmctld and
# several virtual nodes n1..nN, each its own slurmd on its own port, so allocations really span nodes.
# The configuration and why each non-default line is there: docs/SLURM.md (Debian 12, root, no systemd, no cgroups).
#
# Usage: scripts/slurm-local.sh up|down|status
#   up      install the packages if missing, write the config, start whatever daemon is not running and wait
#           until every node is usable. A no-op (a few ms) when the cluster already answers. When the config
#           changed (another node layout, a single-node cluster of an older version of this script), slurmctld
#           and every slurmd are restarted on it; jobs running then are lost.
#   down    stop the daemons by the PIDs in their pid files (never by name), newest layer first.
#   status  exit 0 iff slurmctld and every slurmd run, `sinfo` answers and every node is idle/mixed/allocated.
# Env knobs:
#   SLURM_NODES=4  virtual nodes n1..nN; node i's slurmd listens on port 17000+i
#   SLURM_CPUS=4   CPUs advertised per node; more than the real cores is fine (SlurmdParameters=config_overrides)
#   WITH_DBD=1     also install MariaDB + slurmdbd, without which `sacct` only says "accounting storage is disabled"
set -euo pipefail

SLURM_NODES=${SLURM_NODES:-4}
SLURM_CPUS=${SLURM_CPUS:-4}
WITH_DBD=${WITH_DBD:-1}
NODES=$(seq -f 'n%g' 1 "$SLURM_NODES" | tr '\n' ' ')
NODE_RANGE="n[1-$SLURM_NODES]"
PORTS="[$((17000 + 1))-$((17000 + SLURM_NODES))]"
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

slurmd_pidfile() { echo "/run/slurmd-$1.pid"; }

# Every slurmd pid file there is: this layout's, another node count's, and the single-node layout's /run/slurmd.pid.
all_slurmd_pidfiles() { ls /run/slurmd.pid /run/slurmd-*.pid 2>/dev/null || true; }

# One "<node> <state>" line per node (sinfo -N prints a node once per partition).
node_states() { sinfo -h -N -o '%N %T' 2>/dev/null | sort -u; }
describe_nodes() { node_states | awk '{printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2}'; }

# A node is usable when it can take jobs: idle, or busy with other jobs (mixed/allocated). A drained, down or
# INVAL node answers sinfo but would leave every job that needs it pending (SLURM.md, config_overrides row).
# The cluster is usable when every node of the layout is.
node_usable() {
  local states node
  states=$(node_states) || return 1
  for node in $NODES; do grep -qE "^$node (idle|mixed|allocated|completing)\$" <<<"$states" || return 1; done
}

# slurmctld only notices a dead slurmd after SlurmdTimeout (300 s) and keeps reporting its node idle meanwhile.
daemons_alive() {
  local node
  pid_alive /run/slurmctld.pid || return 1
  for node in $NODES; do pid_alive "$(slurmd_pidfile "$node")" || return 1; done
}

# Whether the config file describes the layout asked for (SLURM_NODES, SLURM_CPUS).
layout_current() { grep -qF "NodeName=$NODE_RANGE NodeHostname=localhost Port=$PORTS CPUs=$SLURM_CPUS " "$CONF" 2>/dev/null; }

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

# Writes slurm.conf; CONF_CHANGED=1 when it differs from the file the daemons run on, NODES_CHANGED=1 when
# its node line does too.
CONF_CHANGED=0
NODES_CHANGED=0
write_slurm_conf() {
  local node realmem acct tmp
  mkdir -p /etc/slurm /var/spool/slurmctld "$LOGDIR"
  for node in $NODES; do mkdir -p "/var/spool/slurmd-$node"; done
  realmem=$(slurmd -C | grep -oE 'RealMemory=[0-9]+' | cut -d= -f2)
  acct="AccountingStorageType=accounting_storage/none"
  if [ "$WITH_DBD" = 1 ]; then
    acct="AccountingStorageType=accounting_storage/slurmdbd
AccountingStorageHost=localhost
AccountingStoragePort=6819"
  fi
  tmp=$(mktemp)
  # Every non-default line is explained in SLURM.md ("The test cluster").
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
SlurmdSpoolDir=/var/spool/slurmd-%n
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd-%n.pid
SlurmctldLogFile=$LOGDIR/slurmctld.log
SlurmdLogFile=$LOGDIR/slurmd-%n.log
SlurmctldDebug=info
SlurmdDebug=info
$acct
JobCompType=jobcomp/filetxt
JobCompLoc=$LOGDIR/jobcomp.log
NodeName=$NODE_RANGE NodeHostname=localhost Port=$PORTS CPUs=$SLURM_CPUS Sockets=1 CoresPerSocket=$SLURM_CPUS ThreadsPerCore=1 RealMemory=$realmem State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
  # Rewriting an identical file keeps its mtime, so running daemons never see a config that changed under them.
  if cmp -s "$tmp" "$CONF"; then rm -f "$tmp"; return 0; fi
  CONF_CHANGED=1
  if ! grep -qxF "$(grep '^NodeName=' "$tmp")" "$CONF" 2>/dev/null; then NODES_CHANGED=1; fi
  mv "$tmp" "$CONF"
  chmod 0644 "$CONF"
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

# Daemons running on an older config would never see the new one: stop slurmctld and every slurmd (of any
# layout) so that start_slurm starts them on it. slurmctld keeps the node names it saw in its saved node
# state and would not take a new layout, so that state goes when the node line changed.
restart_for_new_conf() {
  [ "$CONF_CHANGED" = 1 ] || return 0
  local file
  for file in $(all_slurmd_pidfiles); do stop_pidfile "$file"; done
  stop_pidfile /run/slurmctld.pid
  if [ "$NODES_CHANGED" = 1 ]; then
    rm -f /var/spool/slurmctld/node_state /var/spool/slurmctld/node_state.old
    say "node layout changed ($NODE_RANGE, $SLURM_CPUS CPUs each): saved node state wiped"
  fi
}

start_slurm() {
  local started=0 node
  if ! pid_alive /run/slurmctld.pid; then slurmctld; started=1; fi
  wait_for 30 "slurmctld to answer" sinfo -h
  for node in $NODES; do
    if ! pid_alive "$(slurmd_pidfile "$node")"; then slurmd -N "$node"; started=1; fi
  done
  # A node drained by an earlier run (slurmctld keeps node state in /var/spool/slurmctld) stays drained across
  # restarts, and a freshly started slurmd needs a moment to register: give them 5 s, then resume them once.
  if [ "$started" = 1 ]; then wait_for 5 "node registration" node_usable 2>/dev/null || true; fi
  if ! node_usable && node_states | grep -qiE ' (down|drain|fail|inval)'; then
    say "nodes $(describe_nodes), resuming them"
    scontrol update nodename="$NODE_RANGE" state=resume || true
  fi
  wait_for 30 "every node usable" node_usable
  say "slurmctld (pid $(cat /run/slurmctld.pid)) + $SLURM_NODES slurmd up: $(describe_nodes)"
}

cmd_up() {
  # Pid files first: with no controller listening, sinfo itself spends ~9 s on connection retries.
  if daemons_alive && layout_current && node_usable && accounting_ok; then
    say "already up: $(describe_nodes)"
    return 0
  fi
  [ "$(id -u)" = 0 ] || die "up must run as root (it installs packages and starts daemons)"
  install_packages
  start_munge
  write_slurm_conf
  start_accounting
  restart_for_new_conf
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
  local file
  for file in $(all_slurmd_pidfiles); do stop_pidfile "$file"; done
  stop_pidfile /run/slurmctld.pid
  stop_pidfile /run/slurmdbd.pid
  stop_pidfile /run/mysqld/mysqld.pid
  stop_pidfile /run/munge/munged.pid
}

cmd_status() {
  if ! command -v sinfo >/dev/null 2>&1; then echo "slurm: not installed"; return 1; fi
  if ! daemons_alive; then
    echo "slurm: not running (no live slurmctld behind /run/slurmctld.pid, or no live slurmd behind /run/slurmd-<node>.pid for one of $NODES)"
    return 1
  fi
  if ! layout_current; then echo "slurm: running another layout than $SLURM_NODES nodes x $SLURM_CPUS CPUs (scripts/slurm-local.sh up switches)"; return 1; fi
  if node_usable; then
    echo "slurm: up, $SLURM_NODES nodes x $SLURM_CPUS CPUs: $(describe_nodes)"
    return 0
  fi
  echo "slurm: not usable (nodes: $(describe_nodes 2>&1))"
  return 1
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
