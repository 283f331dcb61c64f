# Builders of small measurement data frames for the tests: days counted from a baseline date.
base_date <- as.Date("2026-03-02")

# Rows of one assessment `day` of subject `subject`: one per lesion.
rows <- function(day, lesion, role = NA_character_, site = NA_character_, diameter_mm = NA_real_,
                 status = NA_character_, node = NA, subject = "EX") {
  data.frame(subject = subject, date = base_date + day, lesion = lesion, role = role, site = site,
             node = node, diameter_mm = diameter_mm, status = status, stringsAsFactors = FALSE)
}

track_of <- function(result, subject = "EX") result$tracks[result$tracks$subject == subject, ]
timepoints_of <- function(result, subject = "EX") result$timepoints[result$timepoints$subject == subject, ]

# The checkout's root (the tests run from r/tests/testthat, or from the installed package's copy
# when RECIST_SOURCE_DIR says where the checkout is).
checkout <- function() {
  root <- Sys.getenv("RECIST_SOURCE_DIR", "")
  if (root == "") root <- normalizePath(file.path(getwd(), "..", "..", ".."), mustWork = FALSE)
  root
}
checkout_file <- function(...) file.path(checkout(), ...)

trial_csv <- checkout_file("data", "nct07289048", "measurements.csv")
trial_profile <- checkout_file("data", "profiles", "nct07289048.ini")
cli <- checkout_file("build", "recist")
