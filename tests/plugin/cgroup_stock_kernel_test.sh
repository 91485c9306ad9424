#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The cgroup method on this machine's stock kernel, with the real auditd and
# audisp-contid as its plugin. The test lays out cgroups as the runtimes do
# (docker systemd and cgroupfs drivers, podman with its conmon monitor,
# CRI-O and containerd under kubepods, LXC, systemd-nspawn), below a
# directory of its own in a writable cgroup hierarchy (v2, or v1 name=systemd
# on v1-only hosts), and removes them after. In each container a long-lived
# member process reads a watched file (its own pid: bash redirections) and
# starts short-lived children that do the same and exit. Then, with the
# plugin stopped (SIGSTOP), a process in a container whose parent is on the
# host reads and exits: when the plugin resumes it is gone.
# Checks (cgroup_stock_kernel_check.py, ground truth = the pids the workload
# recorded): every route gets exactly its container's events, each labelled
# cgroup or cgroup-via-parent; the monitor's events are the host's; the
# exited process is unattributed (none), in no container's route; %n files
# are named by the runtime ids. The harness restores the audit state.
#
# usage: cgroup_stock_kernel_test.sh PLUGIN AUDITD_SESSION_SH   (exit 77 = skipped)
set -u
# shellcheck source=SCRIPTDIR/../lib/check.sh
. "$(dirname "$0")/../lib/check.sh"
plugin=$1
session=$2
here=$(cd "$(dirname "$0")" && pwd)
[ "$(id -u)" = 0 ] || skip_all "needs root"
[ -x "$session" ] || skip_all "$session not found"

# A cgroup hierarchy processes can be moved in.
hierarchy=""
if [ -f /sys/fs/cgroup/cgroup.procs ] && [ "$(stat -f -c %T /sys/fs/cgroup)" = cgroup2fs ]; then
  hierarchy=/sys/fs/cgroup
elif [ "$(stat -f -c %T /sys/fs/cgroup/unified 2>/dev/null)" = cgroup2fs ]; then
  hierarchy=/sys/fs/cgroup/unified
elif [ -f /sys/fs/cgroup/systemd/cgroup.procs ]; then
  hierarchy=/sys/fs/cgroup/systemd
fi
[ -n "$hierarchy" ] || skip_all "no writable cgroup hierarchy"
base=$hierarchy/audit-contid-test.$$
mkdir "$base" 2>/dev/null || skip_all "cannot create cgroups in $hierarchy"

