#!/usr/bin/env bash
# Trains the example detector's model, examples/models/transaction_model-1.0.json, the way a
# team would train theirs, with vigil alone: simulated history in the seed's shape (the
# Handbook's card payments as accounts, IP addresses and amounts), imported into a scratch data
# directory with the example detector applied, then `vigil train`. Reproducible: the same vigil
# writes the same file, byte for byte (tests/integration/test_example_model.py checks it).
#
#   examples/models/train_transaction_model.sh [OUTPUT_DIR]    (default: examples/models)
#
# VIGIL names the binary (default build/src/cli/vigil). About 20 s on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/../.."
vigil=${VIGIL:-build/src/cli/vigil}
output=${1:-examples/models}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# 120 days of 2,000 accounts paying from 4,000 addresses: about 460,000 payments, 2% fraud.
"$vigil" simulate --shape seed --customers 2000 --terminals 4000 --days 120 --seed 7 \
    --output "$scratch/history.csv"
"$vigil" import "$scratch/history.csv" --event-type transaction --data-dir "$scratch/data" \
    --apply examples/transaction_detector.yaml
# The latest 15% of the payments validate the model and calibrate its score; training leaves
# out the week before them, whose labels would not be known yet when it is trained.
"$vigil" train --data-dir "$scratch/data" --event-type transaction \
    --model-id transaction_model --version 1.0 --no-add --gap 7d --output "$output" \
    --description "The example detector's model, trained on simulated history by examples/models/train_transaction_model.sh" \
    --inputs transaction_amount,account_tx_count_1d,account_amount_mean_1d,account_tx_count_7d,account_amount_mean_7d,account_amount_max_7d,account_tx_count_30d,account_amount_mean_30d,account_fraud_count_30d,ip_tx_count_1d,ip_fraud_rate_1d,ip_tx_count_7d,ip_fraud_rate_7d,ip_tx_count_30d,ip_fraud_rate_30d,ip_fraud_count_30d
# The version file holds both: XGBoost's model and AFD's training result.
rm -f "$output/transaction_model.xgboost.json" "$output/transaction_model.training_result.json"
