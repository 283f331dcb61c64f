#!/bin/sh
# The R package's build and tests (README "From R"): installs r/ into a library of its own under
# build/ (compiling the engine's sources once more, MAKEFLAGS=-j2) and runs its testthat tests,
# which compare with the Release build/recist the test command built before. Run from anywhere.
set -eu
cd "$(dirname "$0")/.."
root="$(pwd)"
lib="$root/build/r-library"
mkdir -p "$lib"
# ccache, when there, keeps a second run short (the CMake build uses it the same way).
makevars="$root/build/r-makevars"
if command -v ccache >/dev/null 2>&1; then echo "CXX20 = ccache g++" > "$makevars"; else : > "$makevars"; fi
R_MAKEVARS_USER="$makevars" MAKEFLAGS="${MAKEFLAGS:--j2}" R CMD INSTALL --no-docs --no-multiarch -l "$lib" r \
  > "$root/build/r-install.log" 2>&1 || { cat "$root/build/r-install.log"; exit 1; }
cd r/tests/testthat
R_LIBS="$lib" RECIST_SOURCE_DIR="$root" Rscript -e \
  'library(testthat); library(recist); r <- as.data.frame(test_dir(".", reporter = "check", stop_on_failure = TRUE)); cat(sprintf("R tests: %d expectations, %d failed\n", sum(r$nb), sum(r$failed)))'
