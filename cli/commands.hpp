#pragma once
// One function per command (SPEC §5); each takes the arguments after the command name and returns
// the exit code.

namespace recist::cli {

int run_assess(int argc, char** argv);
int run_validate(int argc, char** argv);
int run_summary(int argc, char** argv);
int run_convert(int argc, char** argv);
int run_compare(int argc, char** argv);
int run_plot(int argc, char** argv);
int run_report(int argc, char** argv);
int run_serve(int argc, char** argv);
int run_import(int argc, char** argv);

}  // namespace recist::cli
