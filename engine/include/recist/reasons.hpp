#pragma once
// The reasons of one decision (a time point or a best response): plain sentences, in the order the
// rules fired, naming the sums, the nadir, the percentages and the rule (SPEC 5.1 `reasons`).
//
// Every time point of every track carries five or more of them, so they are written into one text
// buffer with the numbers formatted in place: one allocation per decision, not one per sentence
// and per number. The buffer holds them already joined by " | " (as the CSV and ADRS
// outputs write them). Value type.

#include <array>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "recist/date.hpp"
#include "recist/millimetres.hpp"
#include "recist/response.hpp"

namespace recist {

/// A change in tenths of a percent written with its sign ("+7.7%", "−31.4%" as "-31.4%", "0.0%"),
/// or "n/a" when there is no reference to compare with.
struct SignedPercent {
  std::optional<std::int64_t> tenths;
};

/// The sentences explaining one decision, in one buffer (see the top of this file).
class Reasons {
 public:
  /// One sentence being written: `reasons.add() << "sum " << mm << " mm (R6)";` The sentence ends
  /// when the temporary (or a named `auto r = reasons.add();`) goes out of scope; one sentence of
  /// a Reasons is written at a time.
  class Sentence {
   public:
    explicit Sentence(Reasons* owner) : owner_(owner) {
      take_room();
      if (owner_->count_ != 0) append(kSeparator.data(), kSeparator.size());
    }
    Sentence(const Sentence&) = delete;
    Sentence& operator=(const Sentence&) = delete;
    ~Sentence() {
      owner_->size_ = written();
      owner_->close_sentence();
    }

    Sentence& operator<<(std::string_view text) {
      append(text.data(), text.size());
      return *this;
    }
    /// A literal: its length is known here, so the copy is a few moves, not a call.
    template <std::size_t N>
    Sentence& operator<<(const char (&text)[N]) {
      append(text, N - 1);
      return *this;
    }
    Sentence& operator<<(const std::string& text) { return *this << std::string_view(text); }
    Sentence& operator<<(char c) {
      append(&c, 1);
      return *this;
    }
    // Lengths and dates are written several times for every time point: here, not through a call.
    Sentence& operator<<(Millimetres mm) { return put(mm); }
    Sentence& operator<<(Date date) { return put(date); }
    Sentence& operator<<(Response r) { return *this << padded(r); }
    Sentence& operator<<(NewLesions n) { return *this << padded(n); }
    /// A code: 16 bytes moved at once, not a copy of a length known only here.
    Sentence& operator<<(const PaddedCode& code) { return put(code); }
    Sentence& operator<<(SignedPercent p) { return put(p); }
    template <typename Int>
      requires std::is_integral_v<Int> && (!std::is_same_v<Int, char>) && (!std::is_same_v<Int, bool>)
    Sentence& operator<<(Int n) {
      append_integer(static_cast<std::int64_t>(n));
      return *this;
    }
    /// Writes `parts` one after the other as `<<` would, with room made once for all of them and
    /// the position kept in a register: for the sentences of every time point. Parts are
    /// literals, texts, lengths, dates, codes and signed percentages.
    template <typename... Parts>
    Sentence& put(const Parts&... parts) {
      reserve((room_for(parts) + ...));
      char* p = cur_;
      (write_part(p, parts), ...);
      cur_ = p;
      return *this;
    }

   private:
    // put(): the most a part takes, and the part written at p (p moved past it).
    template <std::size_t N>
    static constexpr std::size_t room_for(const char (&)[N]) { return N - 1; }
    static std::size_t room_for(std::string_view text) { return text.size(); }
    static constexpr std::size_t room_for(Millimetres) { return Millimetres::kMaxText; }
    static constexpr std::size_t room_for(Date) { return Date::kText; }
    static constexpr std::size_t room_for(Response) { return sizeof(PaddedCode::text); }
    static constexpr std::size_t room_for(NewLesions) { return sizeof(PaddedCode::text); }
    static constexpr std::size_t room_for(const PaddedCode&) { return sizeof(PaddedCode::text); }
    static constexpr std::size_t room_for(SignedPercent) { return Millimetres::kMaxText + 2; }
    template <std::size_t N>
    static void write_part(char*& p, const char (&text)[N]) {
      std::memcpy(p, text, N - 1);
      p += N - 1;
    }
    static void write_part(char*& p, std::string_view text) {
      std::memcpy(p, text.data(), text.size());
      p += text.size();
    }
    static void write_part(char*& p, Millimetres mm) { p += mm.write(p); }
    static void write_part(char*& p, Date date) {
      date.write(p);
      p += Date::kText;
    }
    static void write_part(char*& p, const PaddedCode& code) {
      std::memcpy(p, code.text, sizeof code.text);
      p += code.size;
    }
    static void write_part(char*& p, Response r) { write_part(p, padded(r)); }
    static void write_part(char*& p, NewLesions n) { write_part(p, padded(n)); }
    static void write_part(char*& p, SignedPercent percent) {
      if (!percent.tenths) return write_part(p, "n/a");
      if (*percent.tenths > 0) *p++ = '+';
      p += write_tenths(p, *percent.tenths);
      *p++ = '%';
    }

