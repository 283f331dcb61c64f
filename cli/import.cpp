// `recist import FILE... -o track.csv`: a viewer's measurements (DICOM SR TID 1500, AIM JSON, AIM
// XML) → the native measurements CSV (SPEC 4.1), so assess, serve, compare and report read them
// unchanged; beside it the sources CSV (the values as written, file, SOP Instance UID, content
// item). The readers and the lesion linking are in engine/src/io/read/ (issue 33).
#include <boost/program_options.hpp>
#include <cstdio>

#include "command_line.hpp"
#include "commands.hpp"
#include "options.hpp"
#include "recist/io/files.hpp"
#include "recist/io/read/viewer.hpp"
#include "recist/io/write/native_writers.hpp"
#include "recist/io/write/viewer_sources.hpp"

namespace po = boost::program_options;

namespace recist::cli {
namespace {

constexpr const char* kImportUsage =
    "usage: recist import FILE... [-o track.csv] [--lesion-map MAP.csv] [--sources SOURCES.csv]\n"
    "       [--linear-unit cm|mm] [--reader NAME] [--subject ID] [--date YYYY-MM-DD]\n\n"
    "Reads DICOM SR (TID 1500), AIM JSON and AIM XML files and writes the native measurements CSV.\n\n";

struct ImportOptions {
  std::vector<std::string> files;
  std::string output = "-";
  std::string lesion_map;
  std::string sources;
  io::ViewerOptions viewer;
  io::LinkOptions link;
};

bool parse(int argc, char** argv, ImportOptions* o, int* code) {
  po::options_description general("Options");
  general.add_options()("help,h", "print this help")("output,o", po::value<std::string>()->default_value("-"),
                                                     "write the native CSV to FILE (atomically)")(
      "lesion-map", po::value<std::string>(), "CSV source,lesion[,role][,site]: names lesions across time points")(
      "sources", po::value<std::string>(),
      "write the sources CSV here (default: OUT.sources.csv beside -o OUT; none for standard output)")(
      "linear-unit", po::value<std::string>(), "the unit of ePAD's unitOfMeasure \"linear\": cm or mm")(
      "reader", po::value<std::string>()->default_value("INVESTIGATOR"), "the track's reader")(
      "subject", po::value<std::string>(), "the subject of files without a PatientID")(
      "date", po::value<std::string>(), "the scan date of files without a StudyDate");
  std::string err;
  po::variables_map vm;
  if (read_command_line(argc, argv, general, kImportUsage, &vm, &err)) {
    *code = kOk;
    return false;
  }
  if (err.empty()) {
    if (vm.count("file")) o->files = vm["file"].as<std::vector<std::string>>();
    o->output = vm["output"].as<std::string>();
    if (vm.count("lesion-map")) o->lesion_map = vm["lesion-map"].as<std::string>();
    if (vm.count("sources"))
      o->sources = vm["sources"].as<std::string>();
    else if (o->output != "-")
      o->sources = o->output + ".sources.csv";
    if (vm.count("linear-unit")) o->viewer.linear_unit = vm["linear-unit"].as<std::string>();
    o->link.reader = vm["reader"].as<std::string>();
    if (vm.count("subject")) o->link.subject = vm["subject"].as<std::string>();
    std::string why;
    if (o->files.empty())
      err = "at least one input FILE was expected";
    else if (!o->viewer.linear_unit.empty() && o->viewer.linear_unit != "cm" && o->viewer.linear_unit != "mm")
      err = "--linear-unit \"" + o->viewer.linear_unit + "\": expected cm or mm";
    else if (vm.count("date") && !(o->link.date = parse_date(vm["date"].as<std::string>(), &why)))
      err = "--date \"" + vm["date"].as<std::string>() + "\": " + why;
  }
  if (!err.empty()) {
    std::fprintf(stderr, "recist import: %s\n(see recist import --help)\n", err.c_str());
    *code = kUsage;
    return false;
  }
  return true;
}

void report(const std::vector<io::InputError>& list, const char* kind) {
  for (const io::InputError& e : list) std::fprintf(stderr, "%s: %s\n", kind, io::to_string(e).c_str());
}

bool write(const std::string& path, const std::string& text) {
  io::AtomicOutput output;
  std::string err;
  if (!output.open(path, &err) || !output.write(text, &err) || !output.commit(&err)) {
    std::fprintf(stderr, "recist: %s\n", err.c_str());
    return false;
  }
  return true;
}

}  // namespace

int run_import(int argc, char** argv) {
  ImportOptions o;
  int code = kOk;
  if (!parse(argc, argv, &o, &code)) return code;
  std::vector<io::LesionMapEntry> map;
  std::vector<io::InputError> errors;
  bool fatal = false;
  if (!o.lesion_map.empty()) {
    std::string text, err;
    if (!io::read_file(o.lesion_map, &text, &err)) {
      std::fprintf(stderr, "recist: %s\n", err.c_str());
      return kBadInput;
    }
    fatal |= !io::read_lesion_map(text, o.lesion_map, &map, &errors);
  }
  std::vector<io::ViewerLesion> lesions;
  std::vector<io::InputError> warnings;
  for (const std::string& path : o.files) {
    std::string bytes, err;
    if (!io::read_file(path, &bytes, &err)) {
      std::fprintf(stderr, "recist: %s\n", err.c_str());
      return kBadInput;
    }
    io::ViewerFile f = io::read_viewer_file(bytes, path, o.viewer);
    fatal |= f.fatal;
    errors.insert(errors.end(), f.errors.begin(), f.errors.end());
    warnings.insert(warnings.end(), f.warnings.begin(), f.warnings.end());
    lesions.insert(lesions.end(), f.lesions.begin(), f.lesions.end());
  }
  if (fatal) {
    report(errors, "error");
    return kBadInput;
  }
  const io::ImportResult result = io::link_viewer_lesions(lesions, map, o.link);
  errors.insert(errors.end(), result.errors.begin(), result.errors.end());
  warnings.insert(warnings.end(), result.warnings.begin(), result.warnings.end());
  report(warnings, "warning");
  report(errors, "error");
  std::string csv, sources;
  io::write_measurements_csv(result.tracks, &csv);
  if (!write(o.output, csv)) return kBadInput;
  if (!o.sources.empty()) {
    io::write_viewer_sources_csv(result, &sources);
    if (!write(o.sources, sources)) return kBadInput;
  }
  return errors.empty() ? kOk : kFindings;
}

}  // namespace recist::cli
