// `recist summary FILE…`: the trial summary of R18 (counts, ORR and DCR with exact intervals).
#include "commands.hpp"
#include "pipeline.hpp"

namespace recist::cli {

int run_summary(int argc, char** argv) {
  Options options;
  int code = kOk;
  if (!parse_or_report("summary", argc, argv, &options, &code)) return code;
  return read_assess_and_write(options, Emit{false, true});
}

}  // namespace recist::cli
