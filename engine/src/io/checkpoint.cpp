#include "wprox/checkpoint.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <sstream>

#include <boost/filesystem.hpp>

#include "wprox/adam.hpp"
#include "wprox/errors.hpp"
#include "wprox/mlp.hpp"

namespace wprox {

namespace fs = boost::filesystem;

void StateWriter::matrix(const std::string& name, const RowMatrix& m) {
  array(name, {std::size_t(m.rows()), std::size_t(m.cols())}, m.data());
}
void StateWriter::vector(const std::string& name, const Vector& v) { array(name, {std::size_t(v.size())}, v.data()); }
void StateWriter::values(const std::string& name, const std::vector<double>& v) {
  array(name, {v.size()}, v.data());
}

RowMatrix StateReader::matrix(const std::string& name, long rows, long cols) const {
  const NpyArray a = array(name);
  WPROX_REQUIRE(a.shape.size() == 2, InputError,
                "checkpoint entry '" << name << "' is a " << a.shape.size() << "-D array, a matrix was expected");
  WPROX_REQUIRE((rows < 0 || long(a.shape[0]) == rows) && (cols < 0 || long(a.shape[1]) == cols), DimensionMismatch,
                "checkpoint entry '" << name << "' is " << a.shape[0] << " x " << a.shape[1] << ", the run has "
                                     << rows << " x " << cols);
  return Eigen::Map<const RowMatrix>(a.data.data(), long(a.shape[0]), long(a.shape[1]));
}

Vector StateReader::vector(const std::string& name, long size) const {
  const NpyArray a = array(name);
  WPROX_REQUIRE(a.shape.size() == 1, InputError,
                "checkpoint entry '" << name << "' is a " << a.shape.size() << "-D array, a vector was expected");
  WPROX_REQUIRE(size < 0 || long(a.shape[0]) == size, DimensionMismatch,
                "checkpoint entry '" << name << "' has " << a.shape[0] << " entries, the run has " << size);
  return Eigen::Map<const Vector>(a.data.data(), long(a.shape[0]));
}

std::vector<double> StateReader::values(const std::string& name) const { return array(name).data; }

long StateReader::integer(const std::string& name) const {
  const double v = scalar(name);
  WPROX_REQUIRE(std::floor(v) == v && std::fabs(v) <= 9007199254740992.0, InputError,
                "checkpoint entry '" << name << "' = " << v << " is not an integer");
  return long(v);
}

void MemoryState::array(const std::string& name, const std::vector<std::size_t>& shape, const double* data) {
  NpyArray a;
  a.shape = shape;
  std::size_t n = 1;
  for (std::size_t s : shape) n *= s;
  a.data.assign(data, data + n);
  arrays_[name] = std::move(a);
}

NpyArray MemoryState::array(const std::string& name) const {
  auto it = arrays_.find(name);
  WPROX_REQUIRE(it != arrays_.end(), InputError, "the checkpoint has no array '" << name << "'");
  return it->second;
}

double MemoryState::scalar(const std::string& name) const {
  auto it = scalars_.find(name);
  WPROX_REQUIRE(it != scalars_.end(), InputError, "the checkpoint has no value '" << name << "'");
  return it->second;
}

std::string MemoryState::text(const std::string& name) const {
  auto it = texts_.find(name);
  WPROX_REQUIRE(it != texts_.end(), InputError, "the checkpoint has no text '" << name << "'");
  return it->second;
}

bool MemoryState::has(const std::string& name) const {
  return arrays_.count(name) || scalars_.count(name) || texts_.count(name);
}

void MemoryState::write_folder(const std::string& dir) const {
  boost::system::error_code ec;
  fs::create_directories(dir, ec);
  WPROX_REQUIRE(!ec, InputError, "cannot create checkpoint folder '" << dir << "' (" << ec.message() << ")");
  nlohmann::json j;
  j["format"] = "wprox-state-1";
  for (const auto& [name, v] : scalars_) {
    // NaN and infinities have no JSON number: keep them as text.
    if (std::isfinite(v))
      j["scalars"][name] = v;
    else
      j["special"][name] = std::isnan(v) ? "nan" : (v > 0 ? "inf" : "-inf");
  }
  for (const auto& [name, t] : texts_) j["texts"][name] = t;
  for (const auto& [name, a] : arrays_) {
    j["arrays"].push_back(name);
    write_npy(dir + "/" + name + ".npy", a.data.data(), a.shape);
  }
  std::ofstream out(dir + "/state.json");
  out.precision(17);
  out << j.dump(1) << '\n';
  out.flush();
  WPROX_REQUIRE(out, InputError, "cannot write '" << dir << "/state.json' (disk full or not writable)");
}

MemoryState MemoryState::read_folder(const std::string& dir) {
  std::ifstream in(dir + "/state.json");
  WPROX_REQUIRE(in, InputError, "'" << dir << "' is not a checkpoint: no readable state.json");
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
  } catch (const std::exception&) {
    throw InputError("'" + dir + "/state.json' is not valid JSON");
  }
  WPROX_REQUIRE(j.is_object() && j.value("format", "") == "wprox-state-1", InputError,
                "'" << dir << "/state.json' is not a wprox checkpoint (format wprox-state-1)");
  MemoryState s;
  try {
    if (j.contains("scalars"))
      for (const auto& [name, v] : j["scalars"].items()) s.scalars_[name] = v.get<double>();
    if (j.contains("special"))
      for (const auto& [name, v] : j["special"].items()) {
        const std::string t = v.get<std::string>();
        s.scalars_[name] = t == "nan" ? std::nan("") : (t == "inf" ? HUGE_VAL : -HUGE_VAL);
      }
    if (j.contains("texts"))
      for (const auto& [name, v] : j["texts"].items()) s.texts_[name] = v.get<std::string>();
    if (j.contains("arrays"))
      for (const auto& name : j["arrays"]) {
        const std::string n = name.get<std::string>();
        WPROX_REQUIRE(n.find('/') == std::string::npos && n.find("..") == std::string::npos, InputError,
                      "checkpoint array name " << quote(n) << " is not a plain name");
        s.arrays_[n] = read_npy(dir + "/" + n + ".npy");
      }
  } catch (const nlohmann::json::exception&) {
    throw InputError("'" + dir + "/state.json' has malformed entries");
  }
  return s;
}

void save_training(StateWriter& w, const std::string& prefix, const Mlp& net, const Adam& adam) {
  w.vector(prefix + ".parameters", net.parameters());
  w.vector(prefix + ".adam_m", adam.first_moment());
  w.vector(prefix + ".adam_v", adam.second_moment());
  w.integer(prefix + ".adam_steps", adam.steps());
  w.scalar(prefix + ".adam_lr", adam.lr());
}

void load_training(const StateReader& r, const std::string& prefix, Mlp& net, Adam& adam) {
  const long n = net.parameter_count();
  net.set_parameters(r.vector(prefix + ".parameters", n));
  adam.set_state(r.vector(prefix + ".adam_m", n), r.vector(prefix + ".adam_v", n), r.integer(prefix + ".adam_steps"));
  adam.set_lr(r.scalar(prefix + ".adam_lr"));
}

}  // namespace wprox
