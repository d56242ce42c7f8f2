#include "ml/tree_ensemble.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

namespace vigil::ml {
namespace {

using ::testing::HasSubstr;

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

NodeSpec Split(int32_t left, int32_t right, uint32_t feature, float threshold, bool default_left) {
  return NodeSpec{left, right, feature, threshold, default_left, 0};
}
NodeSpec Leaf(float value) { return NodeSpec{-1, -1, 0, 0, false, value}; }

// x0 < 0.5 ? (x1 < -1 ? 1 : 2) : 3; missing x0 goes left, missing x1 goes right.
TreeSpec SmallTree() {
  return TreeSpec{
      {Split(1, 2, 0, 0.5f, true), Split(3, 4, 1, -1.0f, false), Leaf(3), Leaf(1), Leaf(2)}};
}

EnsembleSpec OneTree(TreeSpec tree) { return EnsembleSpec{{std::move(tree)}, 0.25f, 2, {}}; }

TEST(TreeEnsemble, GoesLeftBelowThresholdAndRightFromIt) {
  auto model = TreeEnsemble::Create(OneTree(SmallTree()));
  ASSERT_TRUE(model) << model.error().message;
  EXPECT_EQ(*model->PredictMargin(std::vector<float>{0.0f, -2.0f}), 1.25f);
  EXPECT_EQ(*model->PredictMargin(std::vector<float>{0.0f, 5.0f}), 2.25f);
  EXPECT_EQ(*model->PredictMargin(std::vector<float>{0.7f, -2.0f}), 3.25f);
  // A value equal to the threshold goes right, as in XGBoost (`x < threshold` goes left).
  EXPECT_EQ(*model->PredictMargin(std::vector<float>{0.5f, -2.0f}), 3.25f);
  EXPECT_EQ(*model->PredictMargin(std::vector<float>{0.0f, -1.0f}), 2.25f);
  // The float just below the threshold still goes left.
  EXPECT_EQ(*model->PredictMargin(std::vector<float>{std::nextafter(0.5f, 0.0f), -2.0f}), 1.25f);
  // Infinities are ordinary values.
  EXPECT_EQ(*model->PredictMargin(std::vector<float>{-INFINITY, INFINITY}), 2.25f);
}

TEST(TreeEnsemble, MissingValuesTakeTheDefaultDirection) {
  auto model = TreeEnsemble::Create(OneTree(SmallTree()));
  ASSERT_TRUE(model);
  EXPECT_EQ(*model->PredictMargin(std::vector<float>{kNaN, -2.0f}), 1.25f);  // x0 left
  EXPECT_EQ(*model->PredictMargin(std::vector<float>{0.0f, kNaN}), 2.25f);   // x1 right
  EXPECT_EQ(*model->PredictMargin(std::vector<float>{kNaN, kNaN}), 2.25f);
}

TEST(TreeEnsemble, ProbabilityIsTheSigmoidOfTheMargin) {
  auto model = TreeEnsemble::Create(OneTree(SmallTree()));
  ASSERT_TRUE(model);
  const std::vector<float> row{0.7f, 0.0f};
  EXPECT_FLOAT_EQ(*model->PredictProbability(row), 1.0f / (1.0f + std::exp(-3.25f)));
}

TEST(TreeEnsemble, RefusesARowOfTheWrongSize) {
  auto model = TreeEnsemble::Create(OneTree(SmallTree()));
  ASSERT_TRUE(model);
  auto margin = model->PredictMargin(std::vector<float>{1.0f});
  ASSERT_FALSE(margin);
  EXPECT_EQ(margin.error().field, "row");
  EXPECT_THAT(margin.error().message, HasSubstr("1 values; the model takes 2"));
  EXPECT_FALSE(model->PredictProbability(std::vector<float>{1, 2, 3}));
}

TEST(TreeEnsemble, IgnoresNodesNoPathReaches) {
  TreeSpec tree = SmallTree();
  tree.nodes.push_back(Split(99, 100, 7, kNaN, true));  // pruned, never reached
  auto model = TreeEnsemble::Create(OneTree(tree));
  ASSERT_TRUE(model) << model.error().message;
  EXPECT_EQ(*model->PredictMargin(std::vector<float>{0.0f, -2.0f}), 1.25f);
}

void ExpectRefused(const EnsembleSpec& spec, const std::string& field, const std::string& text) {
  auto model = TreeEnsemble::Create(spec);
  ASSERT_FALSE(model) << "accepted, expected an error on " << field;
  EXPECT_EQ(model.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(model.error().field, field);
  EXPECT_THAT(model.error().message, HasSubstr(text));
}

TEST(TreeEnsemble, RefusesMalformedTrees) {
  TreeSpec tree = SmallTree();
  tree.nodes[1].right = 5;
  ExpectRefused(OneTree(tree), "trees[0].nodes[1].right", "right child 5 is out of range");
  tree = SmallTree();
  tree.nodes[0].left = -1;
  ExpectRefused(OneTree(tree), "trees[0].nodes[0].left", "left child -1 is out of range");
  tree = SmallTree();
  tree.nodes[1].left = 0;  // back to the root: a cycle
  ExpectRefused(OneTree(tree), "trees[0].nodes[1].left", "reached twice");
  tree = SmallTree();
  tree.nodes[1].left = 2;  // node 2 is also the root's right child
  ExpectRefused(OneTree(tree), "trees[0].nodes[1].left", "reached twice");
  tree = SmallTree();
  tree.nodes[0].right = 1;  // both children the same node
  ExpectRefused(OneTree(tree), "trees[0].nodes[0].right", "reached twice");
  tree = SmallTree();
  tree.nodes[1].feature = 2;
  ExpectRefused(OneTree(tree), "trees[0].nodes[1].feature", "feature index 2 is out of range");
  tree = SmallTree();
  tree.nodes[0].threshold = kNaN;
  ExpectRefused(OneTree(tree), "trees[0].nodes[0].threshold", "NaN");
  tree = SmallTree();
  tree.nodes[3].leaf_value = INFINITY;
  ExpectRefused(OneTree(tree), "trees[0].nodes[3].leaf_value", "not a finite number");
  ExpectRefused(OneTree(TreeSpec{}), "trees[0].nodes", "has no nodes");
}

TEST(TreeEnsemble, RefusesMalformedModels) {
  EnsembleSpec spec = OneTree(SmallTree());
  spec.num_features = 0;
  ExpectRefused(spec, "num_features", "at least 1 feature");
  spec = OneTree(SmallTree());
  spec.feature_names = {"amount"};
  ExpectRefused(spec, "feature_names", "1 feature names for 2 features");
  spec = OneTree(SmallTree());
  spec.base_margin = kNaN;
  ExpectRefused(spec, "base_margin", "not a finite number");
  spec.trees.clear();
  spec.base_margin = 0;
  ExpectRefused(spec, "trees", "at least one tree");
}

// A random tree of up to `max_depth` with uneven shape: each node splits with probability 0.7.
TreeSpec RandomTree(std::mt19937& random, uint32_t features, int max_depth) {
  TreeSpec tree;
  std::uniform_real_distribution<float> value(-1, 1);
  struct Todo {
    int32_t node;
    int depth;
  };
  std::vector<Todo> todo{{0, 0}};
  tree.nodes.push_back(Leaf(value(random)));
  while (!todo.empty()) {
    const Todo at = todo.back();
    todo.pop_back();
    if (at.depth == max_depth || random() % 10 >= 7) continue;
    // Children at the end, in either order, so that indices are not laid out breadth-first.
    const auto a = static_cast<int32_t>(tree.nodes.size());
    const bool swap = random() % 2;
    tree.nodes.push_back(Leaf(value(random)));
    tree.nodes.push_back(Leaf(value(random)));
    tree.nodes[at.node] =
        Split(swap ? a + 1 : a, swap ? a : a + 1, static_cast<uint32_t>(random() % features),
              random() % 20 == 0 ? INFINITY : std::round(value(random) * 4) / 4, random() % 2);
    todo.push_back({a, at.depth + 1});
    todo.push_back({a + 1, at.depth + 1});
  }
  return tree;
}

// The plain recursive walk the flat layout must agree with.
float ReferenceMargin(const EnsembleSpec& spec, const std::vector<float>& row) {
  float margin = spec.base_margin;
  for (const TreeSpec& tree : spec.trees) {
    const NodeSpec* node = &tree.nodes[0];
    while (node->left != -1) {
      const float x = row[node->feature];
      const bool left = std::isnan(x) ? node->default_left : x < node->threshold;
      node = &tree.nodes[static_cast<size_t>(left ? node->left : node->right)];
    }
    margin += node->leaf_value;
  }
  return margin;
}

TEST(TreeEnsemble, AgreesWithAPlainWalkOnRandomTreesAndRows) {
  std::mt19937 random(7);
  for (int trial = 0; trial < 20; ++trial) {
    EnsembleSpec spec;
    // Trial 0 is wider than the stack views of a row (256 features).
    spec.num_features = trial == 0 ? 300 : 1 + random() % 12;
    spec.base_margin = -0.5f;
    const size_t trees = 1 + random() % 30;  // also counts that are not a multiple of 8
    for (size_t t = 0; t < trees; ++t) {
      spec.trees.push_back(RandomTree(random, spec.num_features, 1 + static_cast<int>(t % 9)));
    }
    auto model = TreeEnsemble::Create(spec);
    ASSERT_TRUE(model) << model.error().message;
    EXPECT_EQ(model->num_trees(), trees);
    for (int r = 0; r < 500; ++r) {
      std::vector<float> row(spec.num_features);
      for (float& x : row) {
        const uint32_t kind = random() % 10;
        x = kind == 0   ? kNaN
            : kind == 1 ? (random() % 2 ? INFINITY : -INFINITY)
                        : static_cast<float>(static_cast<int>(random() % 11) - 5) / 4;
      }
      ASSERT_EQ(*model->PredictMargin(row), ReferenceMargin(spec, row)) << "trial " << trial;
    }
  }
}

}  // namespace
}  // namespace vigil::ml
