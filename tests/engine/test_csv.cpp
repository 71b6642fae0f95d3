#include <fstream>

#include "testing.hpp"
#include "wprox/io/csv.hpp"

using namespace wprox;

static std::string tmp(const std::string& name) { return std::string(WPROX_TEST_BINARY_DIR) + "/tests/" + name; }

TEST_CASE("numeric CSV with a header") {
  std::ofstream(tmp("ok.csv")) << "x,y\n1,2\n3.5, -4\n\n";
  CsvData d = read_csv(tmp("ok.csv"));
  CHECK(d.header == std::vector<std::string>{"x", "y"});
  CHECK(d.values.rows() == 2);
  CHECK(d.values(1, 1) == -4);
}

TEST_CASE("bad CSV names the line") {
  std::ofstream(tmp("cell.csv")) << "1,2\n3,abc\n";
  CHECK_THROWS_WITH_AS(read_csv(tmp("cell.csv")), doctest::Contains("cell.csv:2: cell 2 ('abc') is not a number"),
                       InputError);
  std::ofstream(tmp("ragged.csv")) << "1,2\n3,4,5\n";
  CHECK_THROWS_WITH_AS(read_csv(tmp("ragged.csv")), doctest::Contains("ragged.csv:2: row has 3 cells, expected 2"),
                       InputError);
}

TEST_CASE("trace writer keeps the first row's columns") {
  {
    TraceWriter w(tmp("trace.csv"));
    Diagnostics d;
    d.set("a", 1);
    d.set("b", 2);
    w.write(1, d);
    w.write(2, d);
  }
  std::ifstream in(tmp("trace.csv"));
  std::string line;
  std::getline(in, line);
  CHECK(line == "step,a,b");
  std::getline(in, line);
  CHECK(line == "1,1,2");
}
