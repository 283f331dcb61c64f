# recist_adrs(): the rows of `recist assess --format adrs`, from the engine's own ADRS writer.

test_that("NCT07289048: recist_adrs() is the CLI's --format adrs, row by row", {
  skip_if_not(file.exists(cli), "build/recist not built")
  out <- tempfile(fileext = ".csv")
  suppressWarnings(system2(cli, c("assess", "--format", "adrs", "--profile", shQuote(trial_profile),
                                  "--output", shQuote(out), shQuote(trial_csv)), stdout = FALSE, stderr = FALSE))
  skip_if_not(file.exists(out), "this recist has no --format adrs --output")
  want <- read.csv(out, colClasses = "character", na.strings = "")
  m <- read.csv(trial_csv, colClasses = "character")
  r <- suppressWarnings(recist_assess(m, profile = recist_profile(trial_profile), adrs = TRUE))
  got <- recist_adrs(r)
  expect_equal(names(got), names(want))
  expect_equal(nrow(got), nrow(want))
  for (v in names(want)) expect_equal(as.character(got[[v]]), want[[v]], info = v)
  expect_true(all(c("OVR", "BOR", "CBOR") %in% got$PARAMCD))
})

test_that("ADSL variables are joined by USUBJID", {
  m <- rbind(rows(0, "T1", "TARGET", "LIVER", 50), rows(42, "T1", diameter_mm = 30), rows(84, "T1", diameter_mm = 30))
  r <- recist_assess(m, adrs = TRUE)
  a <- recist_adrs(r, adsl = data.frame(USUBJID = "EX", TRTSDT = base_date, ARM = "A"))
  expect_equal(unique(a$ARM), "A")
  expect_equal(a$AVALC[a$PARAMCD == "CBOR"], "PR")
  expect_error(recist_adrs(recist_assess(m)), class = "recist_usage_error")
})
