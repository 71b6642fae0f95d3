#include "wprox/results.hpp"

namespace wprox {

Array make_array(const std::string& name, const RowMatrix& m) {
  Array a;
  a.name = name;
  a.shape = {std::size_t(m.rows()), std::size_t(m.cols())};
  a.data.assign(m.data(), m.data() + m.size());
  return a;
}

Array make_array(const std::string& name, const Vector& v) {
  Array a;
  a.name = name;
  a.shape = {std::size_t(v.size())};
  a.data.assign(v.data(), v.data() + v.size());
  return a;
}

}  // namespace wprox
