// DMRG (two-site) cross interpolation: the sweep engine and the value
// sources it samples (a batched point oracle, or two TTs combined
// pointwise).
//
// Index sets: I[k] (r_k rows, k columns) holds the multi-indices over axes
// 0..k-1 that core k's rows are interpolated from; J[k] (r_{k+1} rows,
// d-1-k columns) those over axes k+1..d-1 on core k's right. The supercore
// of bond k (cores k, k+1) is f(I[k], i_k, i_{k+1}, J[k+1]) as an
// (|I[k]| n_k) x (n_{k+1} |J[k+1]|) matrix, row alpha + |I[k]| i, column
// j + n_{k+1} beta: the same orderings as a core's left and right
// unfoldings, so singular vectors become cores without reindexing.
//
// A left-to-right sweep makes cores 0..d-2 left-interpolating,
// U U[pivots]^{-1} (identity on the pivot rows), and core d-1 the sampled
// rows f(I[d-1], i_{d-1}); then f(I[k] x i_k, .) ≈ core_k f(I[k+1], .)
// chains to the whole tensor. The right-to-left sweep mirrors it.
#include <Eigen/LU>
#include <algorithm>
#include <cmath>
#include <sstream>

#include "tt_internal.hpp"
#include "wprox/errors.hpp"
#include "wprox/random.hpp"
#include "wprox/tensor_train.hpp"

namespace wprox {

namespace {

using tt_detail::maxvol;
using tt_detail::reshaped;

// The cross's random streams: RandomStream(seed, purpose, item), the item
// being the point's number or (sketches) the SVD's number in the run.
constexpr std::uint64_t kInitialPoints = stream_purpose("tt_cross.initial_points");
constexpr std::uint64_t kValidationPoints = stream_purpose("tt_cross.validation_points");
constexpr std::uint64_t kSketch = stream_purpose("tt_cross.svd_sketch");

// Where the values come from. supercore() fills out with the bond-k
// supercore laid out as described above; at() fills values at arbitrary
// grid multi-indices. For a log source both return log f.
class Source {
 public:
  virtual ~Source() = default;
  virtual void supercore(int k, const IndexMatrix& I, const IndexMatrix& J, Matrix& out) = 0;
  virtual void at(const IndexMatrix& idx, Vector& out) = 0;
  long evaluations = 0;
  long calls = 0;
};

// The grid multi-index of supercore entry (row, col) of bond k.
void supercore_index(int k, int n1, const IndexMatrix& I, const IndexMatrix& J, Eigen::Index row, Eigen::Index col,
                     int* out) {
  const Eigen::Index alpha = row % I.rows(), i = row / I.rows();
  const Eigen::Index j = col % n1, beta = col / n1;
  for (Eigen::Index m = 0; m < I.cols(); ++m) out[m] = I(alpha, m);
  out[k] = int(i);
  out[k + 1] = int(j);
  for (Eigen::Index m = 0; m < J.cols(); ++m) out[k + 2 + m] = J(beta, m);
}

std::string index_string(const int* idx, int d) {
  std::ostringstream os;
  os << "(";
  for (int m = 0; m < d; ++m) os << (m ? ", " : "") << idx[m];
  os << ")";
  return os.str();
}

// A user oracle at grid points, in batches of at most max_batch.
class OracleSource : public Source {
 public:
  OracleSource(const std::vector<TTAxis>& axes, const TTOracle& f, long max_batch, bool log_values)
      : axes_(axes), f_(f), max_batch_(max_batch), log_(log_values) {}

