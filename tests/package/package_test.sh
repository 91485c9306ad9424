#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The Debian package, installed for real and run under the real Debian auditd:
#  1. takes $CONTID_BUILD_ROOT/deb/audit-contid_VERSION_*.deb, or builds it
#     with scripts/build-deb.sh when it is missing or older than a file of
#     the tree;
#  2. dpkg -i (apt-get -f install for missing dependencies); checks files,
#     modes (0640 files, 0750 directories under /etc/audit), conffiles, the
#     plugins.d entry (inactive, naming /usr/sbin/audisp-contid), man pages,
#     --version of the four programs, and `audisp-contid --check` (2 routes);
#  3. starts `auditd -n -c DIR` (DIR/auditd.conf: plugin_dir =
#     /etc/audit/plugins.d, log in DIR): no plugin runs; sets active = yes,
#     SIGHUP: the plugin runs as auditd's child, and a user message sent
#     with auditctl -m reaches the default route's file
#     /var/log/audit/contid/unset.log (host events: this kernel has no
#     container ids);
#  4. stops auditd (the plugin exits with it), dpkg --purge: nothing of the
#     package is left under /etc/audit, /usr/sbin, /usr/share/man (the three
#     trees are as before, file for file), nor /var/log/audit/contid, and no
#     process runs the package's programs.
# Always (trap): auditctl -D, auditd stopped by its PID, auditctl -e 0, the
# package purged if this test installed it.
#
# usage: package_test.sh SOURCE_DIR VERSION        (exit 77 = skipped)
#
# Each step must hold for the next to mean anything: the first failure ends
# the test (bail_out).
set -u
# shellcheck source=SCRIPTDIR/../lib/check.sh
. "$(dirname "$0")/../lib/check.sh"
# shellcheck source=SCRIPTDIR/../lib/auditd.sh
. "$(dirname "$0")/../lib/auditd.sh"
top=$1
version=$2
readonly LOCK_FILE=/run/lock/audit-contid-auditd.lock
readonly PLUGIN=/usr/sbin/audisp-contid
readonly OUT_DIR=/var/log/audit/contid


[ "$(id -u)" = 0 ] || skip_all "needs root (dpkg -i, auditd)"
for tool in dpkg apt-get auditd auditctl flock; do
  command -v "$tool" >/dev/null || skip_all "'$tool' is not installed"
done
# One audit daemon per kernel: wait for other tests that start auditd.
exec 9>"$LOCK_FILE" || bail_out "cannot open $LOCK_FILE"
flock -w 600 9 || skip_all "another audit session held $LOCK_FILE for 600 s"
audit_status() { auditctl -s 2>/dev/null | awk -v k="$1" '$1 == k { print $2; exit }'; }
if other=$(pgrep -x auditd); then
  skip_all "an auditd is already running (pid $(echo $other)); not touching it"
fi
registered=$(audit_status pid)
if [ -n "$registered" ] && [ "$registered" != 0 ]; then
  skip_all "an audit daemon (pid $registered) is registered with the kernel"
fi
[ "$(audit_status enabled)" != 2 ] || skip_all "audit configuration is locked"
if auditctl -l 2>/dev/null | grep -qv '^No rules'; then
  skip_all "audit rules are loaded; refusing to delete them"
fi
if dpkg-query -W -f='${Status}' audit-contid 2>/dev/null | grep -q 'installed'; then
  skip_all "audit-contid is installed already; not replacing an admin's package"
fi
for f in /etc/audit/plugins.d/audisp-contid.conf /etc/audit/audisp-contid.conf \
         /etc/audit/contid-routes.d "$PLUGIN" "$OUT_DIR"; do
  [ ! -e "$f" ] || skip_all "$f exists (an install outside dpkg?); not overwriting it"
done

work=$(mktemp -d /tmp/package-test.XXXXXX)
auditd_pid=""
installed=0
snapshot() {  # the trees the package installs into, with modes and owners
  find /etc/audit /usr/sbin /usr/share/man -printf '%p %m %u %g %s\n' 2>/dev/null | sort
}
stop_auditd() {
  stop_auditd_pid "$auditd_pid"
  auditd_pid=""
}
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  auditctl -D >/dev/null 2>&1
  stop_auditd
  auditctl -e 0 >/dev/null 2>&1 || { note "error: auditctl -e 0 failed"; status=1; }
  if [ "$installed" = 1 ]; then
    dpkg --purge audit-contid >"$work/purge-cleanup.log" 2>&1 || note "warning: dpkg --purge failed"
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'note "interrupted"; exit 1' INT TERM

