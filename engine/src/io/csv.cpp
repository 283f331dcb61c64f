#include "recist/io/csv.hpp"

#include <array>

namespace recist::io {
namespace {

/// The bytes that end an unquoted field (or are not allowed in one).
constexpr std::array<bool, 256> kFieldEnd = [] {
  std::array<bool, 256> t{};
  t[','] = t['\n'] = t['\r'] = t['"'] = true;
  return t;
}();

}  // namespace

CsvReader::CsvReader(std::string_view text) : text_(text) {
  if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // UTF-8 byte order mark
}

CsvReader::CsvReader(std::string_view text, std::size_t offset, std::int64_t line)
    : text_(text), pos_(offset), line_(line) {}

bool CsvReader::next(CsvRecord* record) {
  record->fields.clear();
  if (!unescaped_.empty()) unescaped_.clear();
  if (pos_ >= text_.size() || !error_.empty()) return false;
  record->line = line_;
  const std::size_t n = text_.size();
  const char* const s = text_.data();
  while (true) {
    if (pos_ < n && s[pos_] == '"') {
      // Quoted field: up to the closing quote; "" is one quote.
      const std::int64_t start_line = line_;
      std::size_t i = pos_ + 1;
      std::string* copy = nullptr;
      std::size_t run_start = i;
      while (true) {
        std::size_t q = text_.find('"', i);
        if (q == std::string_view::npos) {
          error_ = "a quoted field is not closed (opened on line " + std::to_string(start_line) + ")";
          error_line_ = start_line;
          return false;
        }
        for (std::size_t k = i; k < q; ++k)
          if (s[k] == '\n') ++line_;
        if (q + 1 < n && s[q + 1] == '"') {
          if (!copy) copy = &unescaped_.emplace_back();
          copy->append(text_.substr(run_start, q + 1 - run_start));
          i = q + 2;
          run_start = i;
          continue;
        }
        if (copy) {
          copy->append(text_.substr(run_start, q - run_start));
          record->fields.emplace_back(*copy);
        } else {
          record->fields.push_back(text_.substr(pos_ + 1, q - pos_ - 1));
        }
        pos_ = q + 1;
        break;
      }
      if (pos_ < n && s[pos_] != ',' && s[pos_] != '\n' && s[pos_] != '\r') {
        error_ = "a character after the closing quote of a field (a comma or the end of the line was expected)";
        error_line_ = line_;
        return false;
      }
    } else {
      std::size_t end = pos_;
      while (end < n && !kFieldEnd[static_cast<unsigned char>(s[end])]) ++end;
      if (end < n && s[end] == '"') {
        error_ = "a quote inside an unquoted field (quote the whole field and double the quote)";
        error_line_ = line_;
        return false;
      }
      record->fields.push_back(text_.substr(pos_, end - pos_));
      pos_ = end;
    }
    if (pos_ >= n) return true;
    if (s[pos_] == ',') {
      ++pos_;
      continue;
    }
    if (s[pos_] == '\r') ++pos_;
    if (pos_ < n && s[pos_] == '\n') ++pos_;
    ++line_;
    return true;
  }
}

void append_csv_field(std::string* out, std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out->append(field);
    return;
  }
  out->push_back('"');
  for (char c : field) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

}  // namespace recist::io
