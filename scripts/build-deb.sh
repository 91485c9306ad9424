#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Build the Debian package audit-contid from this tree (run as root on
# Debian 12 so that missing build tools can be installed):
#
#   bash scripts/build-deb.sh
#
# Installs what is missing with apt-get (dpkg-dev, debhelper, fakeroot,
# lintian and debian/control's Build-Depends), copies the tree (tracked and
# untracked files, not out/) to $CONTID_BUILD_ROOT/deb/audit-contid (default
# ./out/deb/audit-contid), runs `dpkg-buildpackage -us -uc -b` there (no tests, no
# kernel: see debian/rules), then lintian on the .deb. The package lands in
# $CONTID_BUILD_ROOT/deb/: audit-contid_VERSION_ARCH.deb; its path is the
# last line printed. Exit status: 0 built and lintian clean, 1 otherwise.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build_root=${CONTID_BUILD_ROOT:-$top/out}
deb_dir=$build_root/deb
src=$deb_dir/audit-contid

say() { printf '== %s\n' "$*" >&2; }

# The package's version is the project's.
project_version=$(sed -n 's/^project(audit-contid VERSION \([0-9.]*\).*/\1/p' "$top/CMakeLists.txt")
changelog_version=$(sed -n '1s/^audit-contid (\([^)]*\)).*/\1/p' "$top/debian/changelog")
if [ "$project_version" != "$changelog_version" ]; then
  echo "build-deb: debian/changelog has $changelog_version, CMakeLists.txt $project_version" >&2
  exit 1
fi

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
apt_updated=0
apt_install() {
  if [ "$(id -u)" != 0 ]; then
    echo "build-deb: need root to install $*" >&2
    exit 1
  fi
  [ "$apt_updated" = 1 ] || { apt-get update -qq; apt_updated=1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
missing=()
for p in dpkg-dev debhelper fakeroot lintian; do installed "$p" || missing+=("$p"); done
if ((${#missing[@]})); then
  say "installing: ${missing[*]}"
  apt_install "${missing[@]}"
fi
if ! (cd "$top" && dpkg-checkbuilddeps) 2>/dev/null; then
  say "installing the Build-Depends of debian/control"
  [ "$apt_updated" = 1 ] || { apt-get update -qq; apt_updated=1; }
  (cd "$top" && DEBIAN_FRONTEND=noninteractive apt-get build-dep -y -qq --no-install-recommends ./ >/dev/null)
fi

say "copying the tree to $src"
rm -rf "$deb_dir"
mkdir -p "$src"
(cd "$top" && git ls-files -z --cached --others --exclude-standard | grep -zv '^out/' \
   | tar --null -T - -cf -) | tar -C "$src" -xf -

say "dpkg-buildpackage -us -uc -b"
(cd "$src" && DEB_BUILD_OPTIONS="nocheck parallel=$(nproc) ${DEB_BUILD_OPTIONS:-}" \
   dpkg-buildpackage -us -uc -b) >"$deb_dir/build.log" 2>&1 || {
  tail -40 "$deb_dir/build.log" >&2
  echo "build-deb: dpkg-buildpackage failed; full log: $deb_dir/build.log" >&2
  exit 1
}
deb=$(ls "$deb_dir"/audit-contid_"$project_version"_*.deb)

say "lintian $deb"
# The overridden tags and their reasons (debian/audit-contid.lintian-overrides)
# are shown, and saved; the verdict comes from a run without --show-overrides,
# which makes lintian fail on the overridden tags too.
lintian --display-info --show-overrides "$deb" >"$deb_dir/lintian.txt" 2>&1 || true
cat "$deb_dir/lintian.txt" >&2
if ! lintian --fail-on warning,error --display-info "$deb" >/dev/null 2>&1; then
  echo "build-deb: lintian is not clean (see above, $deb_dir/lintian.txt)" >&2
  exit 1
fi
echo "$deb"
