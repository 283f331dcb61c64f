// `recist assess FILE…`: per-time-point responses and best overall responses of every track.
#include "commands.hpp"
#include "pipeline.hpp"

namespace recist::cli {

int run_assess(int argc, char** argv) {
  Options options;
  int code = kOk;
  if (!parse_or_report("assess", argc, argv, &options, &code)) return code;
  std::vector<io::Dataset> datasets;
  if (read_inputs(options, &datasets) != kOk) return kBadInput;
  auto writer = writer_for(options);
  return assess_and_write(options, datasets, *writer, Emit{true, true});
}

}  // namespace recist::cli
