#include "wprox/errors.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace wprox {

// Key functions (see errors.hpp): keep these out of line.
InputError::~InputError() = default;
DimensionMismatch::~DimensionMismatch() = default;
RunError::~RunError() = default;

std::string quote(const std::string& text, std::size_t max_chars) {
  std::string body;
  for (const unsigned char c : text) {
    if (c == '\n') body += "\\n";
    else if (c == '\t') body += "\\t";
    else if (c == '\'' || c == '\\') (body += '\\') += char(c);
    else if (c < 0x20 || c >= 0x7f) {
      static const char* hex = "0123456789abcdef";
      body += "\\x";
      body += hex[c >> 4];
      body += hex[c & 15];
    } else {
      body += char(c);
    }
  }
  if (body.size() > max_chars && max_chars >= 8) {
    const std::size_t keep = (max_chars - 3) / 2;
    body = body.substr(0, keep) + "..." + body.substr(body.size() - keep);
  }
  return "'" + body + "'";
}

namespace {
// Levenshtein distance, two rows.
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    prev.swap(cur);
  }
  return prev[b.size()];
}
}  // namespace

std::string did_you_mean(const std::string& given, const std::vector<std::string>& valid) {
  if (given.size() > 200) return "";
  std::string best;
  std::size_t best_d = std::string::npos;
  for (const auto& v : valid) {
    const std::size_t d = edit_distance(given, v);
    if (d < best_d) best_d = d, best = v;
  }
  const std::size_t allowed = std::max<std::size_t>(2, best.size() / 3);
  return best_d <= allowed && best_d > 0 ? " (did you mean '" + best + "'?)" : "";
}

}  // namespace wprox
