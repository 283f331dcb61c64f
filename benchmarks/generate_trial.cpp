// generate_trial: writes a synthetic trial of any size in the native measurements CSV (SPEC 4.1),
// for the batch benchmarks and the batch end-to-end test. Deterministic: the same arguments give
// the same bytes on every platform (own PRNG, integer arithmetic only).
//
//   generate_trial --subjects N [--seed S] [--shuffle] [--readers 1|2] [-o FILE]
//
// Per subject: 1–5 targets (at most 2 per organ; lymph nodes measured in short axis), 0–4
// non-targets, 1–20 assessments 6 weeks apart (± 3 days), a response trajectory (shrinking, stable or
// growing, with per-lesion noise), occasional ABSENT / TOO_SMALL / NE / missing target rows,
// non-targets that may disappear or progress, and occasional new lesions (some equivocal first).
// About 32 rows and 1.55 kB per subject on average: 100,000 subjects ≈ 3.2 M rows ≈ 155 MB.
// Rows are sorted by subject (INVESTIGATOR, then BICR) and date, so grouped by track, or with
// --shuffle in a random order.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "recist/date.hpp"

namespace {

/// splitmix64: small, fast, and the same on every platform (std:: distributions are not).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  /// Uniform in [lo, hi].
  int range(int lo, int hi) { return lo + static_cast<int>(next() % static_cast<std::uint64_t>(hi - lo + 1)); }
  /// True with probability per_mille / 1000.
  bool chance(int per_mille) { return range(0, 999) < per_mille; }
  /// An index drawn by integer weights.
  int weighted(std::initializer_list<int> weights) {
    int total = 0;
    for (int w : weights) total += w;
    int r = range(0, total - 1), i = 0;
    for (int w : weights) {
      if (r < w) return i;
      r -= w;
      ++i;
    }
    return i - 1;
  }

 private:
  std::uint64_t state_;
};

struct Args {
  long long subjects = 1000;
  std::uint64_t seed = 1;
  bool shuffle = false;
  int readers = 1;
  std::string output = "-";
};

constexpr const char* kUsage = "usage: generate_trial --subjects N [--seed S] [--shuffle] [--readers 1|2] [-o FILE]\n";

bool parse_args(int argc, char** argv, Args* a) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    if (arg == "--subjects") {
      const char* v = value();
      if (!v || (a->subjects = std::atoll(v)) < 1) return false;
    } else if (arg == "--seed") {
      const char* v = value();
      if (!v) return false;
      a->seed = std::strtoull(v, nullptr, 10);
    } else if (arg == "--shuffle") {
      a->shuffle = true;
    } else if (arg == "--readers") {
      const char* v = value();
      if (!v || (a->readers = std::atoi(v)) < 1 || a->readers > 2) return false;
    } else if (arg == "-o") {
      const char* v = value();
      if (!v) return false;
      a->output = v;
    } else {
      return false;
    }
  }
  return true;
}

// ---- calendar ----

void append_date(std::string* out, int days) {
  out->append(recist::Date::from_days(days).to_string());
}

constexpr int kDay2024 = 19723;  // 2024-01-01

/// Tenths of a millimetre as "23.4".
void append_tenths(std::string* out, int tenths) {
  out->append(std::to_string(tenths / 10));
  out->push_back('.');
  out->push_back(static_cast<char>('0' + tenths % 10));
}

// ---- one subject ----

struct GenLesion {
  std::string id;
  const char* site;
  bool node;
  bool target;
  int baseline_tenths;  // targets: diameter at baseline
  int noise_seed;
};

constexpr const char* kTargetSites[] = {"LIVER",  "LUNG",       "LYMPH NODE", "ADRENAL",
                                        "KIDNEY", "PERITONEUM", "SPLEEN",     "PANCREAS"};
constexpr const char* kNonTargetSites[] = {"BONE", "LIVER", "LUNG", "PLEURA", "LYMPH NODE", "BRAIN", "PERITONEUM"};
constexpr const char* kNewSites[] = {"LIVER", "LUNG", "BONE", "BRAIN", "LYMPH NODE"};

