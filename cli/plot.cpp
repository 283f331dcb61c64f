// `recist plot waterfall|spider|swimmer [options] FILE… -o OUT.svg` (issue 18): the pictures of a
// trial from the engine's own results; `--format png` converts the SVG with rsvg-convert.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "commands.hpp"
#include "pipeline.hpp"
#include "recist/assess.hpp"
#include "recist/io/write/plots.hpp"
#include "recist/irecist.hpp"

namespace recist::cli {
namespace {

using Plotter = std::string (*)(std::span<const TrackResult>, const io::PlotOptions&);

struct Kind {
  const char* name;
  Plotter draw;
};
constexpr Kind kKinds[] = {{"waterfall", io::waterfall_svg}, {"spider", io::spider_svg}, {"swimmer", io::swimmer_svg}};

constexpr const char* kPlotUsage =
    "usage: recist plot waterfall|spider|swimmer [options] FILE... [-o OUT.svg]\n"
    "(recist plot waterfall --help lists the options)\n";

bool have_rsvg_convert() {
  return std::system("command -v rsvg-convert >/dev/null 2>&1") == 0;
}

/// `text` as one word of the shell: in single quotes, each ' written '\''.
std::string shell_quoted(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

/// The PNG of `svg`, through rsvg-convert reading a temporary file in $TMPDIR (else /tmp). False
/// with `err` on failure.
bool svg_to_png(const std::string& svg, std::string* png, std::string* err) {
  const char* dir = std::getenv("TMPDIR");
  std::string path = std::string(dir && *dir ? dir : "/tmp") + "/recist-plot-XXXXXX.svg";
  const int fd = ::mkstemps(path.data(), 4);
  if (fd < 0) {
    *err = "cannot make a temporary file " + path + ": " + std::strerror(errno);
    return false;
  }
  const bool written = ::write(fd, svg.data(), svg.size()) == static_cast<ssize_t>(svg.size());
  ::close(fd);
  bool ok = written;
  if (ok) {
    std::FILE* pipe = ::popen(("rsvg-convert -f png " + shell_quoted(path)).c_str(), "r");
    ok = pipe != nullptr;
    if (ok) {
      char buf[1 << 16];
      for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) png->append(buf, n);
      ok = ::pclose(pipe) == 0 && !png->empty();
    }
    if (!ok) *err = "rsvg-convert failed to convert the plot to PNG";
  } else {
    *err = std::string("cannot write the temporary file ") + path;
  }
  ::unlink(path.c_str());
  return ok;
}

}  // namespace

int run_plot(int argc, char** argv) {
  const Kind* kind = nullptr;
  for (const Kind& k : kKinds)
    if (argc >= 2 && std::strcmp(argv[1], k.name) == 0) kind = &k;
  if (kind == nullptr) {
    if (argc >= 2 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0)) {
      std::fputs(kPlotUsage, stdout);
      return kOk;
    }
    std::fprintf(stderr, "recist plot: %s%s%s: expected waterfall, spider or swimmer\n%s",
                 argc >= 2 ? "unknown kind \"" : "no kind", argc >= 2 ? argv[1] : "", argc >= 2 ? "\"" : "",
                 kPlotUsage);
    return kUsage;
  }
  Options options;
  int code = kOk;
  if (!parse_or_report("plot", argc - 1, argv + 1, &options, &code)) return code;
  if (options.png && !have_rsvg_convert()) {
    std::fputs(
        "recist plot: --format png needs rsvg-convert, from the Debian package librsvg2-bin, which is not "
        "installed (apt-get install librsvg2-bin), or use --format svg\n",
        stderr);
    return kUsage;
  }
  TrialInputs in;
  if (read_trial(options, "plot", &in) != kOk) return kBadInput;
  std::vector<TrackResult> results;
  results.reserve(in.tracks.size() + in.recorded.size());
  for (const Track& t : in.tracks) results.push_back(assess_with_criteria(t, options.profile));
  for (const RecordedTrack& t : in.recorded) results.push_back(assess(t, options.profile));

  // --criteria irecist|both: colour by iBOR, iUPD and iCPD marked (issue 29).
  std::string text = kind->draw(
      results, {options.reader, options.subject, options.title, options.profile.criteria != Criteria::Recist});
  if (options.png) {
    std::string png, err;
    if (!svg_to_png(text, &png, &err)) {
      std::fprintf(stderr, "recist plot: %s\n", err.c_str());
      return kInternal;
    }
    text = std::move(png);
  }
  if (!write_output(options.output, text)) return kBadInput;
  return in.errors.empty() ? kOk : kFindings;
}

}  // namespace recist::cli