  void supercore(int k, const IndexMatrix& I, const IndexMatrix& J, Matrix& out) override {
    const int n0 = axes_[std::size_t(k)].size(), n1 = axes_[std::size_t(k) + 1].size();
    const Eigen::Index rows = I.rows() * n0, cols = Eigen::Index(n1) * J.rows();
    out.resize(rows, cols);
    const int d = int(axes_.size());
    // Coordinates of each row (axes 0..k) and each column (axes k+1..d-1)
    // once; a point is one of each.
    RowMatrix left(rows, k + 1), right(cols, d - k - 1);
    std::vector<int> idx(static_cast<std::size_t>(d));
    for (Eigen::Index r = 0; r < rows; ++r) {
      supercore_index(k, n1, I, J, r, 0, idx.data());
      for (int m = 0; m <= k; ++m) left(r, m) = axes_[std::size_t(m)].nodes[std::size_t(idx[std::size_t(m)])];
    }
    for (Eigen::Index c = 0; c < cols; ++c) {
      supercore_index(k, n1, I, J, 0, c, idx.data());
      for (int m = k + 1; m < d; ++m) right(c, m - k - 1) = axes_[std::size_t(m)].nodes[std::size_t(idx[std::size_t(m)])];
    }
    run(rows * cols, [&](long e, double* x) {
      const Eigen::Index r = e % rows, c = e / rows;
      for (int m = 0; m <= k; ++m) x[m] = left(r, m);
      for (int m = k + 1; m < d; ++m) x[m] = right(c, m - k - 1);
    }, out.data());
  }

  void at(const IndexMatrix& idx, Vector& out) override {
    out.resize(idx.rows());
    const int d = int(axes_.size());
    run(long(idx.rows()), [&](long e, double* x) {
      for (int m = 0; m < d; ++m) x[m] = axes_[std::size_t(m)].nodes[std::size_t(idx(e, m))];
    }, out.data());
  }

 private:
  template <class Fill>
  void run(long count, const Fill& fill, double* out) {
    const int d = int(axes_.size());
    for (long start = 0; start < count; start += max_batch_) {
      const long m = std::min(max_batch_, count - start);
      points_.resize(m, d);
      for (long e = 0; e < m; ++e) fill(start + e, points_.row(e).data());
      values_.resize(0);
      f_(points_, values_);
      ++calls;
      WPROX_REQUIRE(values_.size() == m, DimensionMismatch,
                    "tensor-train cross: the oracle returned " << values_.size() << " values for " << m << " points");
      for (long e = 0; e < m; ++e) {
        const double v = values_[e];
        const bool bad = log_ ? (std::isnan(v) || v == std::numeric_limits<double>::infinity()) : !std::isfinite(v);
        if (bad) {
          std::ostringstream os;
          os << "tensor-train cross: the oracle returned " << v << (log_ ? " for log f" : "") << " at point (";
          for (int c = 0; c < d; ++c) os << (c ? ", " : "") << points_(e, c);
          os << ")";
          throw RunError(0, os.str());
        }
        out[start + e] = v;
      }
      evaluations += m;
    }
  }

  const std::vector<TTAxis>& axes_;
  const TTOracle& f_;
  long max_batch_;
  bool log_;
  RowMatrix points_;
  Vector values_;
};

// Values of a TT at supercore positions from interface products:
// left(alpha) = G_0(I(alpha, 0)) ... G_{k-1}(I(alpha, k-1)), and the mirror
// on the right, so a supercore costs O(|I| n^2 r |J|), not O(d r^2) per entry.
void tt_supercore(const TensorTrain& t, int k, const IndexMatrix& I, const IndexMatrix& J, Matrix& out) {
  const int d = t.dim();
  const int n0 = t.size(k), n1 = t.size(k + 1);
  const int rk = t.rank(k), rk1 = t.rank(k + 1), rk2 = t.rank(k + 2);
  Matrix L(I.rows(), rk), R(rk2, J.rows());
  Eigen::RowVectorXd v, w;
  for (Eigen::Index a = 0; a < I.rows(); ++a) {
    v = Eigen::RowVectorXd::Ones(1);
    for (int m = 0; m < k; ++m) {
      const int r = t.rank(m);
      w.noalias() = v * t.core(m).middleRows(Eigen::Index(r) * I(a, m), r);
      v.swap(w);
    }
    L.row(a) = v;
  }
  Vector x, y;
  for (Eigen::Index b = 0; b < J.rows(); ++b) {
    x = Vector::Ones(1);
    for (int m = d - 1; m >= k + 2; --m) {
      const int r = t.rank(m);
      y.noalias() = t.core(m).middleRows(Eigen::Index(r) * J(b, m - k - 2), r) * x;
      x.swap(y);
    }
    R.col(b) = x;
  }
  Matrix X(I.rows() * n0, rk1), Y(rk1, Eigen::Index(n1) * J.rows());
  for (int i = 0; i < n0; ++i) X.middleRows(I.rows() * i, I.rows()).noalias() = L * t.core(k).middleRows(Eigen::Index(rk) * i, rk);
  for (int j = 0; j < n1; ++j) {
    const Matrix Yj = t.core(k + 1).middleRows(Eigen::Index(rk1) * j, rk1) * R;
    for (Eigen::Index b = 0; b < J.rows(); ++b) Y.col(j + Eigen::Index(n1) * b) = Yj.col(b);
  }
  out.noalias() = X * Y;
}

enum class Combine { Product, Quotient };

// a .* b or a ./ b from two TTs on the same grid.
class PairSource : public Source {
 public:
  PairSource(const TensorTrain& a, const TensorTrain& b, Combine op, double floor)
      : a_(a), b_(b), op_(op), floor_(floor) {}

