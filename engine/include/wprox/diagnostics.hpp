#pragma once
// Named scalar values reported by a run: per-step diagnostics (one trace.csv
// row) and end-of-run metrics (summary.json). Insertion order is kept so the
// trace columns come out in the order the method wrote them.
#include <string>
#include <utility>
#include <vector>

namespace wprox {

class Diagnostics {
 public:
  void set(const std::string& name, double value);
  const std::vector<std::pair<std::string, double>>& items() const { return items_; }
  bool has(const std::string& name) const;
  double get(const std::string& name) const;  // throws std::out_of_range if absent
  void clear() { items_.clear(); }

 private:
  std::vector<std::pair<std::string, double>> items_;
};

}  // namespace wprox
