#include "wprox/diagnostics.hpp"

#include <stdexcept>

namespace wprox {

void Diagnostics::set(const std::string& name, double value) {
  for (auto& item : items_)
    if (item.first == name) {
      item.second = value;
      return;
    }
  items_.emplace_back(name, value);
}

bool Diagnostics::has(const std::string& name) const {
  for (const auto& item : items_)
    if (item.first == name) return true;
  return false;
}

double Diagnostics::get(const std::string& name) const {
  for (const auto& item : items_)
    if (item.first == name) return item.second;
  throw std::out_of_range("no diagnostic named '" + name + "'");
}

}  // namespace wprox
