// The four models through the ReactionDiffusionModel interface, on both
// boundaries: Jacobian products against central differences of rhs, the
// transpose against the adjoint identity, the preconditioner symbol X^
// against I - ht J at the pure phase u = 1, the energy's gradient against
// the model's chemical potential / rhs, and a solver's update done in the
// model's loop against the same update written out.
#include <functional>
#include <numeric>

#include <wprox/parallel.hpp>
#include <wprox/spectral.hpp>

#include <wprox/stencil.hpp>

#include "rd_support.hpp"

namespace {

using rdtest::Settings;

struct Case {
  std::string problem;
  Settings settings;
};

std::vector<Case> cases() {
  std::vector<Case> out;
  for (std::string b : {"periodic", "neumann"}) {
    // eps chosen so that every term of each rhs has a comparable size at n = 16.
    out.push_back({"allen-cahn", {{"problem.n", "16"}, {"problem.boundary", b}, {"problem.eps", "0.05"}}});
    out.push_back({"allen-cahn-mobility", {{"problem.n", "16"}, {"problem.boundary", b}, {"problem.eps", "0.3"}}});
    out.push_back({"cahn-hilliard", {{"problem.n", "16"}, {"problem.boundary", b}, {"problem.eps", "0.3"}}});
    out.push_back({"fch6", {{"problem.n", "16"}, {"problem.boundary", b}, {"problem.eps", "0.4"}}});
  }
  return out;
}

Settings strip(const Settings& s) {
  Settings out;
  for (const auto& [k, v] : s) out[k.substr(8)] = v;  // drop "problem."
  return out;
}

double dot(const std::vector<double>& a, const std::vector<double>& b) {
  return std::inner_product(a.begin(), a.end(), b.begin(), 0.0);
}

double abs_dot(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) s += std::fabs(a[i] * b[i]);
  return s;
}

}  // namespace

TEST_CASE("rd models: Jacobian products are exact derivatives and adjoints") {
  for (const Case& c : cases()) {
    CAPTURE(c.problem);
    CAPTURE(c.settings.at("problem.boundary"));
    auto prob = rdtest::make_problem(c.problem, strip(c.settings));
    const wprox::PdeProblem& p = rdtest::pde(prob);
    const wprox::ReactionDiffusionModel& m = p.model();
    const long N = p.grid().size();
    std::vector<double> scratch(std::size_t(std::max(1, m.scratch_fields())) * N);
    const std::vector<double> u = rdtest::wiggly(N, 0.2), v = rdtest::wiggly(N, 0.9), w = rdtest::wiggly(N, 1.7);
    std::vector<double> Jv(N), JTw(N), up(N), um(N), fp(N), fm(N), fd(N);
    m.jacobian_apply(u.data(), v.data(), Jv.data(), scratch.data());

    // rhs is a polynomial in u (degree 3, or 5 for fch); the central
    // difference has error (delta^2 / 6) |d^3 rhs[v,v,v]| ~ 1e-8 relative,
    // plus round-off 1e-16 ||rhs|| / delta ~ 1e-11 relative: 1e-6 bounds both.
    const double delta = 1e-4;
    for (long i = 0; i < N; ++i) {
      up[i] = u[i] + delta * v[i];
      um[i] = u[i] - delta * v[i];
    }
    m.rhs(up.data(), fp.data(), scratch.data());
    m.rhs(um.data(), fm.data(), scratch.data());
    for (long i = 0; i < N; ++i) fd[i] = (fp[i] - fm[i]) / (2 * delta);
    CHECK(rdtest::max_abs_diff(fd, Jv) <= 1e-6 * rdtest::max_abs(Jv));

    // <J^T w, v> = <w, J v>, to round-off in sums of N products.
    m.jacobian_transpose_apply(u.data(), w.data(), JTw.data(), scratch.data());
    CHECK(std::fabs(dot(JTw, v) - dot(w, Jv)) <= 1e-12 * (abs_dot(JTw, v) + abs_dot(w, Jv)));
  }
}

TEST_CASE("rd models: X^ is the symbol of I - ht J at the pure phase u = 1") {
  for (const Case& c0 : cases()) {
    Case c = c0;
    if (c.problem == "allen-cahn-mobility") c.settings["problem.mu"] = "0";  // X^ uses the mean mobility
    CAPTURE(c.problem);
    CAPTURE(c.settings.at("problem.boundary"));
    auto prob = rdtest::make_problem(c.problem, strip(c.settings));
    const wprox::PdeProblem& p = rdtest::pde(prob);
    const wprox::ReactionDiffusionModel& m = p.model();
    const long N = p.grid().size();
    const double ht = 1e-3;
    std::vector<double> scratch(std::size_t(std::max(1, m.scratch_fields())) * N);
    const std::vector<double> one(N, 1.0), v = rdtest::wiggly(N, 0.4);
    std::vector<double> Jv(N), direct(N), spectral(N);
    m.jacobian_apply(one.data(), v.data(), Jv.data(), scratch.data());
    for (long i = 0; i < N; ++i) direct[i] = v[i] - ht * Jv[i];
    wprox::SpectralTransform t(p.grid());
    std::vector<double> xhat = t.laplacian_symbol();
    for (double& l : xhat) l = m.implicit_symbol(l, ht);
    t.apply(v.data(), spectral.data(), xhat.data());
    // Round-off of one transform pair times the symbol's size.
    CHECK(rdtest::max_abs_diff(direct, spectral) <= 1e-11 * rdtest::max_abs(direct));
  }
}

