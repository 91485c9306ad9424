#!/usr/bin/env bash
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
# Build trees go to $CONTID_BUILD_ROOT (default ./out).
set -euo pipefail

mode=${1:-demo}
top=$(cd "$(dirname "$0")/.." && pwd)
build_root=${CONTID_BUILD_ROOT:-$top/out}
jobs=$(nproc)

say() { printf '\n== %s\n' "$*"; }

# Debian packages the project needs, per mode.
base_packages=(build-essential cmake pkg-config g++ libauparse-dev libaudit-dev libcap-ng-dev
               libboost-program-options-dev googletest libgtest-dev auditd)
test_packages=(clang libclang-rt-14-dev chromium time)
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

fuzz_smoke() {
  CC=clang CXX=clang++ cmake -S "$top" -B "$build_root/fuzz" -DCONTID_FUZZ=ON \
    -DCONTID_KERNEL_TESTS=OFF >/dev/null &&
    cmake --build "$build_root/fuzz" -j"$jobs" --target pipeline_fuzzer &&
    ctest --test-dir "$build_root/fuzz" --output-on-failure -L fuzz
}

configure_and_build() {  # DIR [cmake args...]
  local dir=$1; shift
  cmake -S "$top" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null &&
    cmake --build "$dir" -j"$jobs"
}

case "$mode" in
  demo)
    install_missing "${base_packages[@]}"
    say "building (release)"
    configure_and_build "$build_root/release" -DCONTID_KERNEL_TESTS=OFF
    "$top/scripts/demo.sh" "$build_root/release"
    ;;
  test)
    install_missing "${base_packages[@]}" "${test_packages[@]}" "${deb_packages[@]}"
    # Every part runs even when an earlier one failed; the summary at the end
    # names the failed parts and the exit status is non-zero if any failed.
    part "build (release)" configure_and_build "$build_root/release" -DCONTID_KERNEL_TESTS=ON
    part "demo" "$top/scripts/demo.sh" "$build_root/release"
    part "build with AddressSanitizer + UBSan" \
      configure_and_build "$build_root/asan" -DCONTID_SANITIZE=ON -DCONTID_KERNEL_TESTS=OFF
    part "tests under ASan/UBSan: unit, integration (real auditd), plugin, report" \
      env ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
          UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      ctest --test-dir "$build_root/asan" --output-on-failure -L 'unit|integration|plugin|report' -j1
    part "fuzzing (libFuzzer, clang): 60 s smoke run" fuzz_smoke
    part "Debian package: built (scripts/build-deb.sh, lintian), installed, run under auditd, purged" \
      ctest --test-dir "$build_root/release" --output-on-failure -L package
    part "kernel: patch series built from linux-source-6.1 and tested under qemu" \
      ctest --test-dir "$build_root/release" --output-on-failure -L kernel
    summarise_parts
    ;;
  bench)
    install_missing "${base_packages[@]}" "${bench_packages[@]}"
    configure_and_build "$build_root/bench" -DCONTID_KERNEL_TESTS=OFF -DCONTID_BENCH=ON
    ctest --test-dir "$build_root/bench" --output-on-failure -L bench -V
    ;;
  *)
    echo "usage: $0 demo|test|bench" >&2
    exit 2
    ;;
esac
