// The pictures methods describe: a scatter of d > 2 points says which
// projection it shows; HJ trajectories on a periodic domain stay in it.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "testing.hpp"

using namespace wprox;

namespace {

const Picture& find_picture(const Results& r, const std::string& name) {
  for (const auto& p : r.pictures)
    if (p.name == name) return p;
  FAIL("no picture " << name);
  throw 0;
}

}  // namespace

TEST_CASE("the particles picture of a 3-D sampler run names its projection") {
  const auto three = testing::run_method("ula", "gaussian", {{"particles", "20"}, {"steps", "2"}}, {{"dim", "3"}});
  const Picture& p3 = find_picture(three.results(), "particles");
  CHECK(p3.title.find("coordinates 1-2 of 3") != std::string::npos);
  CHECK(p3.xlabel == "x1");
  CHECK(p3.ylabel == "x2");
  const auto two = testing::run_method("ula", "gaussian", {{"particles", "20"}, {"steps", "2"}}, {{"dim", "2"}});
  CHECK(find_picture(two.results(), "particles").title.find("coordinates") == std::string::npos);
}

TEST_CASE("HJ trajectories crossing the periodic boundary are wrapped into the domain") {
  // hj-homogeneous on [0, 2) periodic: speed (x - 1)^2 + 0.1 is largest near
  // the boundary, so paths started there over T = 2 leave through it.
  const auto o = testing::run_method("pdhg-hj", "hj-homogeneous",
                                     {{"nx", "40"}, {"time_levels", "11"}, {"starts", "0.1,1.9"}}, {{"T", "2"}});
  const Results r = o.results();
  const Picture& p = find_picture(r, "trajectories");
  // The run's table keeps the continuous paths: they do leave [0, 2).
  bool left = false;
  for (const auto& row : r.tables.at(0).rows) left = left || row[2] < 0 || row[2] >= 2;
  REQUIRE(left);
  int breaks = 0, curves = 0;
  for (const Layer& l : p.layers) {
    if (l.kind != Layer::Kind::Curve) continue;
    ++curves;
    for (std::size_t k = 0; k < l.x.size(); ++k) {
      if (!std::isfinite(l.x[k])) {
        ++breaks;
        continue;
      }
      CHECK(l.x[k] >= 0.0);
      CHECK(l.x[k] <= 2.0);
      if (k > 0 && std::isfinite(l.x[k - 1])) CHECK(std::fabs(l.x[k] - l.x[k - 1]) <= 1.0);  // half the domain
    }
  }
  CHECK(curves == 2);
  CHECK(breaks >= 1);
}

TEST_CASE("each pair picture of a 6-D generative run names its pair") {
  const auto o = testing::run_method("sgm-empirical", "swiss-roll-6d",
                                     {{"samples", "10"}, {"segments", "1"}, {"integrator", "rk4"}, {"ode_steps", "2"}},
                                     {{"train", "30"}, {"heldout", "0"}});
  const Results r = o.results();
  const Picture& p = find_picture(r, "samples_x3_x4");
  CHECK(p.title.find("coordinates 3-4 of 6") != std::string::npos);
  CHECK(p.xlabel == "x3");
  CHECK(p.ylabel == "x4");
}
