// `recist validate FILE…`: baseline and data checks only (R1–R5 and file errors), no responses.
// It streams through the batch pipeline of assess (cli/pipeline.hpp) with the validate writer.
#include "commands.hpp"
#include "pipeline.hpp"

namespace recist::cli {

int run_validate(int argc, char** argv) {
  Options options;
  int code = kOk;
  if (!parse_or_report("validate", argc, argv, &options, &code)) return code;
  options.baseline_only = true;
  return read_assess_and_write(options, Emit{true, false});
}

}  // namespace recist::cli
