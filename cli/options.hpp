#pragma once
// The options common to every command (SPEC §5), read from the command line and from
// `--profile FILE.ini`; the command line wins.

#include <string>
#include <vector>

#include "recist/batch/input.hpp"
#include "recist/io/write/writers.hpp"
#include "recist/profile.hpp"

namespace recist::cli {

/// Exit codes of SPEC §5.
enum ExitCode { kOk = 0, kFindings = 1, kUsage = 2, kBadInput = 3, kInternal = 4 };

/// Everything a command needs to know from its command line.
struct Options {
  std::vector<std::string> files;
  Profile profile;
  io::OutputFormat format = io::OutputFormat::Json;
  io::CsvLevel level = io::CsvLevel::Timepoint;
  io::InputFormat input_format = io::InputFormat::Auto;
  std::string output = "-";
  bool strict = false;
  bool reasons = false;   ///< Table: print every time point's reasons.
  int threads = 0;        ///< 0: one per core.
  /// `recist validate`: baseline checks only (R1–R5), written by the validate writer.
  bool baseline_only = false;
  /// `recist plot` and `recist report`: which tracks to draw (empty: all), the plot's title, and
  /// PNG (through rsvg-convert) instead of SVG.
  std::string reader;
  std::string subject;
  std::string title;
  bool png = false;
  /// `recist serve`: the address and port to listen on (port 0: any free port).
  std::string bind = "127.0.0.1";
  int port = 8765;
};

/// Parses the arguments after the command name. On a usage error returns false with `err` set;
/// `help` is set when --help was asked (then `err` holds the help text).
bool parse_options(const std::string& command, int argc, char** argv, Options* options, std::string* err, bool* help);

}  // namespace recist::cli
