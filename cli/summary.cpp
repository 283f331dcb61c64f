// `recist summary FILE…`: the trial summary of R18 (counts, ORR and DCR with exact intervals).
#include "commands.hpp"
#include "pipeline.hpp"

namespace recist::cli {

int run_summary(int argc, char** argv) {
  Options options;
  int code = kOk;
  if (!parse_or_report("summary", argc, argv, &options, &code)) return code;
  std::vector<io::Dataset> datasets;
  if (read_inputs(options, &datasets) != kOk) return kBadInput;
  auto writer = writer_for(options);
  return assess_and_write(options, datasets, *writer, Emit{false, true});
}

}  // namespace recist::cli
