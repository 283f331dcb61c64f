// recist: the command-line front end. Parses the command name and hands over; no rule logic here.
#include <cstdio>
#include <cstring>
#include <exception>
#include <new>

#include "commands.hpp"
#include "recist/io/version.hpp"
#include "options.hpp"

namespace {

constexpr const char* kUsage =
    "usage: recist <command> [options] FILE...\n"
    "\n"
    "RECIST 1.1 tumour-response assessment.\n"
    "\n"
    "commands:\n"
    "  assess    time-point responses and best overall response of every track\n"
    "  validate  baseline and data checks only (R1-R5, file errors)\n"
    "  summary   trial summary: best-response counts, ORR and DCR with exact 95% intervals\n"
    "  convert   native CSV <-> native XML: recist convert FILE --to xml|csv [-o OUT]\n"
    "  compare   recomputed vs recorded responses, and reader vs reader (exit 1 on any disagreement)\n"
    "  plot      waterfall, spider or swimmer plot as SVG (or PNG): recist plot KIND FILE... -o OUT.svg\n"
    "  report    one self-contained HTML page of the trial: recist report FILE... -o trial.html\n"
    "  serve     the reader's page: enter one patient's measurements, see the response at once, save\n"
    "            them to FILE.csv: recist serve [--port N] [--bind ADDR] [--profile P.ini] FILE.csv\n"
    "  import    a viewer's measurements (DICOM SR TID 1500, AIM JSON/XML) as the native CSV:\n"
    "            recist import FILE... -o track.csv [--lesion-map MAP.csv]\n"
    "\n"
    "`recist --version` names this build (JSON results carry it as `producer`). `recist <command>\n"
    "--help` lists the options. Exit codes: 0 success; 1 findings of severity error or tracks left\n"
    "out for bad data (results still written); 2 usage error; 3 input unreadable or malformed;\n"
    "4 internal error.\n";

struct Command {
  const char* name;
  int (*run)(int, char**);
};

constexpr Command kCommands[] = {
    {"assess", recist::cli::run_assess},
    {"validate", recist::cli::run_validate},
    {"summary", recist::cli::run_summary},
    {"convert", recist::cli::run_convert},
    {"compare", recist::cli::run_compare},
    {"plot", recist::cli::run_plot},
    {"report", recist::cli::run_report},
    {"serve", recist::cli::run_serve},
    {"import", recist::cli::run_import},
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0) {
    std::fputs(kUsage, argc < 2 ? stderr : stdout);
    return argc < 2 ? recist::cli::kUsage : recist::cli::kOk;
  }
  if (std::strcmp(argv[1], "--version") == 0) {
    std::fputs(recist::io::version_text().c_str(), stdout);
    return recist::cli::kOk;
  }
  for (const Command& c : kCommands) {
    if (std::strcmp(argv[1], c.name) != 0) continue;
    try {
      return c.run(argc - 1, argv + 1);
    } catch (const std::bad_alloc&) {
      std::fputs("recist: out of memory\n", stderr);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "recist: internal error: %s\n", e.what());
    }
    return recist::cli::kInternal;
  }
  std::fprintf(stderr, "recist: unknown command \"%s\"\n\n%s", argv[1], kUsage);
  return recist::cli::kUsage;
}
