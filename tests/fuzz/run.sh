#!/bin/sh
# Builds the libFuzzer targets (build-fuzz, clang++, ASan + UBSan) and runs each for SECONDS on
# its seed corpus, one after the other on one core. Prints per target the CPU time, executions, the
# coverage (cov: edges, ft: features) and the crashes; exits 1 on any crash, leak, timeout
# (> 1 s for an input), out-of-memory (> 2 GB) or broken invariant. Crashing inputs go to
# build-fuzz/artifacts/. See tests/fuzz/README.md.
#
# usage: tests/fuzz/run.sh SECONDS [TARGET...]     (targets: all of them when none is named)
set -eu
cd "$(dirname "$0")/../.."
seconds=${1:?usage: tests/fuzz/run.sh SECONDS [TARGET...]}
shift
targets=${*:-"native_csv recorded_csv native_xml sdtm_csv sdtm_xpt dataset_xml profile_ini engine viewer"}
build=build-fuzz

mkdir -p $build
launcher=
command -v ccache >/dev/null 2>&1 && launcher=-DCMAKE_CXX_COMPILER_LAUNCHER=ccache
cmake -S . -B $build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ -DRECIST_FUZZ=ON \
  -DRECIST_BUILD_TESTS=OFF -DRECIST_BUILD_BENCHMARKS=OFF $launcher >$build/configure.log 2>&1 ||
  { cat $build/configure.log; exit 1; }
cmake --build $build -j2 --target recist_fuzz_all >$build/build.log 2>&1 || { tail -50 $build/build.log; exit 1; }

# Seeds: files of data/ and tests/ copied into each target's working corpus (which keeps what
# the runs find, so a second run goes on from there), and the SDTM example written as SAS XPORT
# and Dataset-XML by data/sdtm/make_sdtm.py.
corpus=$build/corpus
artifacts=$build/artifacts
mkdir -p $artifacts
seed() {  # seed TARGET FILE...: a seed that is missing (or a pattern that matched none) fails the run
  mkdir -p $corpus/$1
  t=$1
  shift
  for f in "$@"; do
    [ -f "$f" ] || { echo "tests/fuzz/run.sh: seed $f of $t is missing" >&2; exit 1; }
    cp "$f" "$corpus/$t/seed-$(echo "$f" | tr / _)"
  done
}
sdtm=$build/seeds/sdtm
if [ ! -d $sdtm/xpt ]; then
  python3 data/sdtm/make_sdtm.py data/sdtm/recist-demo/measurements.csv $sdtm --study FUZZ >/dev/null
  python3 data/sdtm/make_sdtm.py data/examples/measurements.csv $build/seeds/examples --study FUZZ >/dev/null
fi
seed native_csv data/examples/measurements.csv data/sdtm/recist-demo/measurements.csv tests/native/all_features.csv \
  tests/irecist/*.csv $(ls tests/malformed/*.csv | grep -v /recorded_)
seed recorded_csv data/examples/responses.csv tests/malformed/recorded_*.csv data/nct07289048/investigator_bor.csv
seed native_xml tests/native/*.xml tests/malformed/xml_*.xml
seed sdtm_xpt $sdtm/xpt/*.xpt $build/seeds/examples/xpt/*.xpt tests/malformed/sdtm_lone_tr.xpt \
  tests/malformed/sdtm_xpt_*.sdtm/*.xpt
seed dataset_xml $sdtm/xml/*.xml $build/seeds/examples/xml/dm.xml tests/malformed/sdtm_xml_*.sdtm/*.xml
seed profile_ini data/profiles/*.ini tests/fuzz/seeds/profile_ini/*
seed viewer tests/viewer/*.dcm tests/viewer/aim-json-epad-patient7/[0-9]*.json tests/viewer/aim-xml-ncip/*.xml
# SDTM CSV: a folder's tu, tr, rs, dm and supptu files in one input, each ended by a form feed.
mkdir -p $corpus/sdtm_csv
for d in data/sdtm/recist-demo $sdtm/csv $build/seeds/examples/csv tests/malformed/sdtm_*.sdtm; do
  [ -f "$d/tu.csv" ] || continue
  out=$corpus/sdtm_csv/seed-$(echo "$d" | tr / _)
  : >"$out"
  for domain in tu tr rs dm supptu; do
    [ -f "$d/$domain.csv" ] && cat "$d/$domain.csv" >>"$out"
    printf '\f' >>"$out"
  done
done

max_len() {
  case $1 in
    sdtm_xpt | dataset_xml | sdtm_csv | viewer) echo 16384 ;;
    native_csv | native_xml) echo 8192 ;;
    engine | profile_ini) echo 1024 ;;
    *) echo 4096 ;;
  esac
}

status=0
summary=""
for t in $targets; do
  log=$build/fuzz-$t.log
  rm -f $artifacts/$t-*
  mkdir -p $corpus/$t
  dict=
  [ -f tests/fuzz/dicts/$t.dict ] && dict=-dict=tests/fuzz/dicts/$t.dict
  set +e
  # -jobs=1 -workers=1: one process on one core (the machine is shared); leaks are reported (ASan).
  timer=
  [ -x /usr/bin/time ] && timer="/usr/bin/time -f cpu=%U+%S -o $build/fuzz-$t.time"
  $timer $build/tests/fuzz/fuzz_$t $corpus/$t -max_total_time="$seconds" -timeout=1 -rss_limit_mb=2048 \
    -max_len="$(max_len $t)" -artifact_prefix=$artifacts/$t- -print_final_stats=1 $dict >"$log" 2>&1
  rc=$?
  cpu=$(sed -n 's/^cpu=//p' $build/fuzz-$t.time 2>/dev/null | awk -F+ '{printf "%.0f", $1 + $2}')
  set -e
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  cov=$(grep -E '^#[0-9]+' "$log" | tail -1 | sed -n 's/.*\(cov: [0-9]*\) \(ft: [0-9]*\).*/\1 \2/p')
  crashes=$(ls $artifacts/$t-* 2>/dev/null | wc -l)
  line=$(printf '%-13s %4ss  cpu %5ss  execs %-9s %-22s crashes %s' "$t" "$seconds" "${cpu:-?}" "${execs:-?}" \
    "${cov:-cov: ? ft: ?}" "$crashes")
  if [ $rc -ne 0 ]; then
    line="$line  FAILED (exit $rc; see $log)"
    status=1
    grep -a -E 'ERROR: |invariant broken|SUMMARY' "$log" | head -5
  fi
  [ "$crashes" -gt 0 ] && status=1
  echo "$line"
  summary="$summary$line\n"
done
printf '\n%b' "$summary"
exit $status
