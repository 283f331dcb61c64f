# recist_summary(): R18's ORR and DCR with exact intervals, equal to `recist summary --format json`.

test_that("NCT07289048: the summary equals the CLI's, reader by reader", {
  skip_if_not(file.exists(cli), "build/recist not built")
  skip_if_not_installed("jsonlite")
  json <- suppressWarnings(system2(cli, c("summary", "--format", "json", "--profile", shQuote(trial_profile),
                                          shQuote(trial_csv)), stdout = TRUE, stderr = FALSE))
  want <- jsonlite::fromJSON(paste(json, collapse = "\n"), simplifyVector = FALSE)$summary
  m <- read.csv(trial_csv, colClasses = "character")
  s <- recist_summary(m, profile = recist_profile(trial_profile), on_error = "warn") |> suppressWarnings()
  expect_equal(nrow(s), 2 * length(want$readers))
  for (w in want$readers) {
    for (kind in c("confirmed", "unconfirmed")) {
      g <- s[s$reader == w$reader & s$kind == kind, ]
      expect_equal(nrow(g), 1)
      expect_equal(g$tracks, w$tracks)
      expect_equal(g$n, w$n)
      expect_equal(g$failing_eligibility, paste(unlist(w$failing_eligibility), collapse = ", "))
      x <- w[[kind]]
      for (code in names(x$counts)) expect_equal(g[[code]], x$counts[[code]])
      for (p in c("orr", "dcr")) {
        expect_equal(g[[paste0(p, "_count")]], x[[p]]$count)
        # The JSON writes 6 decimals.
        expect_equal(round(g[[p]], 6), x[[p]]$rate)
        expect_equal(round(g[[paste0(p, "_ci_low")]], 6), x[[p]]$ci_low)
        expect_equal(round(g[[paste0(p, "_ci_high")]], 6), x[[p]]$ci_high)
      }
      expect_equal(g$primary, identical(want$primary, kind))
    }
  }
})

test_that("exact interval of a small case: 1 response of 2", {
  m <- rbind(rows(0, "T1", "TARGET", "LIVER", 50, subject = "A"), rows(42, "T1", diameter_mm = 30, subject = "A"),
             rows(84, "T1", diameter_mm = 30, subject = "A"),
             rows(0, "T1", "TARGET", "LIVER", 50, subject = "B"), rows(42, "T1", diameter_mm = 60, subject = "B"))
  s <- recist_summary(recist_assess(m))
  c <- s[s$kind == "confirmed", ]
  expect_equal(c$n, 2L)
  expect_equal(c$orr_count, 1L)
  expect_equal(c$orr, 0.5)
  # Clopper–Pearson 95% for 1/2: qbeta(0.025, 1, 2) and qbeta(0.975, 2, 1).
  expect_equal(c$orr_ci_low, qbeta(0.025, 1, 2), tolerance = 1e-9)
  expect_equal(c$orr_ci_high, qbeta(0.975, 2, 1), tolerance = 1e-9)
  expect_true(c$primary)
})