  void supercore(int k, const IndexMatrix& I, const IndexMatrix& J, Matrix& out) override {
    tt_supercore(a_, k, I, J, out);
    tt_supercore(b_, k, I, J, other_);
    const int d = a_.dim(), n1 = a_.size(k + 1);
    std::vector<int> idx(static_cast<std::size_t>(d));
    for (Eigen::Index c = 0; c < out.cols(); ++c)
      for (Eigen::Index r = 0; r < out.rows(); ++r)
        out(r, c) = combine(out(r, c), other_(r, c), [&] {
          supercore_index(k, n1, I, J, r, c, idx.data());
          return index_string(idx.data(), d);
        });
    evaluations += long(out.size());
  }

  void at(const IndexMatrix& idx, Vector& out) override {
    Vector other;
    tt_evaluate_indices(a_, idx, out);
    tt_evaluate_indices(b_, idx, other);
    for (Eigen::Index e = 0; e < out.size(); ++e)
      out[e] = combine(out[e], other[e], [&] { return index_string(idx.row(e).data(), a_.dim()); });
    evaluations += long(out.size());
  }

 private:
  template <class Where>
  double combine(double x, double y, const Where& where) const {
    if (op_ == Combine::Product) return x * y;
    if (!(y > 0)) {
      if (floor_ > 0) {
        y = floor_;
      } else {
        std::ostringstream os;
        os << "tt_divide_cross: the denominator is " << y << " (need > 0) at grid index " << where()
           << "; a den_floor > 0 would floor it";
        throw RunError(0, os.str());
      }
    } else if (y < floor_) {
      y = floor_;
    }
    return x / y;
  }

  const TensorTrain& a_;
  const TensorTrain& b_;
  Combine op_;
  double floor_;
  Matrix other_;
};

class Cross {
 public:
  Cross(const std::vector<TTAxis>& axes, Source& src, bool log_values, const TTCrossOptions& opt)
      : axes_(axes), d_(int(axes.size())), src_(src), log_(log_values), opt_(opt) {}

  TTCrossResult run() {
    TTCrossResult res;
    if (d_ == 1) return run_1d();
    init_right_sets();
    make_validation_set();
    // Half the tolerance for truncation, split over the d - 1 SVDs: two
    // sweeps that each err by ~tolerance / 2 differ by <= tolerance, so
    // the relative-change test can pass rather than hover at the tolerance.
    const double step_tol = 0.5 * opt_.tolerance / std::sqrt(d_ - 1.0);
    TensorTrain prev;
    double prev_scale = 0.0;
    for (int s = 1; s <= opt_.max_sweeps; ++s) {
      capped_ = false;
      if (s % 2 == 1) {
        for (int k = 0; k + 1 < d_; ++k) step_left_to_right(k, step_tol);
      } else {
        for (int k = d_ - 2; k >= 0; --k) step_right_to_left(k, step_tol);
      }
      TensorTrain cur(axes_, cores_);
      res.sweeps = s;
      res.validation_error = validation_error(cur);
      if (s > 1) res.relative_change = relative_change(cur, prev, prev_scale);
      res.rank_capped = capped_;
      prev = std::move(cur);
      prev_scale = scale_;
      if (s > 1 && res.relative_change <= opt_.tolerance && res.validation_error <= opt_.tolerance) {
        res.converged = true;
        break;
      }
    }
    finish(res, std::move(prev));
    return res;
  }