TEST_CASE("rd models: the energy's gradient is the model's driving force") {
  for (const Case& c : cases()) {
    CAPTURE(c.problem);
    CAPTURE(c.settings.at("problem.boundary"));
    auto prob = rdtest::make_problem(c.problem, strip(c.settings));
    const wprox::PdeProblem& p = rdtest::pde(prob);
    const wprox::ReactionDiffusionModel& m = p.model();
    const wprox::TensorGrid& g = p.grid();
    const long N = g.size();
    const double h2 = g.h() * g.h();
    const double eps = std::stod(c.settings.at("problem.eps"));
    std::vector<double> scratch(std::size_t(std::max(1, m.scratch_fields())) * N);
    const std::vector<double> u = rdtest::wiggly(N, 0.6), v = rdtest::wiggly(N, 2.3);
    // The variational derivative dE/du / h^2, written out independently:
    // AC: -rhs; CH: -eps^2 D u + W'(u); FCH: (eps^2 D - W'' + eps^2) mu.
    std::vector<double> grad(N), lap(N), mu(N), lapmu(N);
    wprox::laplacian(g, u.data(), lap.data());
    if (c.problem == "allen-cahn" || c.problem == "allen-cahn-mobility") {
      m.rhs(u.data(), grad.data(), scratch.data());
      for (double& x : grad) x = -x;
    } else if (c.problem == "cahn-hilliard") {
      for (long i = 0; i < N; ++i) grad[i] = -eps * eps * lap[i] + u[i] * u[i] * u[i] - u[i];
    } else {
      for (long i = 0; i < N; ++i) mu[i] = eps * eps * lap[i] - (u[i] * u[i] * u[i] - u[i]);
      wprox::laplacian(g, mu.data(), lapmu.data());
      for (long i = 0; i < N; ++i) grad[i] = eps * eps * lapmu[i] - (3 * u[i] * u[i] - 1) * mu[i] + eps * eps * mu[i];
    }
    const double delta = 1e-4;
    std::vector<double> up(N), um(N);
    for (long i = 0; i < N; ++i) {
      up[i] = u[i] + delta * v[i];
      um[i] = u[i] - delta * v[i];
    }
    const double fd = (m.energy(up.data(), scratch.data()) - m.energy(um.data(), scratch.data())) / (2 * delta);
    const double exact = h2 * dot(grad, v);
    // Central difference of a polynomial energy: O(delta^2) ~ 1e-8 relative.
    CHECK(std::fabs(fd - exact) <= 1e-6 * h2 * abs_dot(grad, v));
  }
}

