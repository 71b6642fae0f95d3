#pragma once
// A run's complete state, written and read for checkpoints and exact resume.
//
// A run that supports checkpoints saves everything its step() reads or
// writes (particles, solver iterates, optimizer moments, counters) through a
// StateWriter, and restores it through a StateReader, so that a run restored
// at step k continues bit for bit as the uninterrupted run would. Random
// draws need no state: every stream is keyed by the step (wprox/random.hpp).
//
// The folder form (write_state_folder / StateFolder) keeps each array as
// <name>.npy and every scalar and text in state.json, with doubles written
// with 17 significant digits so that they read back exactly.
#include <map>
#include <string>
#include <vector>

#include "wprox/data.hpp"
#include "wprox/io/npy.hpp"

namespace wprox {

class StateWriter {
 public:
  virtual ~StateWriter() = default;
  virtual void array(const std::string& name, const std::vector<std::size_t>& shape, const double* data) = 0;
  virtual void scalar(const std::string& name, double value) = 0;
  virtual void text(const std::string& name, const std::string& value) = 0;

  void matrix(const std::string& name, const RowMatrix& m);
  void vector(const std::string& name, const Vector& v);
  void values(const std::string& name, const std::vector<double>& v);
  // Integers up to 2^53 in magnitude round-trip exactly through a double.
  void integer(const std::string& name, long value) { scalar(name, double(value)); }
};

class StateReader {
 public:
  virtual ~StateReader() = default;
  // InputError naming the entry when it is missing or malformed.
  virtual NpyArray array(const std::string& name) const = 0;
  virtual double scalar(const std::string& name) const = 0;
  virtual std::string text(const std::string& name) const = 0;
  virtual bool has(const std::string& name) const = 0;

  // With a shape check: DimensionMismatch naming both shapes (rows/cols < 0: any).
  RowMatrix matrix(const std::string& name, long rows = -1, long cols = -1) const;
  Vector vector(const std::string& name, long size = -1) const;
  std::vector<double> values(const std::string& name) const;
  long integer(const std::string& name) const;
};

// In-memory state (what a host keeps before writing it, or a test).
class MemoryState : public StateWriter, public StateReader {
 public:
  // The typed helpers of both sides (writing takes a value, reading does not).
  using StateReader::integer;
  using StateReader::matrix;
  using StateReader::values;
  using StateReader::vector;
  using StateWriter::integer;
  using StateWriter::matrix;
  using StateWriter::values;
  using StateWriter::vector;
  void array(const std::string& name, const std::vector<std::size_t>& shape, const double* data) override;
  void scalar(const std::string& name, double value) override { scalars_[name] = value; }
  void text(const std::string& name, const std::string& value) override { texts_[name] = value; }
  NpyArray array(const std::string& name) const override;
  double scalar(const std::string& name) const override;
  std::string text(const std::string& name) const override;
  bool has(const std::string& name) const override;

  // Writes the folder dir (created; every file checked): <name>.npy per
  // array and state.json with the scalars and texts. InputError when a
  // file cannot be written (a full disk, a read-only folder).
  void write_folder(const std::string& dir) const;
  // Reads a folder written by write_folder. InputError when it is not one.
  static MemoryState read_folder(const std::string& dir);

 private:
  std::map<std::string, NpyArray> arrays_;
  std::map<std::string, double> scalars_;
  std::map<std::string, std::string> texts_;
};

class Mlp;
class Adam;
// A network's parameters and its optimizer's state under `prefix`: what every
// trained method saves.
void save_training(StateWriter& w, const std::string& prefix, const Mlp& net, const Adam& adam);
void load_training(const StateReader& r, const std::string& prefix, Mlp& net, Adam& adam);

}  // namespace wprox