 private:
  TTCrossResult run_1d() {
    TTCrossResult res;
    IndexMatrix idx(axes_[0].size(), 1);
    for (int i = 0; i < axes_[0].size(); ++i) idx(i, 0) = i;
    Vector v;
    src_.at(idx, v);
    Matrix core = v;
    if (log_) {
      scale_ = shift_for(log_max(v.data(), v.size()));
      core = exp_shifted(v, scale_);
    }
    res.converged = true;
    res.relative_change = 0.0;
    res.validation_error = 0.0;
    finish(res, TensorTrain(axes_, {core}));
    return res;
  }

  void finish(TTCrossResult& res, TensorTrain tt) {
    res.tt = std::move(tt);
    res.log_scale = log_ ? scale_ : 0.0;
    res.evaluations = src_.evaluations;
    res.oracle_calls = src_.calls;
    res.ranks = res.tt.ranks();
    if (opt_.validation_points == 0) res.validation_error = 0.0;
    std::ostringstream os;
    os << (res.converged ? "converged" : "did not converge") << " after " << res.sweeps << " sweeps (tolerance "
       << opt_.tolerance << "): relative change " << res.relative_change << ", validation error "
       << res.validation_error << ", max rank " << res.tt.max_rank() << " (cap " << opt_.max_rank
       << (res.rank_capped ? ", reached with error left over" : "") << "), " << res.evaluations << " evaluations";
    res.message = os.str();
  }

  // exp(m - shift) entrywise by std::exp: Eigen's vectorized exp clamps
  // its argument, turning exp(-inf) = 0 into a denormal.
  static Matrix exp_shifted(const Matrix& m, double shift) {
    return m.unaryExpr([shift](double v) { return std::exp(v - shift); });
  }

  // The largest of n log values (-inf when f = 0 at all of them).
  static double log_max(const double* v, Eigen::Index n) {
    double m = -std::numeric_limits<double>::infinity();
    for (Eigen::Index e = 0; e < n; ++e) m = std::max(m, v[e]);
    return m;
  }
  // The shift that brings the largest value to 1 (any, when all are 0).
  static double shift_for(double log_max) { return std::isfinite(log_max) ? log_max : 0.0; }

  // The sampled supercore, scaled so that its largest entry is 1 (plain:
  // divided by max |f|; log: exp(log f - max log f)). The SVD and maxvol
  // are scale-invariant; raw keeps what the carrying core needs.
  void sample(int k, Matrix& raw, Matrix& unit, double& shift) {
    src_.supercore(k, I_[std::size_t(k)], J_[std::size_t(k) + 1], raw);
    require_finite(k, raw);
    if (log_) {
      const double m = log_max(raw.data(), raw.size());
      shift = shift_for(m);
      unit = exp_shifted(raw, shift);
      seen_ = std::max(seen_, m);
    } else {
      const double m = raw.cwiseAbs().maxCoeff();
      shift = m;
      unit = m > 0 ? Matrix(raw / m) : raw;
      seen_ = std::max(seen_, m);
    }
  }

