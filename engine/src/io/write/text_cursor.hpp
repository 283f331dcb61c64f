#pragma once
// Text written straight into an output string, for the writers of time points (a row or an object
// for every time point of a batch, issue 6): room for the longest text is made first, in a scratch
// string the writer keeps (zero-filled only when it grows: making room in the output itself would
// zero-fill it every time), literals are copied and numbers and dates formatted in place, and what
// was written is appended to the output when the cursor goes. Internal to the writers.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "recist/date.hpp"
#include "recist/millimetres.hpp"
#include "recist/response.hpp"

namespace recist::io {

class TextCursor {
 public:
  /// The room a number (a length, a percentage, an integer) takes at most.
  static constexpr std::size_t kNumberRoom = Millimetres::kMaxText;

  /// Room for `room` bytes (at least all that will be written) in `scratch`, whose text is appended
  /// to `out` at the end; `scratch` keeps its size from one cursor to the next.
  TextCursor(std::string* out, std::string* scratch, std::size_t room)
      : out_(out), scratch_(scratch), room_(room) {
    if (scratch->size() < room) scratch->resize(room);
    p_ = scratch->data();
  }
  TextCursor(const TextCursor&) = delete;
  TextCursor& operator=(const TextCursor&) = delete;
  ~TextCursor() { out_->append(scratch_->data(), static_cast<std::size_t>(p_ - scratch_->data())); }

  /// A literal: its length is known here, so the copy is a few moves.
  template <std::size_t N>
  TextCursor& operator<<(const char (&text)[N]) {
    std::memcpy(p_, text, N - 1);
    p_ += N - 1;
    return *this;
  }
  TextCursor& operator<<(std::string_view text) {
    std::memcpy(p_, text.data(), text.size());
    p_ += text.size();
    return *this;
  }
  TextCursor& operator<<(char c) {
    *p_++ = c;
    return *this;
  }
  TextCursor& operator<<(Millimetres mm) {
    p_ += mm.write(p_);
    return *this;
  }
  TextCursor& operator<<(Date d) {
    d.write(p_);
    p_ += Date::kText;
    return *this;
  }
  /// A code (room for 16 bytes). Codes never need quoting or escaping.
  TextCursor& operator<<(const PaddedCode& code) {
    std::memcpy(p_, code.text, 16);
    p_ += code.size;
    return *this;
  }
  /// A whole number ("-3", "42").
  TextCursor& integer(std::int64_t n) {
    p_ += write_integer(p_, n);
    return *this;
  }
  /// Tenths of a percent as a decimal ("-31.4").
  TextCursor& tenths(std::int64_t t) {
    p_ += write_tenths(p_, t);
    return *this;
  }
  /// `n` more bytes of room than was made, for the rare text that grows when written (a doubled
  /// quote, an escape).
  void make_room(std::size_t n) {
    room_ += n;
    if (scratch_->size() >= room_) return;
    const auto at = static_cast<std::size_t>(p_ - scratch_->data());
    scratch_->resize(room_);
    p_ = scratch_->data() + at;
  }
  /// Where the next byte goes (for writers that write a run themselves and then skip()).
  char* position() const { return p_; }
  /// Moves on by `n` bytes written at position().
  void skip(std::size_t n) { p_ += n; }

 private:
  std::string* out_;
  std::string* scratch_;
  std::size_t room_;
  char* p_ = nullptr;
};

}  // namespace recist::io
