// `recist validate FILE…`: baseline and data checks only (R1–R5 and file errors), no responses.
#include <cstdio>

#include "commands.hpp"
#include "pipeline.hpp"
#include "recist/assess.hpp"
#include "recist/io/files.hpp"
#include "recist/io/writers.hpp"

namespace recist::cli {

int run_validate(int argc, char** argv) {
  Options options;
  int code = kOk;
  if (!parse_or_report("validate", argc, argv, &options, &code)) return code;
  std::vector<io::Dataset> datasets;
  const int read = read_inputs(options, &datasets);

  std::string out;
  bool any_error = read != kOk;
  std::size_t tracks = 0;
  const bool json = options.format == io::OutputFormat::Json;
  out += json ? "{\"criteria\":\"RECIST 1.1\",\"tracks\":[" : "";
  for (const io::Dataset& d : datasets) {
    any_error |= !d.errors.empty();
    for (const Track& t : d.tracks) {
      const std::vector<Finding> findings = check_baseline(t, options.profile);
      if (json) {
        out += tracks ? ",\n{" : "\n{";
        out += "\"subject\":";
        io::append_json_string(&out, t.subject);
        out += ",\"reader\":";
        io::append_json_string(&out, t.reader);
        out += ",\"findings\":[";
      } else {
        out += t.subject + " · " + t.reader + ": " + (findings.empty() ? "no findings\n" : "\n");
      }
      for (std::size_t i = 0; i < findings.size(); ++i) {
        const Finding& f = findings[i];
        any_error |= f.severity == Severity::Error;
        if (json) {
          if (i) out += ",";
          io::append_json_finding(&out, f);
        } else {
          out += "  " + std::string(to_string(f.severity)) + " " + f.code + ": " + f.message + "\n";
        }
      }
      if (json) out += "]}";
      ++tracks;
    }
  }
  if (json) {
    out += "\n],\"errors\":";
    std::vector<io::InputError> errors;
    for (const io::Dataset& d : datasets) collect_errors(&errors, d.errors, d.errors_not_listed);
    io::append_json_errors(&out, errors);
    out += "}\n";
  }
  io::AtomicOutput output;
  std::string err;
  if (!output.open(options.output, &err) || !output.write(out, &err) || !output.commit(&err)) {
    std::fprintf(stderr, "recist: %s\n", err.c_str());
    return kBadInput;
  }
  if (read != kOk) return read;
  return any_error ? kFindings : kOk;
}

}  // namespace recist::cli
