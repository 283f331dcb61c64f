# recist_assess() on 10^5 subjects (issue 34): 2 targets and 1 non-target each, a baseline and 8
# follow-ups every 6 weeks (800,000 time points, 2.7 million rows), built as a data frame in R.
# Reported, not a timed test. Run after r/run_tests.sh (which installs the package under build/):
#   R_LIBS=build/r-library Rscript benchmarks/r_assess.R [subjects]
library(recist)
args <- commandArgs(trailingOnly = TRUE)
n <- if (length(args)) as.integer(args[[1]]) else 100000L
set.seed(34)
visits <- 0:8
per <- 3L * length(visits)
subject <- rep(sprintf("S%06d", seq_len(n)), each = per)
day <- rep(rep(visits * 42L, each = 3L), n)
lesion <- rep(c("T1", "T2", "NT1"), n * length(visits))
first <- day == 0
role <- ifelse(first, ifelse(lesion == "NT1", "NON-TARGET", "TARGET"), NA_character_)
site <- ifelse(first, c(T1 = "LIVER", T2 = "LUNG", NT1 = "BONE")[lesion], NA_character_)
# Each subject's course: a random slope of the sum, in whole tenths of a millimetre.
slope <- rep(runif(n, -0.45, 0.25), each = per)
base <- ifelse(lesion == "T1", 30, 20)
diameter <- ifelse(lesion == "NT1", NA_real_, round(pmax(0, base * (1 + slope * day / 336)), 1))
status <- ifelse(lesion == "NT1", "PRESENT", NA_character_)
m <- data.frame(subject = subject, date = as.Date("2026-01-05") + day, lesion = lesion, role = role,
                site = unname(site), diameter_mm = diameter, status = status, stringsAsFactors = FALSE)
cat(sprintf("%d subjects, %d rows, %.0f MB data frame\n", n, nrow(m), object.size(m) / 2^20))
for (with_reasons in c(FALSE, TRUE)) {
  gc()
  t <- system.time(r <- suppressWarnings(recist_assess(m, reasons = with_reasons)))
  cat(sprintf("recist_assess(reasons = %s): %.2f s elapsed (%.2f s CPU), %d tracks, %d time points, %d reasons\n",
              with_reasons, t[["elapsed"]], t[["user.self"]] + t[["sys.self"]], nrow(r$tracks),
              nrow(r$timepoints), nrow(r$reasons)))
}
print(table(r$tracks$confirmed_bor))