# Bounded polling: CONDITION (a command) every 50 ms for at most SECONDS.
wait_for() {  # SECONDS COMMAND...
  local limit=$(( $1 * 20 )); shift
  for _ in $(seq 1 "$limit"); do
    "$@" && return 0
    sleep 0.05
  done
  return 1
}
# PIDs of the processes whose parent is $1 and whose program is $2.
children_running() {
  local stat ppid pid
  for stat in /proc/[0-9]*/stat; do
    pid=${stat#/proc/}; pid=${pid%/stat}
    ppid=$(sed 's/^.*) [A-Za-z] \([0-9]*\) .*/\1/' "$stat" 2>/dev/null) || continue
    [ "$ppid" = "$1" ] || continue
    [ "$(readlink "/proc/$pid/exe" 2>/dev/null)" = "$2" ] && echo "$pid"
  done
}
# Processes running a program of the package (deleted or not).
package_processes() {
  local exe p
  for exe in /proc/[0-9]*/exe; do
    p=$(readlink "$exe" 2>/dev/null) || continue
    case "$p" in
      /usr/sbin/audisp-contid*|/usr/sbin/ausearch-ext*|/usr/sbin/aureport-ext*) echo "${exe%/exe} $p" ;;
    esac
  done
}

# --- 1. the package ------------------------------------------------------------
build_root=${CONTID_BUILD_ROOT:-$top/out}
deb=$(ls "$build_root"/deb/audit-contid_"$version"_*.deb 2>/dev/null | head -1)
# Stale when a file that goes into the package (not tests/, kernel/, .ci/, setup.sh, demo.sh, *.md) is newer.
if [ -n "$deb" ] && [ -n "$(cd "$top" && git ls-files -z --cached --others --exclude-standard \
                              | grep -zvE '^(out|tests|kernel|\.ci)/|^scripts/(setup|demo)\.sh$|\.md$' \
                              | find -files0-from - -newer "$deb" -print -quit 2>/dev/null)" ]; then
  note "$deb is older than the tree; rebuilding"
  deb=""
fi
if [ -z "$deb" ]; then
  note "building the package (scripts/build-deb.sh)"
  deb=$(bash "$top/scripts/build-deb.sh" 2>"$work/build-deb.log" | tail -1) \
    || { cat "$work/build-deb.log"; bail_out "scripts/build-deb.sh failed"; }
fi
[ -f "$deb" ] || bail_out "no package at '$deb'"
note "package: $deb"

before=$(snapshot)

# --- 2. install and check --------------------------------------------------------
installed=1
if ! dpkg -i "$deb" >"$work/dpkg-i.log" 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get -f install -y -qq >>"$work/dpkg-i.log" 2>&1 \
    || { cat "$work/dpkg-i.log"; bail_out "dpkg -i and apt-get -f install failed"; }
fi
dpkg-query -W -f='${Status}' audit-contid | grep -q 'install ok installed' \
  || { cat "$work/dpkg-i.log"; bail_out "audit-contid is not installed after dpkg -i"; }
files=$(dpkg -L audit-contid)

check_mode() {  # PATH MODE
  [ -e "$1" ] || bail_out "$1 is not installed"
  local got; got=$(stat -c '%a %U %G' "$1")
  [ "$got" = "$2 root root" ] || bail_out "$1: mode/owner '$got', expected '$2 root root'"
}
for d in /etc/audit /etc/audit/plugins.d /etc/audit/contid-routes.d; do check_mode "$d" 750; done
for f in /etc/audit/plugins.d/audisp-contid.conf /etc/audit/audisp-contid.conf \
         /etc/audit/contid-routes.d/default.conf /etc/audit/contid-routes.d/registrations.conf; do
  check_mode "$f" 640
  dpkg-query -W -f='${Conffiles}\n' audit-contid | grep -q "^ $f " || bail_out "$f is not a conffile"
done
for p in audisp-contid ausearch-ext aureport-ext auditctl-ext; do
  check_mode "/usr/sbin/$p" 755
  check_mode "/usr/share/man/man8/$p.8.gz" 644
  got=$("/usr/sbin/$p" --version) || bail_out "$p --version failed"
  [ "$got" = "$p version $version (audit-contid)" ] || bail_out "$p --version printed '$got'"
done
check_mode /usr/share/man/man5/audisp-contid.conf.5.gz 644
entry=/etc/audit/plugins.d/audisp-contid.conf
grep -qx 'active = no' "$entry" || bail_out "$entry is not shipped inactive"
grep -qx "path = $PLUGIN" "$entry" || bail_out "$entry does not name $PLUGIN"
grep -qx "args = -c /etc/audit/audisp-contid.conf" "$entry" || bail_out "$entry: wrong args"
"$PLUGIN" --check >"$work/check.out" 2>&1 || { cat "$work/check.out"; bail_out "audisp-contid --check refused the shipped config"; }
grep -q 'ok, 2 routes from /etc/audit/contid-routes.d' "$work/check.out" \
  || { cat "$work/check.out"; bail_out "--check: not the two default routes (default, registrations)"; }
