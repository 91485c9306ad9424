#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# audit-contid set-up for a fresh Debian 12 machine (run as root).
#
#   scripts/setup.sh demo   install what is missing, build, run the demo
#   scripts/setup.sh test   install what is missing, build, run every test:
#                           unit + real-auditd + plugin + report tests under
#                           AddressSanitizer/UBSan, a libFuzzer smoke run, the
#                           Debian package built, installed and run under
#                           auditd, and the kernel series built and tested
#                           under qemu
#   scripts/setup.sh bench  install what is missing, build, run the benchmarks
#
# Build trees go to ./out/PRESET (CMakePresets.json: release, asan, fuzz, bench).
set -euo pipefail

mode=${1:-demo}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"  # the presets (CMakePresets.json) are found from here
build_root=$top/out
jobs=$(nproc)

say() { printf '\n== %s\n' "$*"; }

# Debian packages the project needs, per mode.
base_packages=(build-essential cmake pkg-config g++ libauparse-dev libaudit-dev libcap-ng-dev
               googletest libgtest-dev auditd)
test_packages=(clang libclang-rt-14-dev clang-format chromium time)
# The Debian package (scripts/build-deb.sh installs the same when missing).
deb_packages=(dpkg-dev debhelper fakeroot lintian)
bench_packages=(time laurel)

install_missing() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if ((${#missing[@]})); then
    say "installing: ${missing[*]}"
    if [ "$(id -u)" != 0 ]; then
      echo "setup: need root to install ${missing[*]}" >&2
      exit 1
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# part NAME COMMAND...: runs one part of the test run and records its result.
failed_parts=()
passed_parts=0
part() {
  local name=$1; shift
  say "$name"
  if "$@"; then
    passed_parts=$((passed_parts + 1))
  else
    echo "setup: FAILED: $name (exit $?)" >&2
    failed_parts+=("$name")
  fi
}

summarise_parts() {
  say "summary"
  local f
  for f in "${failed_parts[@]}"; do echo "failed part: $f"; done
  echo "parts: ${passed_parts} passed, ${#failed_parts[@]} failed"
  ((${#failed_parts[@]} == 0))
}

# configure_and_build PRESET: the configure and build presets of CMakePresets.json
# (every build setting lives there); the tree is out/PRESET.
configure_and_build() {
  cmake --preset "$1" -S "$top" >/dev/null && cmake --build --preset "$1" -j"$jobs"
}

case "$mode" in
  demo)
    install_missing "${base_packages[@]}"
    say "building (release)"
    configure_and_build release
    "$top/scripts/demo.sh" "$build_root/release"
    ;;
  test)
    install_missing "${base_packages[@]}" "${test_packages[@]}" "${deb_packages[@]}"
    # Every part runs even when an earlier one failed; the summary at the end
    # names the failed parts and the exit status is non-zero if any failed.
    # The test presets (CMakePresets.json) say which labels and settings each runs.
    part "build (release)" configure_and_build release
    part "demo" "$top/scripts/demo.sh" "$build_root/release"
    part "build with AddressSanitizer + UBSan" configure_and_build asan
    part "tests under ASan/UBSan: unit, integration (real auditd), plugin, report" \
      ctest --preset asan
    part "fuzzing (libFuzzer, clang): build" configure_and_build fuzz
    part "fuzzing (libFuzzer, clang): 60 s smoke run" ctest --preset fuzz
    part "Debian package: built (scripts/build-deb.sh, lintian), installed, run under auditd, purged" \
      ctest --preset package
    part "kernel: patch series built from linux-source-6.1 and tested under qemu" \
      ctest --preset kernel
    summarise_parts
    ;;
  bench)
    install_missing "${base_packages[@]}" "${bench_packages[@]}"
    configure_and_build bench
    ctest --preset bench
    ;;
  *)
    echo "usage: $0 demo|test|bench" >&2
    exit 2
    ;;
esac
