#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The userspace C++ sources are formatted as .clang-format says (kernel/ keeps
# the kernel's style and is checked by checkpatch instead).
#   format_check.sh REPO
# Exit 0 when every file is formatted, 1 otherwise (the files and the first
# differences are printed), 77 when clang-format is not installed.
set -uo pipefail
repo=$1
command -v clang-format >/dev/null || { echo "skipped: clang-format is not installed"; exit 77; }
cd "$repo" || exit 2
mapfile -t files < <(git ls-files '*.cpp' '*.h' '*.h.in' 2>/dev/null | grep -v '^kernel/' ||
                     find include lib cli ausearch-ext aureport-ext auditctl-ext plugin tests \
                          -name '*.cpp' -o -name '*.h' 2>/dev/null)
((${#files[@]})) || { echo "no C++ sources found under $repo"; exit 2; }
bad=0
for f in "${files[@]}"; do
  if ! diff -q "$f" <(clang-format --style=file --assume-filename="${f%.in}" <"$f") >/dev/null; then
    echo "not formatted: $f"
    diff -u "$f" <(clang-format --style=file --assume-filename="${f%.in}" <"$f") | sed -n '3,12p'
    bad=$((bad + 1))
  fi
done
echo "${#files[@]} files checked, $bad not formatted"
((bad == 0))
