#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# `cmake --install BUILD --prefix P` (into a DESTDIR) puts the plugin's
# configuration where auditd looks for it: /etc/audit for P = /usr (however
# the tree was configured), P/etc/audit for P = /usr/local, /etc/opt/...
# for /opt/...; files 0640, directories 0750; the plugins.d entry inactive,
# naming P/sbin/audisp-contid and the installed config, and the installed
# config's routes_dir holding the default route. Needs no root.
#
# usage: install_layout_test.sh BUILD_DIR
set -u
# shellcheck source=SCRIPTDIR/../lib/check.sh
. "$(dirname "$0")/../lib/check.sh"
build=$1
work=$(mktemp -d /tmp/install-layout.XXXXXX)
trap 'rm -rf "$work"' EXIT

check_prefix() {  # PREFIX ETC SBIN
  local prefix=$1 etc=$2 sbin=$3 dest=$work/root$RANDOM
  if ! DESTDIR=$dest cmake --install "$build" --prefix "$prefix" >"$work/install.log" 2>&1; then
    fail "cmake --install --prefix $prefix failed"; detail <"$work/install.log"; return
  fi
  local d f got
  for d in "$etc/audit" "$etc/audit/plugins.d" "$etc/audit/contid-routes.d"; do
    got=$(stat -c %a "$dest$d" 2>/dev/null) || { fail "prefix $prefix: no $d"; continue; }
    check_eq "prefix $prefix: $d has mode 750" "$got" 750
  done
  for f in "$etc/audit/plugins.d/audisp-contid.conf" "$etc/audit/audisp-contid.conf" \
           "$etc/audit/contid-routes.d/default.conf"; do
    got=$(stat -c %a "$dest$f" 2>/dev/null) || { fail "prefix $prefix: no $f"; continue; }
    check_eq "prefix $prefix: $f has mode 640" "$got" 640
  done
  check "prefix $prefix: $sbin/audisp-contid is installed" test -x "$dest$sbin/audisp-contid"
  local entry=$dest$etc/audit/plugins.d/audisp-contid.conf config=$dest$etc/audit/audisp-contid.conf
  check "prefix $prefix: plugins.d entry 'active = no'" grep -qx 'active = no' "$entry"
  check "prefix $prefix: entry names $sbin/audisp-contid" grep -qx "path = $sbin/audisp-contid" "$entry" \
    || grep ^path "$entry" | detail
  check "prefix $prefix: entry names the config" grep -qx "args = -c $etc/audit/audisp-contid.conf" "$entry" \
    || grep ^args "$entry" | detail
  check "prefix $prefix: routes_dir = $etc/audit/contid-routes.d" \
    grep -qx "routes_dir = $etc/audit/contid-routes.d" "$config" || grep ^routes_dir "$config" | detail
  # The installed config with its routes_dir moved under DESTDIR validates.
  sed "s|^routes_dir = |routes_dir = $dest|" "$config" >"$work/check.conf"
  if "$dest$sbin/audisp-contid" --check -c "$work/check.conf" >"$work/check.out" 2>&1; then
    ok "prefix $prefix: --check accepts the installed config"
  else
    fail "prefix $prefix: --check refused the installed config"; detail <"$work/check.out"
  fi
  check "prefix $prefix: --check finds the 2 routes" grep -q ': ok, 2 routes from ' "$work/check.out" \
    || head -1 "$work/check.out" | detail
  if [ ! -e "$dest$prefix/etc/audit" ] || [ "$prefix/etc" = "$etc" ]; then
    ok "prefix $prefix: nothing written to $prefix/etc/audit"
  else
    fail "prefix $prefix: also wrote $prefix/etc/audit"
  fi
  note "prefix $prefix: config in $etc/audit, plugin $sbin/audisp-contid"
}
check_prefix /usr /etc /usr/sbin
check_prefix /usr/local /usr/local/etc /usr/local/sbin
check_prefix /opt/contid /etc/opt/contid /opt/contid/sbin
finish install_layout
