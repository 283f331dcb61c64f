#pragma once
// The command line of the commands that parse their own options (convert, import): positional
// FILEs after the options, and --help printed with the command's usage.

#include <boost/program_options.hpp>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

namespace recist::cli {

/// Reads `argv` against `general` (plus the positional FILEs, stored as "file") into `vm`;
/// Boost's message in `err` on a usage error. True when --help was asked (then printed, with
/// `usage` before the options) and the command should stop with exit 0.
inline bool read_command_line(int argc, char** argv, const boost::program_options::options_description& general,
                              const char* usage, boost::program_options::variables_map* vm, std::string* err) {
  namespace po = boost::program_options;
  po::options_description hidden;
  hidden.add_options()("file", po::value<std::vector<std::string>>(), "input file");
  po::options_description all;
  all.add(general).add(hidden);
  po::positional_options_description positional;
  positional.add("file", -1);
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), *vm);
    po::notify(*vm);
  } catch (const po::error& e) {
    *err = e.what();
  }
  if (!err->empty() || !vm->count("help")) return false;
  std::ostringstream text;
  text << usage << general;
  std::fputs(text.str().c_str(), stdout);
  return true;
}

}  // namespace recist::cli
