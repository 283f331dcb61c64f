#include "recist/reasons.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace recist {

Reasons::Sentence::Room Reasons::Sentence::grow(Reasons* owner, char* cur, std::size_t n) {
  owner->size_ = static_cast<std::uint32_t>(cur - owner->text_);
  owner->grow(n);
  return Room{owner->end_ptr(), owner->text_ + owner->capacity_};
}

namespace {

/// Buffers of the first capacity given back by the Reasons of a thread, for its next ones: a
/// batch makes and drops one for every time point, and past a few freed blocks of this size the
/// allocator takes a slower path.
class BufferPool {
 public:
  static constexpr std::size_t kKept = 64;
  ~BufferPool() {
    for (std::size_t i = 0; i < count_; ++i) delete[] kept_[i];
    count_ = 0;
    closed_ = true;
  }
  char* take() { return count_ ? kept_[--count_] : nullptr; }
  /// False when full (or when the thread is ending): the caller deletes the buffer.
  bool keep(char* p) {
    if (closed_ || count_ == kKept) return false;
    kept_[count_++] = p;
    return true;
  }

 private:
  std::array<char*, kKept> kept_{};
  std::size_t count_ = 0;
  bool closed_ = false;
};

thread_local BufferPool pool;

}  // namespace

char* Reasons::new_buffer(std::size_t capacity) {
  if (capacity == kFirstCapacity)
    if (char* p = pool.take()) return p;
  return new char[capacity];
}

void Reasons::delete_buffer(char* p, std::size_t capacity) {
  if (!p) return;
  if (capacity == kFirstCapacity && pool.keep(p)) return;
  delete[] p;
}

Reasons::~Reasons() { delete_buffer(text_, capacity_); }

Reasons::Reasons(const Reasons& o)
    : count_(o.count_), inline_ends_(o.inline_ends_), more_ends_(o.more_ends_) {
  if (o.size_) {
    grow(o.size_);
    std::memcpy(text_, o.text_, o.size_);
    size_ = o.size_;
  }
}

Reasons::Reasons(Reasons&& o) noexcept
    : text_(std::exchange(o.text_, nullptr)), size_(o.size_), capacity_(o.capacity_), count_(o.count_),
      inline_ends_(o.inline_ends_), more_ends_(std::move(o.more_ends_)) {
  o.size_ = o.capacity_ = 0;
  o.count_ = 0;
}

Reasons& Reasons::operator=(const Reasons& o) {
  if (this != &o) *this = Reasons(o);
  return *this;
}

Reasons& Reasons::operator=(Reasons&& o) noexcept {
  if (this == &o) return *this;
  delete_buffer(text_, capacity_);
  text_ = std::exchange(o.text_, nullptr);
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
  if (capacity_ == 0 && at_least <= kFirstCapacity) {  // the first sentence of nearly every Reasons
    text_ = new_buffer(kFirstCapacity);
    capacity_ = kFirstCapacity;
    return;
  }
  std::size_t capacity = std::max<std::size_t>(kFirstCapacity, 2 * std::size_t{capacity_});
  while (capacity - size_ < at_least) capacity *= 2;
  char* bigger = new_buffer(capacity);
  if (size_) std::memcpy(bigger, text_, size_);
  delete_buffer(text_, capacity_);
  text_ = bigger;
  capacity_ = static_cast<std::uint32_t>(capacity);
}

void Reasons::close_long_sentence() {
  more_ends_.push_back(size_);
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