    // The sentence is written at cur_, with room up to end_ (the owner's capacity): the owner's
    // fields are read back only when it must grow.
    void append(const char* text, std::size_t n) {
      if (n > static_cast<std::size_t>(end_ - cur_)) grow(n);
      std::memcpy(cur_, text, n);
      cur_ += n;
    }
    /// Room for `n` more bytes.
    void reserve(std::size_t n) {
      if (n > static_cast<std::size_t>(end_ - cur_)) grow(n);
    }
    std::uint32_t written() const { return static_cast<std::uint32_t>(cur_ - owner_->text_); }
    void take_room() {
      cur_ = owner_->end_ptr();
      end_ = owner_->text_ + owner_->capacity_;
    }
    /// Where a sentence writes: from `cur` up to `end`.
    struct Room {
      char* cur;
      char* end;
    };
    /// Room for `n` more bytes after `cur`, made by `owner`. Static, and the sentence's pointers
    /// passed by value: the sentence's address never leaves the function writing it, so the
    /// compiler keeps its pointers in registers across the appends.
    static Room grow(Reasons* owner, char* cur, std::size_t n);
    void grow(std::size_t n) {
      const Room room = grow(owner_, cur_, n);
      cur_ = room.cur;
      end_ = room.end;
    }
    void append_integer(std::int64_t n) {
      reserve(Millimetres::kMaxText);
      cur_ += write_integer(cur_, n);
    }
    Reasons* owner_;
    char* cur_ = nullptr;
    char* end_ = nullptr;
  };

  Reasons() = default;
  Reasons(const Reasons& o);
  Reasons(Reasons&& o) noexcept;
  Reasons& operator=(const Reasons& o);
  Reasons& operator=(Reasons&& o) noexcept;
  ~Reasons();

  /// Starts a sentence; see Sentence.
  Sentence add() { return Sentence(this); }
  /// Adds a whole sentence.
  void push_back(std::string_view sentence) { add() << sentence; }
  /// Adds the sentences of `other` after these.
  void append(const Reasons& other);
  /// Forgets every sentence; the buffer is kept for the next ones.
  void clear() {
    size_ = 0;
    count_ = 0;
    more_ends_.clear();
  }

  std::size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  /// The i-th sentence (i < size()).
  std::string_view operator[](std::size_t i) const;
  /// The separator between two sentences in joined_text().
  static constexpr std::string_view kSeparator = " | ";
  /// All sentences joined by kSeparator, as stored.
  std::string_view joined_text() const { return {text_, size_}; }
  /// The sentences joined by `separator`.
  std::string joined(std::string_view separator) const;
  /// Whether one of the sentences is exactly `sentence`.
  bool contains(std::string_view sentence) const;

  class const_iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = std::string_view;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = std::string_view;

    const_iterator() = default;
    const_iterator(const Reasons* owner, std::size_t i) : owner_(owner), i_(i) {}
    std::string_view operator*() const { return (*owner_)[i_]; }
    const_iterator& operator++() {
      ++i_;
      return *this;
    }
    const_iterator operator++(int) {
      const_iterator before = *this;
      ++i_;
      return before;
    }
    bool operator==(const const_iterator& o) const { return i_ == o.i_; }

   private:
    const Reasons* owner_ = nullptr;
    std::size_t i_ = 0;
  };
  const_iterator begin() const { return {this, 0}; }
  const_iterator end() const { return {this, count_}; }

  bool operator==(const Reasons& o) const;

 private:
  std::size_t end_of(std::size_t i) const { return i < kInline ? inline_ends_[i] : more_ends_[i - kInline]; }
  void close_sentence() {
    if (count_ >= kInline) return close_long_sentence();
    inline_ends_[count_++] = size_;
  }
  void close_long_sentence();
  char* end_ptr() { return text_ + size_; }
  void grow(std::size_t at_least);
  static char* new_buffer(std::size_t capacity);
  static void delete_buffer(char* p, std::size_t capacity);

  // Where each sentence ends in text_: the first few inline (a time point has five to eight).
  static constexpr std::size_t kInline = 8;
  // The sentences of a time point come to about 300–600 bytes: grow once, not five times.
  static constexpr std::size_t kFirstCapacity = 640;
  char* text_ = nullptr;  // capacity_ bytes from release_buffer()/new, given back by the destructor
  std::uint32_t size_ = 0;
  std::uint32_t capacity_ = 0;
  std::size_t count_ = 0;
  std::array<std::uint32_t, kInline> inline_ends_{};
  std::vector<std::uint32_t> more_ends_;
};

}  // namespace recist
