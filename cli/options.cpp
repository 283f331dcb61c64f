#include "options.hpp"

#include <unistd.h>

#include <boost/program_options.hpp>
#include <cstring>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <utility>

namespace po = boost::program_options;

namespace recist::cli {
namespace {

/// The options that may also stand in a profile file (keys as the option names).
po::options_description profile_options() {
  po::options_description d("Profile (command line or --profile FILE.ini)");
  d.add_options()
      ("confirm-min-days", po::value<int>(), "R15: days from a CR/PR to its confirmation (default 28)")
      ("sd-min-days", po::value<int>(), "R14: days from start_date before SD counts (default 42)")
      ("max-ne-between", po::value<int>(), "R15: NE time points allowed before a confirmation (default 1)")
      ("too-small-mm", po::value<std::string>(), "R7: diameter of a TOO_SMALL target (default 5)")
      ("exclude-target-site", po::value<std::vector<std::string>>(), "R3: a site that may not hold targets (repeatable)")
      ("keep-confirmed-pr", po::value<bool>(), "R9a: a confirmed PR stays PR until PD (default true)")
      ("require-confirmation", po::value<bool>(), "R18: the primary ORR counts confirmed responses (default true)")
      ("baseline-window-days", po::value<int>(), "days a baseline may precede start_date; also warns without start_date (default 0: not checked)")
      ("assessment-interval-days", po::value<int>(), "days between scheduled assessments; a gap over twice it is a warning (default 0: none)")
      ("criteria", po::value<std::string>(), "recist, irecist or both: iRECIST beside RECIST 1.1 (default recist)")
      ("icpd-min-days", po::value<int>(), "iRECIST: earliest day after an iUPD that may confirm it (default 28)")
      ("icpd-max-days", po::value<int>(), "iRECIST: latest day after an iUPD that may confirm it (default 56)")
      ("convention", po::value<std::string>(), "recist or admiralonco: whose best-response conventions (default recist, the SPEC)")
      ("accept-sd", po::value<bool>(), "admiralonco: one SD may stand before a PR's confirmation (default false)")
      ("missing-as-ne", po::value<bool>(), "admiralonco: a track without assessment is NE, not MISSING (default false)")
      ("source-pd", po::value<std::string>(), "admiralonco: first-pd (records up to the first PD) or none (default first-pd)")
      ("impute-partial-dates", po::value<std::string>(), "none or admiral: SDTM dates without a day become the month's last day, flagged (default none)");
  return d;
}

/// An option whose value is one of a few words: the value of the word given, else a usage error
/// listing them ("expected recist, irecist or both").
template <class E>
bool choice(const po::variables_map& vm, const char* name, std::initializer_list<std::pair<const char*, E>> words,
            E* into, std::string* err) {
  if (!vm.count(name)) return true;
  const std::string given = vm[name].as<std::string>();
  std::string expected;
  std::size_t k = 0;
  for (const auto& [word, value] : words) {
    if (given == word) {
      *into = value;
      return true;
    }
    expected += std::string(k == 0 ? "" : k + 1 == words.size() ? " or " : ", ") + word;
    ++k;
  }
  *err = std::string("--") + name + " \"" + given + "\": expected " + expected;
  return false;
}

bool apply_profile(const po::variables_map& vm, Profile* p, std::string* err) {
  auto non_negative = [&](const char* name, std::int32_t* into) {
    if (!vm.count(name)) return true;
    const int v = vm[name].as<int>();
    if (v < 0) {
      *err = std::string("--") + name + " must be a whole number ≥ 0, found " + std::to_string(v);
      return false;
    }
    *into = v;
    return true;
  };
  if (!non_negative("confirm-min-days", &p->confirm_min_days) || !non_negative("sd-min-days", &p->sd_min_days) ||
      !non_negative("max-ne-between", &p->max_ne_between) || !non_negative("icpd-min-days", &p->icpd_min_days) ||
      !non_negative("icpd-max-days", &p->icpd_max_days) ||
      !non_negative("baseline-window-days", &p->baseline_window_days) ||
      !non_negative("assessment-interval-days", &p->assessment_interval_days))
    return false;
  if (p->icpd_max_days < p->icpd_min_days) {
    *err = "--icpd-max-days " + std::to_string(p->icpd_max_days) + " is less than --icpd-min-days " +
           std::to_string(p->icpd_min_days);
    return false;
  }
  if (!choice(vm, "criteria", {{"recist", Criteria::Recist}, {"irecist", Criteria::Irecist}, {"both", Criteria::Both}},
              &p->criteria, err) ||
      !choice(vm, "convention", {{"recist", Convention::Recist}, {"admiralonco", Convention::Admiralonco}},
              &p->convention, err))
    return false;
  // admiralonco's own arguments mean nothing under the SPEC: refused rather than ignored.
  for (const char* name : {"accept-sd", "missing-as-ne", "source-pd"}) {
    if (vm.count(name) && p->convention != Convention::Admiralonco) {
      *err = std::string("--") + name + " is an admiralonco argument: it needs --convention admiralonco";
      return false;
    }
  }
  if (vm.count("accept-sd")) p->accept_sd = vm["accept-sd"].as<bool>();
  if (vm.count("missing-as-ne")) p->missing_as_ne = vm["missing-as-ne"].as<bool>();
  if (!choice(vm, "source-pd", {{"first-pd", SourcePd::FirstPd}, {"none", SourcePd::None}}, &p->source_pd, err))
    return false;
  if (!choice(vm, "impute-partial-dates", {{"none", false}, {"admiral", true}}, &p->impute_partial_dates, err))
    return false;
  if (vm.count("too-small-mm")) {
    std::string why;
    auto mm = parse_millimetres(vm["too-small-mm"].as<std::string>(), &why);
    if (!mm) {
      *err = "--too-small-mm \"" + vm["too-small-mm"].as<std::string>() + "\": " + why;
      return false;
    }
    p->too_small_mm = *mm;
  }
  if (vm.count("exclude-target-site")) {
    p->exclude_target_sites.clear();
    for (std::string site : vm["exclude-target-site"].as<std::vector<std::string>>()) {
      for (char& c : site) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      p->exclude_target_sites.push_back(site);
    }
  }
  if (vm.count("keep-confirmed-pr")) p->keep_confirmed_pr = vm["keep-confirmed-pr"].as<bool>();
  if (vm.count("require-confirmation")) p->require_confirmation = vm["require-confirmation"].as<bool>();
  return true;
}

/// --format of the commands that write results: table, csv, json (and assess's sdtm-rs, adrs).
bool parse_result_format(const std::string& command, const po::variables_map& vm, Options* options, std::string* err) {
  const std::string format = vm.count("format") ? vm["format"].as<std::string>() : (::isatty(1) ? "table" : "json");
  if (format == "table") options->format = io::OutputFormat::Table;
  else if (format == "csv") options->format = io::OutputFormat::Csv;
  else if (format == "json") options->format = io::OutputFormat::Json;
  else if (format == "sdtm-rs" && command == "assess") options->format = io::OutputFormat::SdtmRs;
  else if (format == "adrs" && command == "assess") options->format = io::OutputFormat::Adrs;
  else {
    *err = "--format \"" + format + "\": expected table, csv or json" +
           std::string(command == "assess" ? ", sdtm-rs or adrs" : " (sdtm-rs and adrs are formats of recist assess)");
    return false;
  }
  return true;
}

/// e.what(), or, when an argument or the profile holds a '%', a message of our own: Boost 1.74
/// fills its message templates token by token (%canonical_option%, %value% …) and loops for ever
/// when the text put in holds the token itself (a profile key "%canonical_option%", found by
/// tests/fuzz).
std::string error_text(const po::error& e, bool percent) {
  if (!percent) return e.what();
  if (const auto* named = dynamic_cast<const po::error_with_option_name*>(&e))
    return "invalid option or value of \"" + named->get_option_name() + "\" (an option or a value holds a '%')";
  return "invalid option or value (an option or a value holds a '%')";
}

/// Which command takes which option (issue 35): a command lists in its --help, and accepts on its
/// command line, only the options whose row names it; any other is a usage error naming the option
/// (exit 2). A profile file may hold every profile key whatever the command (one file serves a
/// trial's every command); a command uses those it honours. SPEC §5's common options stand on each
/// of its commands (assess, validate, summary, compare), even where they change nothing (validate
/// checks R1–R5 only). To add an option: describe it in parse_options (`every`, `every_drawing`)
/// or profile_options() (a profile key), add its row here naming the commands that honour it, and
/// read it in parse_options or apply_profile; tests/e2e/test_options.py then needs a probe showing
/// its effect. To add a command parsed here: add it to kCommandNames and to the rows of its options.
/// (`recist convert` has its own small parser, cli/convert.cpp.)
struct Takes {
  const char* option;
  const char* commands;  ///< space-separated command names
};
constexpr const char* kCommandNames = "assess validate summary compare plot report serve";
constexpr const char* kSpec = "assess validate summary compare";
constexpr Takes kTakes[] = {
    {"help", "*"},
    {"profile", "*"},
    {"format", "assess validate summary compare plot report"},
    {"level", "assess"},
    {"reasons", "assess"},
    {"input-format", "assess validate summary compare plot report"},
    {"output", "assess validate summary compare plot report"},
    {"strict", "assess validate summary compare plot report"},
    {"threads", "assess validate summary"},
    {"reader", "plot"},
    {"subject", "plot"},
    {"title", "plot report"},
    {"port", "serve"},
    {"bind", "serve"},
    {"confirm-min-days", "spec plot report serve"},
    {"sd-min-days", "spec plot report serve"},
    {"max-ne-between", "spec plot report serve"},
    {"too-small-mm", "spec plot report serve"},
    {"exclude-target-site", "spec plot report serve"},
    // Issue 30's protocol dates make findings: written by assess, validate, report and serve.
    {"baseline-window-days", "assess validate report serve"},
    {"assessment-interval-days", "assess validate report serve"},
    // Issue 28: SDTM's partial dates, for every command that reads an SDTM folder.
    {"impute-partial-dates", "assess validate summary compare plot report"},
    {"keep-confirmed-pr", "assess summary compare plot report serve"},
    // The plots draw RECIST 1.1 best responses, confirmed or not, and no ORR: without these.
    {"require-confirmation", "assess summary compare report serve"},
    // compare checks recorded i-codes against iRECIST, the plots colour by iBOR (issue 29).
    {"criteria", "assess summary compare plot report serve"},
    {"icpd-min-days", "assess summary compare plot report serve"},
    {"icpd-max-days", "assess summary compare plot report serve"},
    {"convention", "assess summary compare plot report serve"},
    {"accept-sd", "assess summary compare plot report serve"},
    {"missing-as-ne", "assess summary compare plot report serve"},
    {"source-pd", "assess summary compare plot report serve"},
};

/// Whether `command` takes `option` (kTakes; "spec" stands for SPEC §5's commands, "*" for all).
bool takes(const std::string& command, const std::string& option) {
  for (const Takes& t : kTakes) {
    if (option != t.option) continue;
    std::istringstream words(t.commands);
    for (std::string w; words >> w;) {
      if (w == "*" || w == command) return true;
      if (w == "spec") {
        std::istringstream spec(kSpec);
        for (std::string c; spec >> c;)
          if (c == command) return true;
      }
    }
    return false;
  }
  return false;  // an option without a row is taken by no command
}

/// "--reasons is not an option of recist compare (it changes nothing there; it is an option of assess)"
/// for an option another command takes; empty for one no command takes.
std::string not_taken_text(const std::string& command, const std::string& given) {
  const std::string name =
      given.substr(given.find_first_not_of('-') == std::string::npos ? 0 : given.find_first_not_of('-'));
  std::string others;
  std::istringstream commands(kCommandNames);
  for (std::string c; commands >> c;)
    if (c != command && takes(c, name)) others += (others.empty() ? "" : ", ") + c;
  if (others.empty()) return "";
  return "--" + name + " is not an option of recist " + command + " (it changes nothing there; it is an option of " +
         others + ")";
}

/// The options of `from` that `command` takes, under `caption`.
po::options_description only_taken(const std::string& command, const po::options_description& from,
                                   const std::string& caption) {
  po::options_description d(caption);
  for (const auto& option : from.options())
    if (takes(command, option->long_name())) d.add(option);
  return d;
}

/// What --format means for `command`.
const char* format_help(const std::string& command) {
  if (command == "assess")
    return "table, csv or json (default: table on a terminal, json otherwise), sdtm-rs (SDTM RS rows) or adrs "
           "(ADaM ADRS), both CSV";
  if (command == "plot") return "svg (default) or png (through rsvg-convert)";
  if (command == "report") return "html (the default and only one)";
  return "table, csv or json (default: table on a terminal, json otherwise)";
}

}  // namespace

bool parse_options(const std::string& command, int argc, char** argv, Options* options, std::string* err, bool* help) {
  const bool serve = command == "serve";
  const bool pictures = command == "plot" || command == "report";
  po::options_description every;
  every.add_options()
      ("help,h", "print this help")
      ("profile", po::value<std::string>(), "read the profile options from FILE.ini")
      ("format", po::value<std::string>(), format_help(command))
      ("level", po::value<std::string>()->default_value("timepoint"), "csv rows: timepoint or track")
      ("reasons", po::bool_switch(), "table: print the reasons of every time point")
      ("input-format", po::value<std::string>()->default_value("auto"),
       "auto, measurements, responses or sdtm (a folder of SDTM tu, tr, rs, dm datasets)")
      ("output,o", po::value<std::string>()->default_value("-"), "write to FILE (atomically) instead of standard output")
      ("strict", po::bool_switch(), "stop at the first bad track (exit 3)")
      ("threads", po::value<int>()->default_value(0), "worker threads (0: one per core)")
      ("port", po::value<int>()->default_value(options->port), "the port to listen on (0: any free port)")
      ("bind", po::value<std::string>()->default_value(options->bind),
       "the address to listen on; anything but 127.0.0.1 or localhost opens the page to other machines");
  po::options_description every_drawing;
  every_drawing.add_options()
      ("reader", po::value<std::string>(), "draw only this reader's tracks (waterfall default: a panel per reader)")
      ("subject", po::value<std::string>(), "draw only this subject's tracks")
      ("title", po::value<std::string>(), command == "report" ? "the page's title instead of the default"
                                                                : "the plot's title instead of the default");
  po::options_description general = only_taken(command, every, "Options");
  po::options_description drawing = only_taken(command, every_drawing, "Pictures");
  if (!drawing.options().empty()) general.add(drawing);
  po::options_description hidden;
  hidden.add_options()("file", po::value<std::vector<std::string>>(), "input files");
  // A profile file may hold every key (see kTakes); the command line only those the command takes.
  const po::options_description profile_file = profile_options();
  po::options_description profile = only_taken(command, profile_file, "Profile (command line or --profile FILE.ini)");
  po::options_description all;
  all.add(general).add(profile).add(hidden);
  po::positional_options_description positional;
  positional.add("file", -1);

  bool percent = false;
  for (int i = 0; i < argc; ++i) percent |= std::strchr(argv[i], '%') != nullptr;
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
    if (vm.count("help")) {
      std::ostringstream text;
      text << "usage: recist " << (command == "plot" ? "plot waterfall|spider|swimmer" : command)
           << (serve ? " [options] FILE.csv" : " [options] FILE...") << "\n\n"
           << general << "\n" << profile;
      if (command == "validate")
        text << "\nvalidate checks R1-R5 only: of the profile options, only --exclude-target-site changes what it "
                "reports;\n--confirm-min-days, --sd-min-days, --max-ne-between and --too-small-mm stand here as SPEC "
                "§5's\ncommon options and change nothing.\n";
      *err = text.str();
      *help = true;
      return false;
    }
    if (vm.count("profile")) {
      const std::string path = vm["profile"].as<std::string>();
      std::ifstream file(path);
      if (!file) {
        *err = "cannot open the profile " + path;
        return false;
      }
      std::stringstream in;
      in << file.rdbuf();
      const bool profile_percent = in.str().find('%') != std::string::npos;
      try {
        po::store(po::parse_config_file(in, profile_file), vm);  // the command line, stored first, wins
      } catch (const po::error& e) {
        *err = "profile " + path + ": " + error_text(e, percent || profile_percent);
        return false;
      }
    }
    po::notify(vm);
  } catch (const po::unknown_option& e) {
    *err = not_taken_text(command, e.get_option_name());
    if (err->empty()) *err = error_text(e, percent);
    return false;
  } catch (const po::error& e) {
    *err = error_text(e, percent);
    return false;
  }

