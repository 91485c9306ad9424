#!/usr/bin/env bash
# audit-contid set-up for a fresh Debian 12 machine (run as root).
#
#   scripts/setup.sh demo   install what is missing, build, run the demo
#   scripts/setup.sh test   install what is missing, build, run every test:
#                           unit + real-auditd + plugin + report tests under
#                           AddressSanitizer/UBSan, a libFuzzer smoke run, and
#                           the kernel series built and tested under qemu
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

configure_and_build() {  # DIR [cmake args...]
  local dir=$1; shift
  cmake -S "$top" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
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
    install_missing "${base_packages[@]}" "${test_packages[@]}"
    say "building (release) and running the demo"
    configure_and_build "$build_root/release" -DCONTID_KERNEL_TESTS=ON
    "$top/scripts/demo.sh" "$build_root/release"
    say "building with AddressSanitizer + UBSan"
    configure_and_build "$build_root/asan" -DCONTID_SANITIZE=ON -DCONTID_KERNEL_TESTS=OFF
    say "tests under ASan/UBSan: unit, integration (real auditd), plugin, report"
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      ctest --test-dir "$build_root/asan" --output-on-failure -L 'unit|integration|plugin|report' -j1
    say "fuzzing (libFuzzer, clang): 60 s smoke run"
    CC=clang CXX=clang++ cmake -S "$top" -B "$build_root/fuzz" -DCONTID_FUZZ=ON -DCONTID_KERNEL_TESTS=OFF >/dev/null
    cmake --build "$build_root/fuzz" -j"$jobs" --target pipeline_fuzzer
    ctest --test-dir "$build_root/fuzz" --output-on-failure -L fuzz
    say "kernel: patch series built from linux-source-6.1 and tested under qemu"
    ctest --test-dir "$build_root/release" --output-on-failure -L kernel
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
