// `recist validate`: the baseline findings of every track (R1–R5) and the input errors, as JSON
// {"criteria", "tracks": [{"subject", "reader", "findings"}], "errors"} or as lines for people.
// A writer like the others, so that validate streams through the same batch as assess.
#include "recist/io/version.hpp"
#include "recist/io/write/writers.hpp"

namespace recist::io {
namespace {

class ValidateJsonWriter final : public ResultWriter {
 public:
  void begin(const Profile&, std::string* out) override { out->append("{\"criteria\":\"RECIST 1.1\",\"tracks\":["); }

  void track(const TrackResult& t, std::string* out) override {
    out->append(tracks_++ ? ",\n{" : "\n{");
    out->append("\"subject\":");
    append_json_string(out, t.subject);
    out->append(",\"reader\":");
    append_json_string(out, t.reader);
    out->append(",\"findings\":[");
    for (std::size_t i = 0; i < t.findings.size(); ++i) {
      if (i) out->push_back(',');
      append_json_finding(out, t.findings[i]);
    }
    out->append("]}");
  }

  void end(const TrialSummary*, std::span<const InputError> errors, std::string* out) override {
    out->append("\n],\"errors\":");
    append_json_errors(out, errors);
    out->push_back(',');
    append_json_producer(out);  // which build wrote this (recist --version)
    out->append("}\n");
  }

 private:
  std::size_t tracks_ = 0;
};

class ValidateTextWriter final : public ResultWriter {
 public:
  void begin(const Profile&, std::string*) override {}

  void track(const TrackResult& t, std::string* out) override {
    out->append(t.subject).append(" · ").append(t.reader).append(t.findings.empty() ? ": no findings\n" : ": \n");
    for (const Finding& f : t.findings)
      out->append("  ").append(to_string(f.severity)).append(" ").append(f.code).append(": ").append(f.message).append("\n");
  }

  // Input errors go to standard error, as they are read.
  void end(const TrialSummary*, std::span<const InputError>, std::string*) override {}
};

}  // namespace

std::unique_ptr<ResultWriter> make_validate_writer(OutputFormat format) {
  if (format == OutputFormat::Json) return std::make_unique<ValidateJsonWriter>();
  return std::make_unique<ValidateTextWriter>();
}

}  // namespace recist::io