TEST_CASE("rd models: row-wise operators equal the whole-field formulas, bit for bit, for any thread count") {
  // The models compute each operator as one pass of row blocks with halo
  // rows (rd::stencil_chain); here the same formulas are written with
  // whole-field Laplacians (the engine's wprox::laplacian) and pointwise
  // loops. n = 128 and 256 make 2 and 8 row blocks, so block edges, the
  // halos recomputed across them and the mirrored or wrapped halos at the
  // grid's edges are all exercised; the arithmetic is the same expression by
  // expression, so the results must be the same bits, with 1 and 2 threads.
  auto W1 = [](double x) { return x * x * x - x; };
  auto W2 = [](double x) { return 3.0 * x * x - 1.0; };
  for (int n : {128, 256}) {
    for (std::string b : {"periodic", "neumann"}) {
      for (std::string problem : {"allen-cahn", "cahn-hilliard", "fch6"}) {
        CAPTURE(n);
        CAPTURE(b);
        CAPTURE(problem);
        const double eps = problem == "allen-cahn" ? 0.05 : problem == "cahn-hilliard" ? 0.3 : 0.4;
        auto prob =
            rdtest::make_problem(problem, {{"n", std::to_string(n)}, {"boundary", b}, {"eps", rdtest::str(eps)}});
        const wprox::PdeProblem& p = rdtest::pde(prob);
        const wprox::ReactionDiffusionModel& m = p.model();
        const wprox::TensorGrid& g = p.grid();
        const long N = g.size();
        const double e2 = eps * eps;
        const std::vector<double> u = rdtest::wiggly(N, 0.2), v = rdtest::wiggly(N, 0.9);
        auto lap = [&](const std::vector<double>& f) {
          std::vector<double> out(N);
          wprox::laplacian(g, f.data(), out.data());
          return out;
        };
        std::vector<double> f_ref(N), j_ref(N), jt_ref(N), lu = lap(u), lv = lap(v);
        if (problem == "allen-cahn") {
          for (long c = 0; c < N; ++c) {
            f_ref[c] = eps * lu[c] - (1.0 / eps) * W1(u[c]);
            j_ref[c] = eps * lv[c] - (1.0 / eps) * W2(u[c]) * v[c];
          }
          jt_ref = j_ref;
        } else if (problem == "cahn-hilliard") {
          std::vector<double> s(N), t(N);
          for (long c = 0; c < N; ++c) s[c] = -e2 * lu[c] + W1(u[c]);
          for (long c = 0; c < N; ++c) t[c] = -e2 * lv[c] + W2(u[c]) * v[c];
          f_ref = lap(s);
          j_ref = lap(t);
          const std::vector<double> q = lv, lq = lap(q);
          for (long c = 0; c < N; ++c) jt_ref[c] = -e2 * lq[c] + W2(u[c]) * q[c];
        } else {
          std::vector<double> mu(N), t(N), a(N), bb(N), s(N);
          for (long c = 0; c < N; ++c) mu[c] = e2 * lu[c] - W1(u[c]);
          const std::vector<double> lmu = lap(mu);
          for (long c = 0; c < N; ++c) t[c] = e2 * lmu[c] + (e2 - W2(u[c])) * mu[c];
          f_ref = lap(t);
          for (long c = 0; c < N; ++c) a[c] = e2 * lv[c] - W2(u[c]) * v[c];
          const std::vector<double> la = lap(a);
          for (long c = 0; c < N; ++c) bb[c] = e2 * la[c] + (e2 - W2(u[c])) * a[c] - 6.0 * u[c] * mu[c] * v[c];
          j_ref = lap(bb);
          const std::vector<double> q = lv, lq = lap(q);
          for (long c = 0; c < N; ++c) s[c] = e2 * lq[c] + (e2 - W2(u[c])) * q[c];
          const std::vector<double> ls = lap(s);
          for (long c = 0; c < N; ++c) jt_ref[c] = e2 * ls[c] - W2(u[c]) * s[c] - 6.0 * u[c] * mu[c] * q[c];
        }
        for (int threads : {1, 2}) {
          CAPTURE(threads);
          std::vector<double> f(N), j(N), jt(N), scratch(std::size_t(std::max(1, m.scratch_fields())) * N);
          wprox::with_threads(threads, [&] {
            m.rhs(u.data(), f.data(), scratch.data());
            m.jacobian_apply(u.data(), v.data(), j.data(), scratch.data());
            m.jacobian_transpose_apply(u.data(), v.data(), jt.data(), scratch.data());
          });
          CHECK(f == f_ref);
          CHECK(j == j_ref);
          CHECK(jt == jt_ref);
        }
      }
    }
  }
}