  // A NaN or infinity would wreck the SVD; oracle values were checked as
  // they came in, but a product or quotient of trains can still overflow.
  void require_finite(int k, const Matrix& raw) const {
    for (Eigen::Index c = 0; c < raw.cols(); ++c)
      for (Eigen::Index r = 0; r < raw.rows(); ++r) {
        const double v = raw(r, c);
        if (log_ ? !(std::isnan(v) || v == std::numeric_limits<double>::infinity()) : std::isfinite(v)) continue;
        std::vector<int> idx(static_cast<std::size_t>(d_));
        supercore_index(k, axes_[std::size_t(k) + 1].size(), I_[std::size_t(k)], J_[std::size_t(k) + 1], r, c,
                        idx.data());
        std::ostringstream os;
        os << "tensor-train cross: the value " << (log_ ? "log f = " : "f = ") << v << " at grid index "
           << index_string(idx.data(), d_) << " is not finite";
        throw RunError(0, os.str());
      }
  }

  // The truncated SVD of bond k's scaled supercore under the per-step
  // tolerance, sketched from the bond's current rank.
  tt_detail::Truncation truncate(int k, const Matrix& unit, double step_tol) {
    tt_detail::Truncation t = tt_detail::truncated_svd(unit, step_tol * unit.norm(), opt_.max_rank,
                                                       bond_rank_[std::size_t(k)], opt_.seed, kSketch, svd_calls_++);
    capped_ = capped_ || t.capped;
    bond_rank_[std::size_t(k)] = int(t.U.cols());
    return t;
  }

  // M M[rows]^{-1}, with the pivot rows set to exact unit vectors.
  static Matrix interpolating(const Matrix& M, const std::vector<int>& rows) {
    const Eigen::Index r = M.cols();
    Matrix sub(r, r);
    for (Eigen::Index j = 0; j < r; ++j) sub.row(j) = M.row(rows[std::size_t(j)]);
    Matrix C = sub.transpose().fullPivLu().solve(M.transpose()).transpose();
    for (Eigen::Index j = 0; j < r; ++j) {
      C.row(rows[std::size_t(j)]).setZero();
      C(rows[std::size_t(j)], j) = 1.0;
    }
    return C;
  }

  void step_left_to_right(int k, double step_tol) {
    Matrix raw, unit;
    double shift = 0;
    sample(k, raw, unit, shift);
    const tt_detail::Truncation t = truncate(k, unit, step_tol);
    const int r = int(t.U.cols());
    const Matrix& U = t.U;
    const std::vector<int> piv = maxvol(U);
    cores_[std::size_t(k)] = interpolating(U, piv);
    const IndexMatrix& I = I_[std::size_t(k)];
    IndexMatrix next(r, k + 1);
    for (int a = 0; a < r; ++a) {
      const Eigen::Index row = piv[std::size_t(a)];
      next.row(a).head(k) = I.row(row % I.rows());
      next(a, k) = int(row / I.rows());
    }
    I_[std::size_t(k) + 1] = std::move(next);
    if (k == d_ - 2) {
      const Matrix& carry = log_ ? unit : raw;
      Matrix last(r, carry.cols());
      for (int a = 0; a < r; ++a) last.row(a) = carry.row(piv[std::size_t(a)]);
      cores_[std::size_t(d_) - 1] = reshaped(last, Eigen::Index(r) * axes_.back().size(), 1);
      scale_ = log_ ? shift : 0.0;
    }
  }

  void step_right_to_left(int k, double step_tol) {
    Matrix raw, unit;
    double shift = 0;
    sample(k, raw, unit, shift);
    const tt_detail::Truncation t = truncate(k, unit, step_tol);
    const int r = int(t.V.cols());
    const Matrix& V = t.V;
    const std::vector<int> piv = maxvol(V);
    const int n1 = axes_[std::size_t(k) + 1].size();
    const IndexMatrix& J = J_[std::size_t(k) + 1];
    const Matrix right = interpolating(V, piv).transpose();  // r x (n1 |J|), column j + n1 beta
    cores_[std::size_t(k) + 1] = reshaped(right, Eigen::Index(r) * n1, J.rows());
    IndexMatrix next(r, d_ - 1 - k);
    for (int b = 0; b < r; ++b) {
      const Eigen::Index col = piv[std::size_t(b)];
      next(b, 0) = int(col % n1);
      next.row(b).tail(J.cols()) = J.row(col / n1);
    }
    J_[std::size_t(k)] = std::move(next);
    if (k == 0) {
      const Matrix& carry = log_ ? unit : raw;
      Matrix first(carry.rows(), r);
      for (int b = 0; b < r; ++b) first.col(b) = carry.col(piv[std::size_t(b)]);
      cores_[0] = first;
      scale_ = log_ ? shift : 0.0;
    }
  }