work=$(mktemp -d /tmp/plugin-cgroup.XXXXXX)
cleanup() {
  # Members still alive are released, then every test cgroup removed
  # (deepest first; a cgroup is removable once it has no processes).
  [ -p "$work/release" ] && { exec 8<>"$work/release"; exec 8>&-; }
  for pid in $(cat "$work"/pids/*.member 2>/dev/null); do kill "$pid" 2>/dev/null; done
  for pid in $(cat "$work"/pids/*.member 2>/dev/null); do
    while kill -0 "$pid" 2>/dev/null; do wait "$pid" 2>/dev/null || sleep 0.05; done
  done
  find "$base" -depth -type d -exec rmdir {} + 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/plugins.d" "$work/routes" "$work/out" "$work/session" "$work/watch" "$work/pids"
mkfifo "$work/release"

hex() { printf '%s' "$1" | sha256sum | cut -c1-64; }
docker_id=$(hex docker); dockerfs_id=$(hex dockerfs); podman_id=$(hex podman)
crio_id=$(hex crio); containerd_id=$(hex containerd)
# name  cgroup (below $base)  expected runtime id
cat > "$work/containers" <<LAYOUT
docker $base/system.slice/docker-$docker_id.scope $docker_id
dockerfs $base/docker/$dockerfs_id $dockerfs_id
podman $base/machine.slice/libpod-$podman_id.scope/container $podman_id
crio $base/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1a2b_3c.slice/crio-$crio_id.scope $crio_id
containerd $base/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod9d.slice/cri-containerd-$containerd_id.scope $containerd_id
lxc $base/lxc.payload.web web
nspawn $base/machine.slice/machine-db.scope/payload db
LAYOUT
monitor_cgroup=$base/machine.slice/libpod-conmon-$podman_id.scope
while read -r name cgroup id; do
  mkdir -p "$cgroup"
  cat > "$work/routes/$name.conf" <<CONF
container = $id
attribution = cgroup
format = json
sink = file
path = $work/out/$name.json
CONF
done < "$work/containers"
mkdir -p "$monitor_cgroup"
cat > "$work/routes/host.conf" <<CONF
contid = unset
attribution = cgroup
format = json
sink = file
path = $work/out/host.json
CONF
cat > "$work/routes/byname.conf" <<CONF
contid = any
attribution = kernel,cgroup
sink = file
path = $work/out/n-%n.log
CONF
cat > "$work/audisp-contid.conf" <<CONF
routes_dir = $work/routes
state_file = $work/state
spill_dir = $work/spill
attribution = cgroup
CONF
"$plugin" --check -c "$work/audisp-contid.conf" >/dev/null || bail_out "--check refused the test config"
cat > "$work/plugins.d/audisp-contid.conf" <<CONF
active = yes
direction = out
path = $plugin
type = always
args = -c $work/audisp-contid.conf
format = string
CONF
echo "-w $work/watch -p r -k contid_cgroup" > "$work/rules"

# member NAME CGROUP: joins CGROUP, reads its file 5 times, starts 3
# short-lived children that read once and exit, then waits for release.
cat > "$work/member.sh" <<'MEMBER'
#!/bin/bash
name=$1 cgroup=$2 work=$3
echo $$ > "$cgroup/cgroup.procs" || exit 1
echo $$ > "$work/pids/$name.member"
touch "$work/watch/$name"
for _ in 1 2 3 4 5; do : < "$work/watch/$name"; done
for _ in 1 2 3; do
  bash -c 'echo $$ >> "$1/pids/$2.short"; : < "$1/watch/$2"' _ "$work" "$name"
done
echo ready > "$work/pids/$name.ready"
read -r _ < "$work/release"
MEMBER
cat > "$work/workload.sh" <<'WORK'
#!/bin/bash
work=$1 monitor=$2 gone_cgroup=$3
while read -r name cgroup id; do
  setsid "$work/member.sh" "$name" "$cgroup" "$work" </dev/null >/dev/null 2>&1 &
done < "$work/containers"
setsid "$work/member.sh" monitor "$monitor" "$work" </dev/null >/dev/null 2>&1 &
# The members are ready when each wrote its .ready file (bounded wait).
for _ in $(seq 1 600); do
  [ "$(ls "$work"/pids/*.ready 2>/dev/null | wc -l)" -ge 8 ] && break
  sleep 0.05
done
[ "$(ls "$work"/pids/*.ready 2>/dev/null | wc -l)" -ge 8 ] || { echo "members not ready" >&2; exit 1; }
# A process that is gone before the plugin sees its event: the plugin is
# stopped while it runs (its parent, this shell, is on the host).
plugin=$(pgrep -f "audisp-contid -c $work/audisp-contid.conf" | head -1)
[ -n "$plugin" ] || { echo "plugin not found" >&2; exit 1; }
kill -STOP "$plugin"
touch "$work/watch/gone"
bash -c 'echo $$ > "$2/cgroup.procs"; echo $$ > "$1/pids/gone.short"; : < "$1/watch/gone"' \
  _ "$work" "$gone_cgroup"
kill -CONT "$plugin"
WORK
chmod +x "$work/member.sh" "$work/workload.sh"
gone_cgroup=$(awk '$1 == "docker" {print $2}' "$work/containers")

"$session" --out "$work/session" --rules "$work/rules" --plugins "$work/plugins.d" \
  -- "$work/workload.sh" "$work" "$monitor_cgroup" "$gone_cgroup"
rc=$?
[ $rc = 77 ] && skip_all "auditd session refused"
[ $rc = 0 ] || bail_out "auditd session exit $rc"
# auditd has stopped and the plugin flushed every route; the members are
# still alive (the plugin could look them up at any time) until now.
python3 "$here/cgroup_stock_kernel_check.py" "$work/session/audit.log" "$work"
