# recist_summary(): the trial summary of R18 — per reader, the counts of each best response and
# ORR and DCR with exact Clopper–Pearson 95% intervals, confirmed and unconfirmed.

#' Trial summary: ORR and DCR with exact intervals
#'
#' @param x a `recist_result` from [recist_assess()], or a measurements data frame (then
#'   assessed with `...`).
#' @param ... passed to [recist_assess()] when `x` is a data frame.
#' @return a data frame, one row per reader and kind (`confirmed`, `unconfirmed`; `primary` marks
#'   the protocol's primary one, R18): `tracks`, `n` (the eligible tracks, ORR's denominator), the
#'   counts `CR` … `NE`, `orr`, `orr_ci_low`, `orr_ci_high`, `dcr` and its interval, and the
#'   subjects failing R5 (`failing_eligibility`).
recist_summary <- function(x, ...) {
  if (!inherits(x, "recist_result")) x <- recist_assess(x, ...)
  x$summary
}