grep -q "default: contid = any, unset.*sink = file" "$work/check.out" \
  || { cat "$work/check.out"; bail_out "--check: the default route is not 'any, unset' to a file"; }
ok "installed: $(echo "$files" | wc -l) paths, modes and conffiles as expected; --check: $(head -1 "$work/check.out")"

# --- 3. the real auditd with the installed plugins.d ------------------------------
cat >"$work/auditd.conf" <<CONF
local_events = yes
write_logs = yes
log_file = $work/audit.log
log_group = root
log_format = ENRICHED
flush = SYNC
max_log_file = 100
max_log_file_action = IGNORE
num_logs = 1
space_left = 2
space_left_action = IGNORE
admin_space_left = 1
admin_space_left_action = IGNORE
disk_full_action = IGNORE
disk_error_action = SYSLOG
name_format = NONE
q_depth = 2000
overflow_action = SYSLOG
max_restarts = 10
plugin_dir = /etc/audit/plugins.d
end_of_event_timeout = 2
CONF
chmod 0640 "$work/auditd.conf"
auditd -n -c "$work" >"$work/auditd.stdout" 2>"$work/auditd.stderr" &
auditd_pid=$!
ready() {
  kill -0 "$auditd_pid" 2>/dev/null || { cat "$work/auditd.stderr"; bail_out "auditd exited during start-up"; }
  [ "$(audit_status pid)" = "$auditd_pid" ] && grep -q 'type=DAEMON_START' "$work/audit.log" 2>/dev/null
}
wait_for 20 ready || bail_out "auditd (pid $auditd_pid) not ready after 20 s"
[ -z "$(children_running "$auditd_pid" "$PLUGIN")" ] || bail_out "the plugin runs while its entry says active = no"

sed -i 's/^active = no$/active = yes/' "$entry"
kill -HUP "$auditd_pid"
plugin_running() { plugin_pid=$(children_running "$auditd_pid" "$PLUGIN"); [ -n "$plugin_pid" ]; }
wait_for 20 plugin_running || { cat "$work/auditd.stderr"; bail_out "no $PLUGIN child of auditd $auditd_pid 20 s after SIGHUP"; }
ok "after SIGHUP auditd ($auditd_pid) runs $PLUGIN as pid $plugin_pid"

marker="audit-contid package test $$ $RANDOM"
auditctl -m "$marker" || bail_out "auditctl -m failed"
in_default_route() { grep -qF "$marker" "$OUT_DIR/unset.log" 2>/dev/null; }
wait_for 20 in_default_route || { ls -la "$OUT_DIR" 2>&1; bail_out "the user message is not in $OUT_DIR/unset.log after 20 s"; }
grep -F "$marker" "$OUT_DIR/unset.log" | grep -q '^type=USER msg=audit(' \
  || bail_out "the default route did not write the raw USER record"
check_mode "$OUT_DIR" 750
check_mode "$OUT_DIR/unset.log" 600
ok "the user message is in $OUT_DIR/unset.log: $(grep -cF "$marker" "$OUT_DIR/unset.log") record"

# --- 4. stop, purge, nothing left ---------------------------------------------------
auditctl -D >/dev/null 2>&1
stop_auditd
plugin_gone() { [ ! -e "/proc/$plugin_pid" ]; }
wait_for 10 plugin_gone || bail_out "the plugin (pid $plugin_pid) still runs after auditd stopped"
auditctl -e 0 >/dev/null || bail_out "auditctl -e 0 failed"

dpkg --purge audit-contid >"$work/purge.log" 2>&1 || { cat "$work/purge.log"; bail_out "dpkg --purge failed"; }
installed=0
! dpkg-query -W -f='${Status}' audit-contid 2>/dev/null | grep -q 'installed' \
  || bail_out "audit-contid is still installed after dpkg --purge"
for f in $files; do
  [ "$f" != /. ] && [ -e "$f" ] || continue
  # A directory other packages own too (/etc/audit, /usr/share/lintian/overrides...).
  [ -d "$f" ] && dpkg -S "$f" >/dev/null 2>&1 && continue
  bail_out "$f is left after dpkg --purge"
done
[ ! -e "$OUT_DIR" ] || bail_out "$OUT_DIR is left after dpkg --purge"
after=$(snapshot)
if [ "$before" != "$after" ]; then
  diff <(echo "$before") <(echo "$after")
  bail_out "/etc/audit, /usr/sbin or /usr/share/man differ from before the install"
fi
left=$(package_processes)
[ -z "$left" ] || bail_out "processes of the package are left: $left"
ok "purged: /etc/audit, /usr/sbin, /usr/share/man as before, $OUT_DIR removed, no process left"
finish package_test
