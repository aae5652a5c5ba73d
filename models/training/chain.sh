#!/bin/sh
# The training schedule of one session on this 2-core machine: two 1-thread jobs side by side.
#   sh models/training/chain.sh sketch G_MIN A_MIN E2E_MIN
#                                      G (residual form, runs/g-res; in two legs so faces
#                                      prepared meanwhile are picked up), A with G fixed
#                                      (runs/a-res), G and A end to end (runs/e2e), export
#   sh models/training/chain.sh e2e MIN     continue the end-to-end stage (runs/e2e), export
#   sh models/training/chain.sh naive MIN   the naive baseline, export
# G and the naive run resume from their checkpoints; A and e2e restart from the stage before
# them when `sketch` retrains G (their checkpoints hold a copy of the G they started from).
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
    # The e2e stage starts from this A (and its copy of G) the same way.
    rm -f $RUNS/e2e/checkpoint.pt
    $PY -m models.training.train --stage e2e --run $RUNS/e2e --init-g $RUNS/a-res --init-a $RUNS/a-res --minutes "$4"
    $PY -m models.training.export models --g $RUNS/e2e --a $RUNS/e2e
    ;;
  e2e)
    $PY -m models.training.train --stage e2e --run $RUNS/e2e --minutes "$2"
    $PY -m models.training.export models --g $RUNS/e2e --a $RUNS/e2e
    ;;
  naive)
    $PY -m models.training.train --stage naive --run $RUNS/naive --minutes "$2"
    $PY -m models.training.export models --naive $RUNS/naive
    ;;
  *) echo "usage: chain.sh sketch G_MIN A_MIN E2E_MIN | chain.sh e2e MIN | chain.sh naive MIN" >&2; exit 2 ;;
esac