  // Random grid multi-index number `item` of a purpose (one stream each).
  void random_index(std::uint64_t item, std::uint64_t purpose, int* out) const {
    RandomStream rs(opt_.seed, purpose, item);
    for (int m = 0; m < d_; ++m) {
      const int n = axes_[std::size_t(m)].size();
      out[m] = std::min(n - 1, int(rs.uniform() * n));
    }
  }

  // J[k] for the first (left-to-right) sweep: the first initial_rank
  // distinct tails of the seed points, the caller's first, then the box
  // centre, then random ones.
  void init_right_sets() {
    I_.assign(std::size_t(d_), IndexMatrix());
    J_.assign(std::size_t(d_), IndexMatrix());
    cores_.assign(std::size_t(d_), Matrix());
    I_[0].resize(1, 0);
    J_[std::size_t(d_) - 1].resize(1, 0);
    bond_rank_.assign(std::size_t(d_) - 1, opt_.initial_rank);
    // The caller's points in a strided order, so that the first few seeds
    // spread over the whole list (e.g. over the modes of a particle cloud).
    std::vector<std::vector<int>> seeds;
    const long P = long(opt_.initial_points.rows()), stride = std::max(1L, P / opt_.initial_rank);
    for (long o = 0; o < stride; ++o)
      for (long p = o; p < P; p += stride) {
        std::vector<int> idx(static_cast<std::size_t>(d_));
        for (int m = 0; m < d_; ++m) idx[std::size_t(m)] = nearest_node(m, opt_.initial_points(p, m));
        seeds.push_back(std::move(idx));
      }
    std::vector<int> centre(static_cast<std::size_t>(d_));
    for (int m = 0; m < d_; ++m) centre[std::size_t(m)] = axes_[std::size_t(m)].size() / 2;
    seeds.push_back(centre);
    const int extra = 4 * opt_.initial_rank + 8;
    for (int q = 0; q < extra; ++q) {
      std::vector<int> idx(static_cast<std::size_t>(d_));
      random_index(std::uint64_t(q), kInitialPoints, idx.data());
      seeds.push_back(std::move(idx));
    }
    for (int k = 0; k + 1 < d_; ++k) {
      std::vector<std::vector<int>> tails;
      for (const auto& s : seeds) {
        std::vector<int> tail(s.begin() + k + 1, s.end());
        if (std::find(tails.begin(), tails.end(), tail) == tails.end()) tails.push_back(std::move(tail));
        if (int(tails.size()) == opt_.initial_rank) break;
      }
      IndexMatrix J(Eigen::Index(tails.size()), d_ - 1 - k);
      for (std::size_t b = 0; b < tails.size(); ++b)
        for (int m = 0; m < d_ - 1 - k; ++m) J(Eigen::Index(b), m) = tails[b][std::size_t(m)];
      J_[std::size_t(k)] = std::move(J);
    }
  }

  int nearest_node(int m, double x) const {
    const std::vector<double>& xs = axes_[std::size_t(m)].nodes;
    const auto it = std::lower_bound(xs.begin(), xs.end(), x);
    if (it == xs.begin()) return 0;
    if (it == xs.end()) return int(xs.size()) - 1;
    const int hi = int(it - xs.begin());
    return (x - xs[std::size_t(hi) - 1] <= *it - x) ? hi - 1 : hi;
  }

