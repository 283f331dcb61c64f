#include "reader_support.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include "recist/io/read/native_csv.hpp"

namespace recist::io {

std::string to_string(const InputError& e) {
  std::string out = e.file;
  if (e.line > 0) out += ":" + std::to_string(e.line);
  out += ": ";
  if (!e.column.empty()) out += "column " + e.column + ": ";
  out += e.message;
  // A value quoted from the input is shown, never obeyed: a newline in a header name must not
  // forge a line of its own on the terminal (issue 31), so control characters are escaped.
  if (std::none_of(out.begin(), out.end(), [](unsigned char c) { return c < 0x20 || c == 0x7F; })) return out;
  std::string shown;
  for (unsigned char c : out) {
    if (c >= 0x20 && c != 0x7F) {
      shown += static_cast<char>(c);
    } else if (c == '\n' || c == '\r' || c == '\t') {
      shown += c == '\n' ? "\\n" : c == '\r' ? "\\r" : "\\t";
    } else {
      static constexpr char kHex[] = "0123456789abcdef";
      shown += "\\x";
      shown += kHex[c >> 4];
      shown += kHex[c & 15];
    }
  }
  return shown;
}

std::string join_names(std::span<const std::string_view> names) {
  std::string out;
  for (std::string_view n : names) out += (out.empty() ? "" : ", ") + std::string(n);
  return out;
}

std::optional<Date> date_field(std::string_view v, std::string* message) {
  std::string why;
  auto d = parse_date(v, &why);
  if (!d) *message = "\"" + std::string(v) + "\": " + why;
  return d;
}

std::optional<Millimetres> millimetres_field(std::string_view v, std::string* message) {
  std::string why;
  auto mm = parse_millimetres(v, &why);
  if (!mm) *message = "\"" + std::string(v) + "\": " + why;
  return mm;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::size_t find_control(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return i;
  }
  return std::string_view::npos;
}

std::string control_message(std::string_view s, std::size_t at) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  const auto c = static_cast<unsigned char>(s[at]);
  return std::string("the text holds the control character 0x") + kHex[c >> 4] + kHex[c & 15] + " (byte " +
         std::to_string(at + 1) + "): printable text was expected";
}

std::size_t find_xml_nul(std::string_view text) {
  std::size_t at = text.find('\0');
  for (std::size_t ref = text.find("&#"); ref < at; ref = text.find("&#", ref + 2)) {
    std::size_t i = ref + 2;
    const bool hex = i < text.size() && (text[i] == 'x' || text[i] == 'X');
    i += hex;
    const std::size_t digits = i;
    while (i < text.size() && text[i] == '0') ++i;
    if (i > digits && i < text.size() && text[i] == ';') return ref;
  }
  return at;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = upper_char(c);
  return out;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view nearest_name(std::string_view name, std::span<const std::string_view> known) {
  std::string_view best;
  std::size_t best_distance = static_cast<std::size_t>(-1);
  std::vector<std::size_t> prev, cur;
  for (std::string_view k : known) {
    // Levenshtein distance, two rows.
    prev.resize(k.size() + 1);
    cur.resize(k.size() + 1);
    for (std::size_t j = 0; j <= k.size(); ++j) prev[j] = j;
    for (std::size_t i = 1; i <= name.size(); ++i) {
      cur[0] = i;
      for (std::size_t j = 1; j <= k.size(); ++j)
        cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (name[i - 1] == k[j - 1] ? 0 : 1)});
      std::swap(prev, cur);
    }
    if (prev[k.size()] < best_distance) {
      best_distance = prev[k.size()];
      best = k;
    }
  }
  return best;
}

void ErrorSink::add(std::int64_t line, std::string column, std::string message, std::string subject) {
  if (out_->errors.size() < options_.max_errors) {
    out_->errors.push_back({file_, line, std::move(column), std::move(message), std::move(subject)});
  } else {
    ++out_->errors_not_listed;
  }
  if (options_.strict) {
    stopped_ = true;
    out_->fatal = true;
  }
}

void ErrorSink::fatal(std::int64_t line, std::string column, std::string message) {
  out_->fatal = true;
  add(line, std::move(column), std::move(message), "");
  stopped_ = true;
}

bool read_header(CsvReader& reader, CsvRecord* record, std::span<const std::string_view> known,
                 std::initializer_list<int> required, ErrorSink& errors, int* at, std::size_t* width) {
  std::fill(at, at + known.size(), -1);
  std::string expected;
  for (std::string_view k : known) expected += (expected.empty() ? "" : ", ") + std::string(k);
  if (!reader.next(record)) {
    if (!reader.error().empty()) errors.fatal(reader.error_line(), "", reader.error());
    else errors.fatal(0, "", "the file is empty: a header row was expected, with columns among " + expected);
    return false;
  }
  *width = record->fields.size();
  bool ok = true;
  for (std::size_t i = 0; i < record->fields.size(); ++i) {
    const std::string name = lower(trim(record->fields[i]));
    auto it = std::find(known.begin(), known.end(), name);
    if (it == known.end() && record->fields.size() == 1 && name.find(';') != std::string::npos) {
      errors.fatal(record->line, name, "the header is one column \"" + name + "\": the file seems separated by "
                   "semicolons (a spreadsheet's regional setting); save it as comma-separated CSV, with a "
                   "decimal point, and columns among " + expected);
      ok = false;
      continue;
    }
    if (it == known.end()) {
      errors.fatal(record->line, name,
                   name.empty() ? "an empty column name in the header (expected one of " + expected + ")"
                                : "unknown column \"" + name + "\"; did you mean \"" +
                                      std::string(nearest_name(name, known)) + "\"? (known columns: " + expected + ")");
      ok = false;
      continue;
    }
    const std::size_t k = static_cast<std::size_t>(it - known.begin());
    if (at[k] >= 0) {
      errors.fatal(record->line, name, "column \"" + name + "\" appears twice in the header");
      ok = false;
      continue;
    }
    at[k] = static_cast<int>(i);
  }
  for (int r : required) {
    if (at[r] < 0) {
      errors.fatal(record->line, std::string(known[r]), "the required column \"" + std::string(known[r]) + "\" is missing");
      ok = false;
    }
  }
  return ok;
}

}  // namespace recist::io
