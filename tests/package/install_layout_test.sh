#!/bin/bash
# `cmake --install BUILD --prefix P` (into a DESTDIR) puts the plugin's
# configuration where auditd looks for it: /etc/audit for P = /usr (however
# the tree was configured), P/etc/audit for P = /usr/local, /etc/opt/...
# for /opt/...; files 0640, directories 0750; the plugins.d entry inactive,
# naming P/sbin/audisp-contid and the installed config, and the installed
# config's routes_dir holding the default route. Needs no root.
#
# usage: install_layout_test.sh BUILD_DIR
set -u
build=$1
work=$(mktemp -d /tmp/install-layout.XXXXXX)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

check() {  # PREFIX ETC SBIN
  local prefix=$1 etc=$2 sbin=$3 dest=$work/root$RANDOM
  DESTDIR=$dest cmake --install "$build" --prefix "$prefix" >"$work/install.log" 2>&1 \
    || { cat "$work/install.log"; fail "cmake --install --prefix $prefix failed"; return; }
  local d f got
  for d in "$etc/audit" "$etc/audit/plugins.d" "$etc/audit/contid-routes.d"; do
    got=$(stat -c %a "$dest$d" 2>/dev/null) || { fail "prefix $prefix: no $d"; continue; }
    [ "$got" = 750 ] || fail "prefix $prefix: $d has mode $got, not 750"
  done
  for f in "$etc/audit/plugins.d/audisp-contid.conf" "$etc/audit/audisp-contid.conf" \
           "$etc/audit/contid-routes.d/default.conf"; do
    got=$(stat -c %a "$dest$f" 2>/dev/null) || { fail "prefix $prefix: no $f"; continue; }
    [ "$got" = 640 ] || fail "prefix $prefix: $f has mode $got, not 640"
  done
  [ -x "$dest$sbin/audisp-contid" ] || fail "prefix $prefix: no $sbin/audisp-contid"
  local entry=$dest$etc/audit/plugins.d/audisp-contid.conf
  grep -qx 'active = no' "$entry" || fail "prefix $prefix: plugins.d entry not 'active = no'"
  grep -qx "path = $sbin/audisp-contid" "$entry" || fail "prefix $prefix: entry: $(grep ^path "$entry")"
  grep -qx "args = -c $etc/audit/audisp-contid.conf" "$entry" \
    || fail "prefix $prefix: entry: $(grep ^args "$entry")"
  grep -qx "routes_dir = $etc/audit/contid-routes.d" "$dest$etc/audit/audisp-contid.conf" \
    || fail "prefix $prefix: routes_dir: $(grep ^routes_dir "$dest$etc/audit/audisp-contid.conf")"
  # The installed config with its routes_dir moved under DESTDIR validates.
  sed "s|^routes_dir = |routes_dir = $dest|" "$dest$etc/audit/audisp-contid.conf" >"$work/check.conf"
  "$dest$sbin/audisp-contid" --check -c "$work/check.conf" >"$work/check.out" 2>&1 \
    || { cat "$work/check.out"; fail "prefix $prefix: --check refused the installed config"; }
  grep -q ': ok, 2 routes from ' "$work/check.out" || fail "prefix $prefix: $(head -1 "$work/check.out")"
  [ ! -e "$dest$prefix/etc/audit" ] || [ "$prefix/etc" = "$etc" ] || fail "prefix $prefix: also wrote $prefix/etc/audit"
  echo "prefix $prefix: config in $etc/audit, plugin $sbin/audisp-contid"
}
check /usr /etc /usr/sbin
check /usr/local /usr/local/etc /usr/local/sbin
check /opt/contid /etc/opt/contid /opt/contid/sbin
[ "$failures" = 0 ] || exit 1
echo "install layout: 3 prefixes ok"