  // The caller's points (where f is large: uniform points alone would
  // almost never land in the mass of a peaked function in many dimensions)
  // fill up to half the set, evenly strided; uniform random points the rest.
  void make_validation_set() {
    const long nv = opt_.validation_points, P = long(opt_.initial_points.rows());
    const long np = std::min(P, nv / 2);
    valid_idx_.resize(nv, d_);
    for (long p = 0; p < np; ++p)
      for (int m = 0; m < d_; ++m) valid_idx_(p, m) = nearest_node(m, opt_.initial_points(p * P / np, m));
    for (long p = np; p < nv; ++p) random_index(std::uint64_t(p), kValidationPoints, valid_idx_.row(p).data());
    if (nv > 0) src_.at(valid_idx_, valid_f_);
    if (nv > 0) seen_ = std::max(seen_, log_ ? log_max(valid_f_.data(), nv) : valid_f_.cwiseAbs().maxCoeff());
  }

  double validation_error(const TensorTrain& tt) const {
    if (opt_.validation_points == 0) return 0.0;
    Vector t;
    tt_evaluate_indices(tt, valid_idx_, t);
    double err = 0.0;
    const double ref = shift_for(seen_);
    for (Eigen::Index p = 0; p < t.size(); ++p) {
      const double e = log_ ? std::fabs(std::exp(valid_f_[p] - ref) - std::exp(scale_ - ref) * t[p])
                            : std::fabs(valid_f_[p] - t[p]);
      err = std::max(err, std::isnan(e) ? std::numeric_limits<double>::infinity() : e);
    }
    // Log mode divided by exp(seen_) = max f already; plain mode divides
    // here. With f = 0 at every sample the error is absolute.
    if (log_ || !(seen_ > 0)) return err;
    return err / seen_;
  }

  double relative_change(const TensorTrain& cur, const TensorTrain& prev, double prev_scale) const {
    const double ln = prev_scale - scale_;  // prev in units of cur's scale
    if (ln > 700) return std::numeric_limits<double>::infinity();
    const TensorTrain diff = tt_sum(cur, prev, 1.0, -std::exp(ln));
    const double nd = tt_norm(diff), nc = tt_norm(cur);
    if (nc > 0) return nd / nc;
    return nd == 0 ? 0.0 : std::numeric_limits<double>::infinity();
  }

