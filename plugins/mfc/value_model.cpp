#include "value_model.hpp"

#include <wprox/errors.hpp>
#include <wprox/parallel.hpp>

namespace wprox::mfc {

NetworkValue::NetworkValue(const Mlp& net) : net_(net) {
  WPROX_REQUIRE(net.outputs() == 1 && net.inputs() >= 2, InputError,
                "mfc: the value network must map (t, x) to one number (inputs = " << net.inputs() << ", outputs = "
                                                                                  << net.outputs() << ")");
}

void NetworkValue::eval(const Matrix& points, ValueJet& out) const {
  // Time is input 0, space the rest: the jet's gradient and Laplacian are over x only.
  InputJet j = net_.jet(points, InputSelection{1, -1, -1, true});
  out.u = std::move(j.u);
  out.grad = std::move(j.grad);
  out.lap = std::move(j.lap);
}

void SolutionValue::eval(const Matrix& points, ValueJet& out) const {
  const long B = points.cols();
  out.u.resize(B);
  out.grad.resize(d_, B);
  out.lap.resize(B);
  parallel_for(
      B,
      [&](long b, long e) {
        for (long k = b; k < e; ++k) {
          const double t = points(0, k);
          const double* x = points.col(k).data() + 1;
          out.u[k] = sol_.phi(t, x);
          sol_.grad_phi(t, x, out.grad.col(k).data());
          out.lap[k] = sol_.laplacian_phi(t, x);
        }
      },
      256);
}

void second_order_jet(const ValueModel& model, const Matrix& points, const Matrix& S, double h, bool drive,
                      SecondOrderJet& out) {
  const int d = model.dim();
  const long B = points.cols();
  WPROX_REQUIRE(points.rows() == d + 1 && S.rows() == d && S.cols() == B, DimensionMismatch,
                "mfc: second_order_jet: points " << points.rows() << " x " << B << ", s " << S.rows() << " x "
                                                 << S.cols() << " for dim " << d);
  // Stencil of each sample: 0; +h e_j, -h e_j; then for i < j the four
  // points (+-h e_i) + (+-h e_j). Column b * P + m holds point m of sample b.
  const long P = drive ? 1 + 2L * d * d : 1 + 2L * d;
  Matrix stencil(d + 1, B * P);
  parallel_for(
      B,
      [&](long b, long e) {
        for (long k = b; k < e; ++k) {
          for (long m = 0; m < P; ++m) stencil.col(k * P + m) = points.col(k);
          long m = 1;
          for (int j = 0; j < d; ++j) {
            stencil(1 + j, k * P + m++) += h;
            stencil(1 + j, k * P + m++) -= h;
          }
          for (int i = 0; drive && i < d; ++i)
            for (int j = i + 1; j < d; ++j)
              for (int si = 1; si >= -1; si -= 2)
                for (int sj = 1; sj >= -1; sj -= 2) {
                  stencil(1 + i, k * P + m) += si * h;
                  stencil(1 + j, k * P + m) += sj * h;
                  ++m;
                }
        }
      },
      64);
  ValueJet J;
  model.eval(stencil, J);

  out.base.u.resize(B);
  out.base.grad.resize(d, B);
  out.base.lap.resize(B);
  out.hess.resize(d * d, B);
  out.grad_lap.resize(d, B);
  out.drive.resize(drive ? d * d : 0, drive ? B : 0);
  parallel_for(
      B,
      [&](long b, long e) {
        for (long k = b; k < e; ++k) {
          const long c0 = k * P;
          auto g = [&](long m) { return S.col(k).dot(J.grad.col(c0 + m)) + J.lap[c0 + m]; };
          out.base.u[k] = J.u[c0];
          out.base.grad.col(k) = J.grad.col(c0);
          out.base.lap[k] = J.lap[c0];
          const double g0 = drive ? g(0) : 0.0;
          for (int j = 0; j < d; ++j) {
            const long cp = 1 + 2 * j, cm = 2 + 2 * j;
            for (int i = 0; i < d; ++i) out.hess(i * d + j, k) = (J.grad(i, c0 + cp) - J.grad(i, c0 + cm)) / (2 * h);
            out.grad_lap(j, k) = (J.lap[c0 + cp] - J.lap[c0 + cm]) / (2 * h);
            if (drive) out.drive(j * d + j, k) = (g(cp) - 2 * g0 + g(cm)) / (h * h);
          }
          long m = 1 + 2 * d;
          for (int i = 0; drive && i < d; ++i)
            for (int j = i + 1; j < d; ++j) {
              const double v = (g(m) - g(m + 1) - g(m + 2) + g(m + 3)) / (4 * h * h);
              out.drive(i * d + j, k) = out.drive(j * d + i, k) = v;
              m += 4;
            }
          for (int i = 0; i < d; ++i)
            for (int j = i + 1; j < d; ++j) {
              const double v = 0.5 * (out.hess(i * d + j, k) + out.hess(j * d + i, k));
              out.hess(i * d + j, k) = out.hess(j * d + i, k) = v;
            }
        }
      },
      64);
}

}  // namespace wprox::mfc
