#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# samples_up_to_date.sh SCRATCH_DIR: regenerates the samples into SCRATCH_DIR
# and requires them to equal the committed ones (so nobody edits a sample by
# hand, and the generator stays deterministic). Exit 77 (skipped) without
# python3.
set -u
# shellcheck source=SCRIPTDIR/../lib/check.sh
. "$(dirname "$0")/../lib/check.sh"
scratch=${1:?usage: samples_up_to_date.sh SCRATCH_DIR}
data=$(cd "$(dirname "$0")" && pwd)
command -v python3 >/dev/null || skip_all "python3 is not installed"
rm -rf "$scratch"; mkdir -p "$scratch"
python3 "$data/generate_samples.py" "$scratch" || bail_out "the generator failed"
count=$(find "$scratch" -type f | wc -l)
[ "$count" -gt 0 ] || bail_out "nothing generated"
for generated in "$scratch"/*/*; do
  rel=${generated#"$scratch"/}
  check "tests/data/$rel is what generate_samples.py writes" cmp -s "$generated" "$data/$rel"
done
note "$count generated files compared with the committed ones"
finish samples_up_to_date