/// Appends the rows of one track. `lines` collects the start offset of each row in `out`.
void write_track(Rng& rng, const char* subject, const char* reader, int reader_bias, std::string* out,
                 std::vector<std::size_t>* lines) {
  const char* method = rng.chance(150) ? ",MRI,3," : ",CT,5,";
  // Lesions at baseline.
  std::vector<GenLesion> lesions;
  const int targets = 1 + rng.weighted({24, 30, 24, 13, 9});
  int per_site[std::size(kTargetSites)] = {};
  for (int t = 0; t < targets; ++t) {
    int s = rng.range(0, static_cast<int>(std::size(kTargetSites)) - 1);
    for (int tries = 0; per_site[s] >= 2 && tries < 16; ++tries)
      s = (s + 1) % static_cast<int>(std::size(kTargetSites));
    ++per_site[s];
    const bool node = std::strcmp(kTargetSites[s], "LYMPH NODE") == 0;
    const int base = node ? rng.range(150, 380) : rng.range(100, 780);  // R1/R2: measurable
    lesions.push_back({"T" + std::to_string(t + 1), kTargetSites[s], node, true, base, rng.range(0, 1 << 20)});
  }
  const int non_targets = rng.weighted({26, 30, 24, 12, 8});
  for (int n = 0; n < non_targets; ++n) {
    const char* site = kNonTargetSites[rng.range(0, static_cast<int>(std::size(kNonTargetSites)) - 1)];
    lesions.push_back({"NT" + std::to_string(n + 1), site, std::strcmp(site, "LYMPH NODE") == 0, false, 0, 0});
  }

  // Assessments: baseline plus 0–19 follow-ups, skewed towards fewer (patients stop at progression).
  const long u = rng.range(0, 999);
  const int assessments = 1 + static_cast<int>((30 * u * u / 1000 + 10 * u) / 2000);
  // Trajectory: per-visit change of the tumour burden in per mille (−180 … +90), and a rebound.
  const int rate = rng.range(-180, 90) + reader_bias;
  const int rebound_at = rng.chance(250) ? rng.range(3, 12) : 99;
  const int baseline_day = kDay2024 + rng.range(0, 730);
  const int start_day = baseline_day + rng.range(0, 7);

  int new_lesions = 0;
  int equivocal_pending = 0;  // the index of an equivocal new lesion to confirm at the next visit
  int day = baseline_day;
  for (int k = 0; k < assessments; ++k) {
    if (k > 0) day = baseline_day + 42 * k + rng.range(-3, 3);
    std::string prefix = subject;
    prefix += ',';
    if (reader) {
      prefix += reader;
      prefix += ',';
    }
    append_date(&prefix, day);
    prefix += ',';
    prefix += k == 0 ? std::string("BASELINE") : "W" + std::to_string(6 * k);
    prefix += ',';
    // Tumour factor at visit k, per mille of baseline: shrinks or grows geometrically, floor 0.
    long factor = 1000;
    for (int v = 1; v <= k; ++v) factor = factor * (1000 + (v >= rebound_at ? 120 : rate)) / 1000;
    for (const GenLesion& l : lesions) {
      if (k > 0 && rng.chance(8)) continue;  // row missing: not evaluated
      lines->push_back(out->size());
      out->append(prefix);
      out->append(l.id);
      out->push_back(',');
      if (k == 0) {
        out->append(l.target ? "TARGET," : "NON-TARGET,");
        out->append(l.site);
        out->append(l.node ? ",Y," : ",N,");
      } else {
        out->append(",,,");
      }
      if (l.target) {
        if (k == 0) {
          append_tenths(out, l.baseline_tenths);
          out->append(",");
          out->append(method);
        } else if (rng.chance(15)) {
          out->append(",NE,,,");
        } else {
          const int noise = rng.range(-60, 60);  // ± 6 %
          long v = static_cast<long>(l.baseline_tenths) * factor / 1000 * (1000 + noise) / 1000;
          if (l.node && v < 40) v = 40 + rng.range(0, 20);
          if (!l.node && v < 30) {
            out->append(",ABSENT,,,");
          } else if (!l.node && v < 50 && rng.chance(500)) {
            out->append(",TOO_SMALL,,,");
          } else {
            append_tenths(out, static_cast<int>(v));
            out->append(",,,,");
          }
        }
      } else if (k == 0) {
        out->append(",PRESENT");
        out->append(method);
      } else if (rate > 40 && rng.chance(60)) {
        out->append(",PD,,,");
      } else if (rate < -100 && k >= 3 && rng.chance(400)) {
        out->append(",ABSENT,,,");
      } else {
        out->append(rng.chance(10) ? ",NE,,," : ",PRESENT,,,");
      }
      if (k == 0) append_date(out, start_day);
      out->push_back('\n');
    }
    // New lesions (R12): more likely when the disease grows; some equivocal, confirmed later.
    if (k > 0) {
      const bool confirm = equivocal_pending > 0 && rng.chance(500);
      const bool fresh = rng.chance(rate > 0 ? 45 : 8);
      if (confirm || fresh) {
        const int index = confirm ? equivocal_pending : ++new_lesions;
        const bool equivocal = !confirm && rng.chance(250);
        lines->push_back(out->size());
        out->append(prefix);
        out->append("N" + std::to_string(index) + ",NEW,");
        out->append(kNewSites[index % std::size(kNewSites)]);
        out->append(equivocal ? ",N,,EQUIVOCAL,,,\n" : ",N,,UNEQUIVOCAL,,,\n");
        equivocal_pending = equivocal ? index : 0;
      }
    }
  }
}

