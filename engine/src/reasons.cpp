#include "recist/reasons.hpp"

#include <algorithm>

namespace recist {

Reasons::Sentence& Reasons::Sentence::operator<<(Millimetres mm) {
  reserve(Millimetres::kMaxText);
  cur_ += mm.write(cur_);
  return *this;
}

Reasons::Sentence& Reasons::Sentence::operator<<(Date date) {
  reserve(Date::kText);
  date.write(cur_);
  cur_ += Date::kText;
  return *this;
}

Reasons::Sentence& Reasons::Sentence::operator<<(SignedPercent p) {
  if (!p.tenths) return *this << "n/a";
  reserve(Millimetres::kMaxText + 2);
  if (*p.tenths > 0) *cur_++ = '+';
  cur_ += write_tenths(cur_, *p.tenths);
  *cur_++ = '%';
  return *this;
}

void Reasons::Sentence::append_integer(std::int64_t n) {
  reserve(Millimetres::kMaxText);
  cur_ += write_integer(cur_, n);
}

void Reasons::Sentence::grow(std::size_t n) {
  owner_->size_ = written();
  owner_->grow(n);
  take_room();
}

Reasons::Reasons(const Reasons& o)
    : count_(o.count_), inline_ends_(o.inline_ends_), more_ends_(o.more_ends_) {
  if (o.size_) {
    grow(o.size_);
    std::memcpy(text_.get(), o.text_.get(), o.size_);
    size_ = o.size_;
  }
}

Reasons::Reasons(Reasons&& o) noexcept
    : text_(std::move(o.text_)), size_(o.size_), capacity_(o.capacity_), count_(o.count_),
      inline_ends_(o.inline_ends_), more_ends_(std::move(o.more_ends_)) {
  o.size_ = o.capacity_ = 0;
  o.count_ = 0;
}

Reasons& Reasons::operator=(const Reasons& o) {
  if (this != &o) *this = Reasons(o);
  return *this;
}

Reasons& Reasons::operator=(Reasons&& o) noexcept {
  text_ = std::move(o.text_);
  size_ = o.size_;
  capacity_ = o.capacity_;
  count_ = o.count_;
  inline_ends_ = o.inline_ends_;
  more_ends_ = std::move(o.more_ends_);
  o.size_ = o.capacity_ = 0;
  o.count_ = 0;
  return *this;
}

void Reasons::grow(std::size_t at_least) {
  std::size_t capacity = std::max<std::size_t>(kFirstCapacity, 2 * std::size_t{capacity_});
  while (capacity - size_ < at_least + kSpare) capacity *= 2;
  auto bigger = std::make_unique_for_overwrite<char[]>(capacity);
  if (size_) std::memcpy(bigger.get(), text_.get(), size_);
  text_ = std::move(bigger);
  capacity_ = static_cast<std::uint32_t>(capacity);
}

void Reasons::close_sentence() {
  const std::uint32_t end = size_;
  if (count_ < kInline) inline_ends_[count_] = end;
  else more_ends_.push_back(end);
  ++count_;
}

std::string_view Reasons::operator[](std::size_t i) const {
  const std::size_t from = i == 0 ? 0 : end_of(i - 1) + kSeparator.size();
  return joined_text().substr(from, end_of(i) - from);
}

void Reasons::append(const Reasons& other) {
  for (std::string_view s : other) push_back(s);
}

std::string Reasons::joined(std::string_view separator) const {
  if (separator == kSeparator) return std::string(joined_text());
  std::string out;
  out.reserve(size_ + count_ * separator.size());
  for (std::size_t i = 0; i < count_; ++i) {
    if (i) out.append(separator);
    out.append((*this)[i]);
  }
  return out;
}

bool Reasons::contains(std::string_view sentence) const {
  return std::find(begin(), end(), sentence) != end();
}

bool Reasons::operator==(const Reasons& o) const {
  return count_ == o.count_ && joined_text() == o.joined_text() && std::equal(begin(), end(), o.begin());
}

}  // namespace recist
