#!/bin/sh
# The training schedule of one session on this 2-core machine: two 1-thread jobs side by side.
#   sh models/training/chain.sh sketch G_MIN A_MIN   G (residual form, runs/g-res; G_MIN
#                                                     minutes, in two legs so new data is picked
#                                                     up), A with G fixed (runs/a-res), export
#   sh models/training/chain.sh naive MIN             the naive baseline, export
# Every stage resumes from its run's checkpoint, so re-running continues the training.
set -eu
cd "$(dirname "$0")/../.."
PY=/usr/bin/python3
RUNS=models/training/runs
case "$1" in
  sketch)
    half=$(( $2 / 2 ))
    $PY -m models.training.train --stage g --g-residual --run $RUNS/g-res --minutes "$half"
    $PY -m models.training.train --stage g --run $RUNS/g-res --minutes "$(( $2 - half ))"
    # A starts from the G just trained; a resumed A keeps its own (older) copy of G.
    rm -f $RUNS/a-res/checkpoint.pt
    $PY -m models.training.train --stage a --run $RUNS/a-res --init-g $RUNS/g-res --minutes "$3"
    $PY -m models.training.export models --g $RUNS/a-res --a $RUNS/a-res
    ;;
  naive)
    $PY -m models.training.train --stage naive --run $RUNS/naive --minutes "$2"
    $PY -m models.training.export models --naive $RUNS/naive
    ;;
  *) echo "usage: chain.sh sketch G_MIN A_MIN | chain.sh naive MIN" >&2; exit 2 ;;
esac