  const std::vector<TTAxis>& axes_;
  int d_;
  Source& src_;
  bool log_;
  const TTCrossOptions& opt_;
  std::vector<IndexMatrix> I_, J_;
  std::vector<Matrix> cores_;
  double scale_ = 0.0;  // log mode: log of the factor the carrying core was divided by
  double seen_ = -std::numeric_limits<double>::infinity();  // max |f| (plain) or max log f seen
  bool capped_ = false;
  std::vector<int> bond_rank_;   // last rank chosen at each bond: the next sketch's size
  std::uint64_t svd_calls_ = 0;  // numbers the sketches' random streams
  IndexMatrix valid_idx_;
  Vector valid_f_;
};

void require_options(const TTCrossOptions& o, int d, const char* what) {
  WPROX_REQUIRE(std::isfinite(o.tolerance) && o.tolerance > 0, InputError,
                what << ": tolerance " << o.tolerance << ", need a finite value > 0");
  WPROX_REQUIRE(o.max_rank >= 1, InputError, what << ": max_rank " << o.max_rank << ", need >= 1");
  WPROX_REQUIRE(o.initial_rank >= 1, InputError, what << ": initial_rank " << o.initial_rank << ", need >= 1");
  WPROX_REQUIRE(o.max_sweeps >= 2, InputError, what << ": max_sweeps " << o.max_sweeps << ", need >= 2");
  WPROX_REQUIRE(o.validation_points >= 0, InputError,
                what << ": validation_points " << o.validation_points << ", need >= 0");
  WPROX_REQUIRE(o.max_batch >= 1, InputError, what << ": max_batch " << o.max_batch << ", need >= 1");
  WPROX_REQUIRE(o.initial_points.rows() == 0 || o.initial_points.cols() == d, DimensionMismatch,
                what << ": initial_points have " << o.initial_points.cols() << " columns but the grid has dimension "
                     << d);
}

TTCrossResult oracle_cross(const std::vector<TTAxis>& axes, const TTOracle& f, const TTCrossOptions& opt,
                           bool log_values, const char* what) {
  const int d = int(axes.size());
  WPROX_REQUIRE(d >= 1, InputError, what << ": no axes, need at least 1");
  for (int k = 0; k < d; ++k) tt_check_axis(axes[std::size_t(k)], std::string(what) + " axis " + std::to_string(k));
  WPROX_REQUIRE(bool(f), InputError, what << ": the oracle is empty");
  require_options(opt, d, what);
  OracleSource src(axes, f, opt.max_batch, log_values);
  return Cross(axes, src, log_values, opt).run();
}

TTCrossResult pair_cross(const TensorTrain& a, const TensorTrain& b, const TTCrossOptions& opt, Combine op,
                         double floor, const char* what) {
  WPROX_REQUIRE(a.dim() >= 1, InputError, what << ": empty tensor train");
  tt_detail::require_same_grid(a, b, what);
  require_options(opt, a.dim(), what);
  PairSource src(a, b, op, floor);
  return Cross(a.axes(), src, false, opt).run();
}

}  // namespace

TTCrossResult tt_cross(const std::vector<TTAxis>& axes, const TTOracle& f, const TTCrossOptions& opt) {
  return oracle_cross(axes, f, opt, false, "tt_cross");
}

TTCrossResult tt_cross_log(const std::vector<TTAxis>& axes, const TTOracle& log_f, const TTCrossOptions& opt) {
  return oracle_cross(axes, log_f, opt, true, "tt_cross_log");
}

TTCrossResult tt_multiply_cross(const TensorTrain& a, const TensorTrain& b, const TTCrossOptions& opt) {
  return pair_cross(a, b, opt, Combine::Product, 0.0, "tt_multiply_cross");
}

TTCrossResult tt_divide_cross(const TensorTrain& num, const TensorTrain& den, const TTCrossOptions& opt,
                              double den_floor) {
  WPROX_REQUIRE(std::isfinite(den_floor) && den_floor >= 0, InputError,
                "tt_divide_cross: den_floor " << den_floor << ", need a finite value >= 0");
  return pair_cross(num, den, opt, Combine::Quotient, den_floor, "tt_divide_cross");
}

std::size_t tt_cross_bytes(const std::vector<int>& sizes, int max_rank, long max_batch) {
  const std::size_t d = sizes.size();
  WPROX_REQUIRE(d >= 1, InputError, "tt_cross_bytes: no sizes");
  WPROX_REQUIRE(max_rank >= 1 && max_batch >= 1, InputError,
                "tt_cross_bytes: max_rank " << max_rank << " and max_batch " << max_batch << ", need both >= 1");
  // Bond ranks are capped by max_rank and by the unfolding's shorter side.
  std::vector<int> r(d + 1, 1);
  double left = 1.0;
  for (std::size_t k = 1; k < d; ++k) {
    left *= sizes[k - 1];
    double right = 1.0;
    for (std::size_t m = k; m < d && right < max_rank; ++m) right *= sizes[m];
    r[k] = int(std::min({double(max_rank), left, right}));
  }
  // The TT: current, previous, and the rank-doubled difference with its
  // orthogonalized copy (4x each) for the relative change.
  std::size_t bytes = 10 * tt_bytes(sizes, r);
  // The largest supercore: raw, scaled, and the SVD's U, V and workspace.
  double super = 0.0;
  for (std::size_t k = 0; k + 1 < d; ++k)
    super = std::max(super, double(r[k]) * sizes[k] * sizes[k + 1] * r[k + 2]);
  bytes += std::size_t(5.0 * super) * sizeof(double);
  // One batch of points and values, and the index sets.
  bytes += std::size_t(max_batch) * (d + 1) * sizeof(double);
  for (std::size_t k = 0; k <= d; ++k) bytes += 2 * std::size_t(r[k]) * d * sizeof(int);
  return bytes;
}

}  // namespace wprox
