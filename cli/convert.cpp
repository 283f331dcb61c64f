// `recist convert FILE --to xml|csv [-o OUT]`: native CSV (SPEC 4.1/4.2) ↔ native XML, or any
// input the readers know → native files. Reading what is written gives back the same tracks.
#include <boost/program_options.hpp>
#include <cstdio>

#include "command_line.hpp"
#include "commands.hpp"
#include "options.hpp"
#include "pipeline.hpp"
#include "recist/io/files.hpp"
#include "recist/io/write/native_writers.hpp"

namespace po = boost::program_options;

namespace recist::cli {
namespace {

constexpr const char* kConvertUsage = "usage: recist convert FILE --to xml|csv [-o OUT]\n\n";

/// Parses the command line into `options` and `to`; false with the exit code set on usage errors or --help.
bool parse(int argc, char** argv, Options* options, std::string* to, int* code) {
  po::options_description general("Options");
  general.add_options()("help,h", "print this help")(
      "to", po::value<std::string>(), "xml (native XML, schemas/recist-native.xsd) or csv (native CSV, SPEC 4.1/4.2)")(
      "output,o", po::value<std::string>()->default_value("-"),
      "write to FILE (atomically) instead of standard output")(
      "input-format", po::value<std::string>()->default_value("auto"), "auto, measurements, responses or sdtm")(
      "strict", po::bool_switch(), "stop at the first bad track (exit 3, nothing written)");
  std::string err;
  po::variables_map vm;
  if (read_command_line(argc, argv, general, kConvertUsage, &vm, &err)) {
    *code = kOk;
    return false;
  }
  if (err.empty()) {
    if (vm.count("file")) options->files = vm["file"].as<std::vector<std::string>>();
    *to = vm.count("to") ? vm["to"].as<std::string>() : "";
    if (options->files.size() != 1)
      err = "one input FILE was expected (use - for standard input)";
    else if (*to != "xml" && *to != "csv")
      err = "--to \"" + *to + "\": expected xml or csv";
    else if (!io::parse_input_format(vm["input-format"].as<std::string>(), &options->input_format))
      err = "--input-format \"" + vm["input-format"].as<std::string>() +
            "\": expected auto, measurements, responses or sdtm";
  }
  if (!err.empty()) {
    std::fprintf(stderr, "recist convert: %s\n(see recist convert --help)\n", err.c_str());
    *code = kUsage;
    return false;
  }
  options->output = vm["output"].as<std::string>();
  options->strict = vm["strict"].as<bool>();
  return true;
}

}  // namespace

int run_convert(int argc, char** argv) {
  Options options;
  std::string to;
  int code = kOk;
  if (!parse(argc, argv, &options, &to, &code)) return code;
  std::vector<io::Dataset> datasets;
  if (read_inputs(options, &datasets) != kOk) return kBadInput;
  const io::Dataset& data = datasets.front();
  if (data.tracks.empty() && data.recorded.empty() && !data.errors.empty()) return kBadInput;

  std::string text;
  if (to == "xml")
    io::write_native_xml(data, &text);
  else if (!data.recorded.empty())
    io::write_recorded_csv(data.recorded, &text);
  else
    io::write_measurements_csv(data.tracks, &text);
  io::AtomicOutput output;
  std::string err;
  if (!output.open(options.output, &err) || !output.write(text, &err) || !output.commit(&err)) {
    std::fprintf(stderr, "recist: %s\n", err.c_str());
    return kBadInput;
  }
  return data.errors.empty() ? kOk : kFindings;
}

}  // namespace recist::cli