bool write_all(std::FILE* f, std::string_view text) {
  return std::fwrite(text.data(), 1, text.size(), f) == text.size();
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  if (!parse_args(argc, argv, &args)) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  std::FILE* f = args.output == "-" ? stdout : std::fopen(args.output.c_str(), "wb");
  if (!f) {
    std::perror(args.output.c_str());
    return 3;
  }
  static char file_buffer[1 << 20];
  std::setvbuf(f, file_buffer, _IOFBF, sizeof file_buffer);
  const std::string header = std::string(args.readers > 1 ? "subject,reader," : "subject,") +
                             "date,visit,lesion,role,site,node,diameter_mm,status,method,slice_mm,start_date\n";
  bool ok = write_all(f, header);

  Rng rng(args.seed);
  std::string text;  // sorted: one track at a time; shuffled: everything, then permuted lines
  std::vector<std::size_t> lines;
  // Subject ids "P<site>-<serial>", e.g. P042-000123: 120 sites enrolling consecutive serials, so
  // that the ids rise (an input sorted by subject).
  const int digits = args.subjects > 999999 ? static_cast<int>(std::to_string(args.subjects).size()) : 6;
  char id[48];
  for (long long s = 1; s <= args.subjects && ok; ++s) {
    std::snprintf(id, sizeof id, "P%03d-%0*lld", static_cast<int>((s - 1) * 120 / args.subjects) + 1, digits, s);
    for (int r = 0; r < args.readers; ++r) {
      Rng track_rng(rng.next());
      write_track(track_rng, id,
                  args.readers == 1 ? nullptr
                  : r == 0          ? "INVESTIGATOR"
                                    : "BICR",
                  r == 0 ? 0 : 15, &text, &lines);
    }
    if (!args.shuffle && text.size() >= (1 << 20)) {
      ok = write_all(f, text);
      text.clear();
      lines.clear();
    }
  }
  if (args.shuffle && ok) {
    lines.push_back(text.size());  // sentinel: the end of the last line
    const std::size_t n = lines.size() - 1;
    std::vector<std::size_t> order(n);
    for (std::size_t i = 0; i < n; ++i) order[i] = i;
    for (std::size_t i = n; i > 1; --i) std::swap(order[i - 1], order[rng.next() % i]);  // Fisher–Yates
    std::string out;
    for (std::size_t i = 0; i < n && ok; ++i) {
      const std::size_t k = order[i];
      out.append(text, lines[k], lines[k + 1] - lines[k]);
      if (out.size() >= (1 << 20)) {
        ok = write_all(f, out);
        out.clear();
      }
    }
    if (ok) ok = write_all(f, out);
  } else if (ok) {
    ok = write_all(f, text);
  }
  if (f != stdout)
    ok = std::fclose(f) == 0 && ok;
  else
    ok = std::fflush(f) == 0 && ok;
  if (!ok) {
    std::perror(args.output.c_str());
    return 3;
  }
  return 0;
}
