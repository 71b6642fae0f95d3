#include "collocation.hpp"

#include <algorithm>
#include <cmath>

#include <wprox/errors.hpp>
#include <wprox/parallel.hpp>
#include <wprox/random.hpp>

namespace wprox::npdg {
namespace {

constexpr std::uint64_t kInterior = 0, kBoundary = 1, kScramble = 2;

std::uint64_t substream(std::uint64_t round, std::uint64_t purpose) { return 3 * round + purpose; }

// The first `count` primes (count <= 50 here: one base per dimension).
std::vector<int> primes(int count) {
  std::vector<int> p;
  for (int c = 2; int(p.size()) < count; ++c) {
    bool prime = true;
    for (int q : p) {
      if (q * q > c) break;
      if (c % q == 0) {
        prime = false;
        break;
      }
    }
    if (prime) p.push_back(c);
  }
  return p;
}

// Digit permutations of one coordinate: levels l = 0.. while base^-(l+1)
// still changes a double in [0, 1) (all 53 bits of the mantissa scrambled:
// the digits beyond the index's own are zeros, whose permuted values make
// the tail of the expansion random too).
struct ScrambledRadicalInverse {
  int base = 2;
  std::vector<std::vector<int>> perm;  // perm[l][digit]

  ScrambledRadicalInverse(int b, RandomStream& rs) : base(b) {
    const int levels = int(std::ceil(53.0 * std::log(2.0) / std::log(double(b))));
    perm.resize(std::size_t(levels));
    for (auto& p : perm) {
      p.resize(std::size_t(b));
      for (int i = 0; i < b; ++i) p[std::size_t(i)] = i;
      for (int i = b - 1; i > 0; --i) {  // Fisher-Yates
        const int j = int(rs.bits() % std::uint64_t(i + 1));
        std::swap(p[std::size_t(i)], p[std::size_t(j)]);
      }
    }
  }