  if (!apply_profile(vm, &options->profile, err)) return false;
  if (vm.count("file")) options->files = vm["file"].as<std::vector<std::string>>();
  if (serve) {
    if (options->files.size() != 1 || options->files[0] == "-") {
      *err = "serve needs one FILE.csv, the native measurements file it reads and saves (not standard input)";
      return false;
    }
    options->port = vm["port"].as<int>();
    options->bind = vm["bind"].as<std::string>();
    if (options->port < 0 || options->port > 65535) {
      *err = "--port " + std::to_string(options->port) + ": expected 0 to 65535";
      return false;
    }
    return true;
  }
  if (options->files.empty()) {
    *err = "no input FILE (use - for standard input)";
    return false;
  }
  if (pictures) {
    const std::string format = vm.count("format") ? vm["format"].as<std::string>() : command == "plot" ? "svg" : "html";
    if (command == "plot" && (format == "svg" || format == "png")) options->png = format == "png";
    else if (command == "report" && format == "html") {}
    else {
      *err = "--format \"" + format + "\": expected " + (command == "plot" ? "svg or png" : "html");
      return false;
    }
    if (vm.count("reader")) options->reader = vm["reader"].as<std::string>();
    if (vm.count("subject")) options->subject = vm["subject"].as<std::string>();
    if (vm.count("title")) options->title = vm["title"].as<std::string>();
  } else if (!parse_result_format(command, vm, options, err)) {
    return false;
  }
  const std::string level = vm.count("level") ? vm["level"].as<std::string>() : "timepoint";
  if (level == "timepoint") options->level = io::CsvLevel::Timepoint;
  else if (level == "track") options->level = io::CsvLevel::Track;
  else {
    *err = "--level \"" + level + "\": expected timepoint or track";
    return false;
  }
  if (!io::parse_input_format(vm["input-format"].as<std::string>(), &options->input_format)) {
    *err = "--input-format \"" + vm["input-format"].as<std::string>() + "\": expected auto, measurements, responses or sdtm";
    return false;
  }
  options->output = vm["output"].as<std::string>();
  options->strict = vm["strict"].as<bool>();
  options->reasons = vm.count("reasons") && vm["reasons"].as<bool>();
  options->threads = vm.count("threads") ? vm["threads"].as<int>() : 0;
  if (options->threads < 0) {
    *err = "--threads must be ≥ 0";
    return false;
  }
  return true;
}

}  // namespace recist::cli