TEST_CASE("rd models: an update done in the model's loop gives RowSink::put's result and row norms") {
  // Each model does the sink's RowUpdate in its operator's last loop; the
  // reference is the operator stored whole and the update written out with
  // put()'s formula. Every combination of the optional fields, all three
  // operators, both boundaries, rows of whole vectors in two row blocks of
  // the stencil chains (n = 128) and in several of Allen–Cahn's loop
  // (n = 512), rows of 27 cells (cell by cell), 1 and 2 threads; the sink must also be
  // handed the updated rows, and row_max must hold each row's largest
  // |value|. The models give put()'s bits, except Allen–Cahn with constant
  // mobility, whose loop regroups the formula (quadratic_update_rows): its
  // rounding differs by a few units in the last place of the largest term,
  // which here is at most a few times the largest |value| (rough fields, so
  // h L v is as large as anything in the sum): 1e-14 of it is ~50 ulps,
  // while a wrong coefficient or sign is off by O(1).
  for (const long n : {128L, 27L, 512L})
  for (const Case& cs : cases()) {
    CAPTURE(cs.problem);
    CAPTURE(cs.settings.at("problem.boundary"));
    CAPTURE(n);
    const bool regrouped = cs.problem == "allen-cahn";
    if (n == 512 && !regrouped) continue;
    Settings s = strip(cs.settings);
    s["n"] = std::to_string(n);
    auto prob = rdtest::make_problem(cs.problem, s);
    const wprox::ReactionDiffusionModel& m = rdtest::pde(prob).model();
    const long N = n * n;
    const std::vector<double> u = rdtest::wiggly(N, 0.2), v = rdtest::wiggly(N, 0.9), base = rdtest::wiggly(N, 1.7),
                              minus = rdtest::wiggly(N, 2.3);
    std::vector<double> scratch(std::size_t(std::max(1, m.scratch_fields())) * N);
    for (int op = 0; op < 3; ++op) {
      std::vector<double> val(N);
      if (op == 0) m.rhs(u.data(), val.data(), scratch.data());
      if (op == 1) m.jacobian_apply(u.data(), v.data(), val.data(), scratch.data());
      if (op == 2) m.jacobian_transpose_apply(u.data(), v.data(), val.data(), scratch.data());
      for (int variant = 0; variant < 4; ++variant) {
        const bool with_base = variant & 1, with_minus = variant & 2;
        CAPTURE(op);
        CAPTURE(variant);
        wprox::RowUpdate upd;
        upd.base = with_base ? base.data() : nullptr;
        upd.plus = op == 0 ? u.data() : v.data();
        upd.minus = with_minus ? minus.data() : nullptr;
        upd.coef = -0.37;
        upd.h = 0.013;
        std::vector<double> want(N);
        for (long c = 0; c < N; ++c) {
          const double t = upd.coef * ((with_minus ? upd.plus[c] - minus[c] : upd.plus[c]) - upd.h * val[c]);
          want[c] = with_base ? base[c] + t : t;
        }
        for (int threads : {1, 2}) {
          CAPTURE(threads);
          std::vector<double> dest(N, 0.0), handed(N, 0.0), row_max(std::size_t(n), -1.0);
          upd.dest = dest.data();
          upd.row_max = row_max.data();
          auto sink = wprox::row_sink([&](long, long b, long e, const double* x) {
            std::copy(x, x + (e - b), handed.begin() + b);
          });
          sink.set_update(upd);
          wprox::with_threads(threads, [&] {
            if (op == 0) m.rhs_rows(u.data(), sink, scratch.data());
            if (op == 1) m.jacobian_rows(u.data(), v.data(), sink, scratch.data());
            if (op == 2) m.jacobian_transpose_rows(u.data(), v.data(), sink, scratch.data());
          });
          if (regrouped) {
            CHECK(rdtest::max_abs_diff(dest, want) <= 1e-14 * rdtest::max_abs(want));
            CHECK(rdtest::max_abs_diff(dest, want) > 0.0);  // the regrouped loop did run
          } else {
            CHECK(dest == want);
          }
          CHECK(handed == dest);
          for (long r = 0; r < n; ++r) {
            double mx = 0.0;
            for (long c = r * n; c < (r + 1) * n; ++c) mx = std::max(mx, std::fabs(dest[c]));
            CHECK(row_max[std::size_t(r)] == mx);
          }
        }
      }
    }
  }
}

TEST_CASE("rd models: a NaN in a row's values makes that row's norm NaN") {
  // The stopping tests read row_max: a NaN cell must not hide behind a
  // larger finite one (the NaN cell sits in a row whose other values are
  // larger, rows of whole vectors and of single cells).
  for (const long n : {128L, 27L})
  for (const Case& cs : cases()) {
    CAPTURE(cs.problem);
    CAPTURE(cs.settings.at("problem.boundary"));
    CAPTURE(n);
    Settings s = strip(cs.settings);
    s["n"] = std::to_string(n);
    auto prob = rdtest::make_problem(cs.problem, s);
    const wprox::ReactionDiffusionModel& m = rdtest::pde(prob).model();
    const long N = n * n, row = n / 2;
    std::vector<double> u = rdtest::wiggly(N, 0.2), minus = rdtest::wiggly(N, 2.3);
    std::vector<double> plus = u;
    plus[std::size_t(row * n + 5)] = std::nan("");  // only the update's own term: the stencil stays finite
    std::vector<double> scratch(std::size_t(std::max(1, m.scratch_fields())) * N), dest(N),
        row_max(std::size_t(n), 0.0);
    for (int op = 0; op < 2; ++op) {
      CAPTURE(op);
      wprox::RowUpdate upd;
      upd.dest = dest.data();
      upd.plus = op == 0 ? u.data() : plus.data();
      upd.minus = minus.data();
      upd.h = 0.013;
      upd.row_max = row_max.data();
      if (op == 0) u[std::size_t(row * n + 5)] = std::nan("");
      auto sink = wprox::row_sink([](long, long, long, const double*) {});
      sink.set_update(upd);
      m.rhs_rows(u.data(), sink, scratch.data());
      CHECK(std::isnan(row_max[std::size_t(row)]));
      CHECK(std::isfinite(row_max[std::size_t(row + n / 4)]));
      u = rdtest::wiggly(N, 0.2);
    }
  }
}
