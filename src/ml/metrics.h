// Metrics of a binary classifier's scores against labels (true = fraud), as fraud teams read
// them: the area under the ROC curve with its uncertainty, average precision, points of the ROC
// and precision-recall curves, and the Handbook's card precision@k. The figures equal
// scikit-learn's roc_auc_score and average_precision_score, ties included (each distinct score
// is one threshold).
//
// Every function takes the scores and labels as parallel spans (precondition: equal sizes) and
// is pure: thread-safe, O(n log n) unless stated.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace vigil::ml {

struct Auc {
  double value = 0.5;  // P(score of a fraud > score of a legit), ties counting half
  // DeLong's standard error and a 95% interval (value ± 1.96·se, clipped to [0, 1]): AFD's
  // "uncertaintyRange", where a range wider than 0.1 means the model is uncertain.
  double standard_error = 0;
  double lower = 0.5;
  double upper = 0.5;
};

// Null when either class is absent (the AUC is undefined).
std::optional<Auc> RocAuc(std::span<const double> scores, std::span<const bool> labels);

// Average precision: the mean of the precision at each fraud's rank, ties resolved as one
// threshold (sklearn's step-wise sum of (R_k - R_k-1) · P_k). Null without any fraud.
std::optional<double> AveragePrecision(std::span<const double> scores,
                                       std::span<const bool> labels);

// One threshold of the curves: events scoring >= threshold are flagged.
struct CurvePoint {
  double threshold = 0;
  double fpr = 0;        // legit events flagged / legit events
  double tpr = 0;        // frauds flagged / frauds (recall)
  double precision = 1;  // frauds flagged / events flagged
};

// The curves at every distinct score from the highest down, thinned to at most `max_points`
// (at least 2) spread evenly along the ROC curve, the first and last kept. Empty when either
// class is absent.
std::vector<CurvePoint> CurvePoints(std::span<const double> scores, std::span<const bool> labels,
                                    size_t max_points = 100);

// The Handbook's Card Precision@k (Fraud Detection Handbook, section 4.4). For each day in
// increasing order: each card's highest score and whether any of its events that day is fraud;
// the k cards with the highest scores (ties by card id); the share of them that are fraud
// (divided by k even when fewer cards scored). Cards found fraudulent in an earlier day's top k
// are left out of later days. The mean over the days; null when there are none.
struct CardEvent {
  int64_t day = 0;   // e.g. days since the epoch
  int64_t card = 0;  // the card (customer) id
  double score = 0;
  bool fraud = false;
};
std::optional<double> CardPrecisionAtK(std::span<const CardEvent> events, size_t k);

}  // namespace vigil::ml
