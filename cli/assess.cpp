// `recist assess FILE…`: per-time-point responses and best overall responses of every track.
#include "commands.hpp"
#include "pipeline.hpp"

namespace recist::cli {

int run_assess(int argc, char** argv) {
  Options options;
  int code = kOk;
  if (!parse_or_report("assess", argc, argv, &options, &code)) return code;
  return read_assess_and_write(options, Emit{true, true});
}

}  // namespace recist::cli
