#!/bin/bash
# samples_up_to_date.sh SCRATCH_DIR: regenerates the samples into SCRATCH_DIR
# and requires them to equal the committed ones (so nobody edits a sample by
# hand, and the generator stays deterministic). Exit 77 (skipped) without
# python3.
set -u
scratch=${1:?usage: samples_up_to_date.sh SCRATCH_DIR}
data=$(cd "$(dirname "$0")" && pwd)
command -v python3 >/dev/null || { echo "SKIP: python3 is not installed"; exit 77; }
rm -rf "$scratch"; mkdir -p "$scratch"
python3 "$data/generate_samples.py" "$scratch" || { echo "FAIL: the generator failed"; exit 1; }
status=0
for generated in "$scratch"/*/*; do
  rel=${generated#"$scratch"/}
  if ! cmp -s "$generated" "$data/$rel"; then
    echo "FAIL: tests/data/$rel differs from what generate_samples.py writes"; status=1
  fi
done
count=$(find "$scratch" -type f | wc -l)
[ "$count" -gt 0 ] || { echo "FAIL: nothing generated"; exit 1; }
[ "$status" = 0 ] && echo "ok: $count generated files equal the committed ones"
exit $status
