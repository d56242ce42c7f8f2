#!/usr/bin/env bash
# Detection quality on the Fraud Detection Handbook's workload, with the book's protocol
# (docs/models.md#evaluate): simulate the labelled card history (the book's sizes and seed), import
# it with the card-payments detector and its model features, then `vigil evaluate` over the four
# prequential test folds (training weeks starting 2018-08-15, 08-08, 08-01 and 07-25).
#   bench/quality/evaluate.sh [EXTRA vigil evaluate FLAGS...]
# Set TX_CSV to reuse a simulated CSV; the data directory is temporary.
set -euo pipefail
cd "$(dirname "$0")/../.."
vigil=${VIGIL_BIN:-build/src/cli/vigil}
work=$(mktemp -d /tmp/vigil-quality.XXXXXX)
trap 'rm -rf "$work"' EXIT
csv=${TX_CSV:-$work/transactions.csv}
[ -f "$csv" ] || "$vigil" simulate --output "$csv"
"$vigil" import "$csv" --event-type card_transaction --data-dir "$work/data" \
  --apply examples/card_payments.yaml --apply examples/card_model_features.yaml 2>&1 | tail -n 1
"$vigil" evaluate --data-dir "$work/data" --event-type card_transaction --train-start 2018-08-15 "$@"
