#pragma once
// Problems of kind "dataset": a finite sample of an unknown distribution,
// split into a training set (what a generative model may look at) and a
// held-out set (what it is judged against). Both are N x d row-major
// matrices with the same d; rows are i.i.d. draws (after any shuffling the
// problem did), so any subset of rows is again an i.i.d. sample.
//
// Implementer contract: train() and heldout() return the same matrices for
// the lifetime of the problem; train() has at least one row.
// Kind version 1.
#include <string>
#include <utility>

#include "wprox/data.hpp"
#include "wprox/errors.hpp"
#include "wprox/problem.hpp"

namespace wprox {

class DatasetProblem : public Problem {
 public:
  static constexpr const char* kKind = "dataset";
  static constexpr int kVersion = 1;
  std::string kind() const override { return kKind; }
  int kind_version() const override { return kVersion; }

  virtual const Particles& train() const = 0;
  virtual const Particles& heldout() const = 0;
  int dim() const { return int(train().cols()); }
};

// A data set held in memory: what most dataset problems need.
class StoredDataset : public DatasetProblem {
 public:
  StoredDataset(std::string name, Particles train, Particles heldout)
      : name_(std::move(name)), train_(std::move(train)), heldout_(std::move(heldout)) {
    WPROX_REQUIRE(train_.rows() > 0, InputError, "data set '" << name_ << "': the training set is empty");
    WPROX_REQUIRE(heldout_.rows() == 0 || heldout_.cols() == train_.cols(), DimensionMismatch,
                  "data set '" << name_ << "': training points have " << train_.cols()
                               << " coordinates, held-out points " << heldout_.cols());
  }
  std::string name() const override { return name_; }
  const Particles& train() const override { return train_; }
  const Particles& heldout() const override { return heldout_; }

 private:
  std::string name_;
  Particles train_, heldout_;
};

}  // namespace wprox
