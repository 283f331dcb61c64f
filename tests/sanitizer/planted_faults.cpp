// A test-only program that plants one sanitizer report (issue 35): `leak`, `ub` or `overflow`, or
// `none` (exit 1, recist's "findings" code, with nothing planted). Built only with RECIST_SANITIZE;
// tests/sanitizer/check_planted.py must see each report end the run with exit 86.
#include <climits>
#include <cstdio>
#include <cstring>

namespace {

int* volatile g_lost = nullptr;  // volatile: the compiler may not drop the allocation

}  // namespace

int main(int argc, char** argv) {
  const char* what = argc > 1 ? argv[1] : "none";
  if (std::strcmp(what, "leak") == 0) {
    g_lost = new int[8];
    g_lost = nullptr;  // unreachable at exit: LeakSanitizer reports it
    return 0;
  }
  if (std::strcmp(what, "ub") == 0) {
    volatile int near_max = INT_MAX - 1;
    std::printf("%d\n", near_max + argc);  // argc is 2: signed overflow, UBSan
    return 0;
  }
  if (std::strcmp(what, "overflow") == 0) {
    int* four = new int[4];
    const int beyond = four[argc + 2];  // index 4: heap-buffer-overflow, ASan
    delete[] four;
    return beyond;
  }
  return 1;
}