  double operator()(std::uint64_t index) const {
    double x = 0.0, scale = 1.0 / base;
    for (const auto& p : perm) {
      x += scale * p[std::size_t(index % std::uint64_t(base))];
      index /= std::uint64_t(base);
      scale /= base;
    }
    return std::min(x, 1.0 - 0x1p-53);  // [0, 1)
  }
};

// Per-point work in blocks: each column is written by exactly one task.
template <class F>
void for_columns(long n, F&& f) {
  parallel_for(n, [&](long b, long e) {
    for (long j = b; j < e; ++j) f(j);
  }, 64);
}

}  // namespace

PointSequence point_sequence_from_name(const std::string& name) {
  if (name == "random") return PointSequence::random;
  if (name == "halton") return PointSequence::halton;
  throw InputError("collocation: point sequence '" + name + "' is unknown (random, halton)");
}

const char* point_sequence_name(PointSequence s) { return s == PointSequence::random ? "random" : "halton"; }

Matrix sample_interior(const EllipticProblem& p, long n, std::uint64_t seed, std::uint64_t round,
                       PointSequence sequence) {
  const int d = p.dim();
  const double lo = p.lower(), w = p.upper() - p.lower();
  Matrix X(d, n);
  if (sequence == PointSequence::halton) {
    const std::vector<int> base = primes(d);
    std::vector<ScrambledRadicalInverse> coord;
    coord.reserve(std::size_t(d));
    for (int i = 0; i < d; ++i) {
      RandomStream rs(seed, std::uint64_t(i), substream(round, kScramble));
      coord.emplace_back(base[std::size_t(i)], rs);
    }
    for_columns(n, [&](long j) {
      for (int i = 0; i < d; ++i) X(i, j) = lo + w * coord[std::size_t(i)](std::uint64_t(j));
    });
    return X;
  }
  for_columns(n, [&](long j) {
    RandomStream rs(seed, std::uint64_t(j), substream(round, kInterior));
    for (int i = 0; i < d; ++i) X(i, j) = lo + w * rs.uniform();
  });
  return X;
}

Matrix sample_boundary(const EllipticProblem& p, long n, std::uint64_t seed, std::uint64_t round,
                       std::vector<int>* axis) {
  const int d = p.dim();
  const double lo = p.lower(), hi = p.upper(), w = hi - lo;
  Matrix X(d, n);
  if (axis) axis->assign(std::size_t(n), 0);
  for_columns(n, [&](long j) {
    RandomStream rs(seed, std::uint64_t(j), substream(round, kBoundary));
    // Face = floor(2d u) of one uniform: 2d equally likely faces.
    const int face = std::min(2 * d - 1, int(2.0 * d * rs.uniform()));
    for (int i = 0; i < d; ++i) X(i, j) = lo + w * rs.uniform();
    X(face / 2, j) = (face % 2 == 0) ? lo : hi;
    if (axis) (*axis)[std::size_t(j)] = face / 2;
  });
  return X;
}

InteriorData interior_data(const EllipticProblem& p, Matrix X) {
  InteriorData D;
  const long n = X.cols();
  D.a.resize(n);
  D.grad_a.resize(p.dim(), n);
  D.f.resize(n);
  for_columns(n, [&](long j) {
    const double* x = X.col(j).data();
    D.a[j] = p.coefficient(x);
    p.coefficient_gradient(x, D.grad_a.col(j).data());
    D.f[j] = p.source(x);
  });
  D.X = std::move(X);
  return D;
}

BoundaryData boundary_data(const EllipticProblem& p, Matrix X, std::vector<int> axis) {
  WPROX_REQUIRE(long(axis.size()) == X.cols(), DimensionMismatch,
                "boundary data: " << axis.size() << " normal axes for " << X.cols() << " points");
  BoundaryData D;
  const long n = X.cols();
  D.g.resize(n);
  D.tangential.setOnes(p.dim(), n);
  D.grad_g.resize(p.dim(), n);
  for_columns(n, [&](long j) {
    D.g[j] = p.boundary_value(X.col(j).data());
    p.boundary_gradient(X.col(j).data(), D.grad_g.col(j).data());
    D.tangential(axis[std::size_t(j)], j) = 0.0;
    D.grad_g(axis[std::size_t(j)], j) = 0.0;
  });
  D.X = std::move(X);
  D.axis = std::move(axis);
  return D;
}

ReferenceData reference_data(const EllipticProblem& p, Matrix X) {
  ReferenceData D;
  const long n = X.cols();
  D.u.resize(n);
  D.grad_u.resize(p.dim(), n);
  for_columns(n, [&](long j) {
    D.u[j] = p.exact(X.col(j).data());
    p.exact_gradient(X.col(j).data(), D.grad_u.col(j).data());
  });
  D.l2_sq = D.u.squaredNorm() / double(n);
  D.grad_sq = D.grad_u.squaredNorm() / double(n);
  D.X = std::move(X);
  return D;
}

CollocationSchedule::CollocationSchedule(const EllipticProblem& p, long interior, long boundary,
                                         long resample_every, std::uint64_t seed, PointSequence sequence)
    : p_(p), n_in_(interior), n_bd_(boundary), every_(resample_every), seed_(seed), sequence_(sequence) {
  WPROX_REQUIRE(interior >= 1 && boundary >= 1, InputError,
                "collocation: " << interior << " interior and " << boundary
                                << " boundary points requested; both must be at least 1");
  WPROX_REQUIRE(resample_every >= 0, InputError,
                "collocation: resample_every = " << resample_every << " must be >= 0 (0: never resample)");
}

bool CollocationSchedule::update(long k) {
  const long round = every_ > 0 ? (k - 1) / every_ : 0;
  if (round == current_) return false;
  draw(round);
  ++rounds_;
  return true;
}

void CollocationSchedule::draw(long round) {
  in_ = interior_data(p_, sample_interior(p_, n_in_, seed_, std::uint64_t(round), sequence_));
  std::vector<int> axis;
  Matrix Y = sample_boundary(p_, n_bd_, seed_, std::uint64_t(round), &axis);
  bd_ = boundary_data(p_, std::move(Y), std::move(axis));
  current_ = round;
}

void CollocationSchedule::restore(long round, long rounds) {
  WPROX_REQUIRE(round >= -1 && rounds >= 0 && rounds >= round + 1, InputError,
                "checkpoint collocation round " << round << " with " << rounds << " rounds drawn is inconsistent");
  if (round >= 0) draw(round);
  current_ = round;
  rounds_ = rounds;
}

}  // namespace wprox::npdg
