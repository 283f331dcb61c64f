# recist_assess(): SPEC §6's worked examples as data frames, the trial NCT07289048 against the
# CLI's JSON, and the exact-hundredths rule of a double diameter.

quietly <- function(expr) suppressWarnings(expr)

test_that("example 1: 35 -> 24 is PR, confirmed 42 days later", {
  m <- rbind(rows(0, c("T1", "T2"), "TARGET", c("LIVER", "LUNG"), c(20, 15)),
             rows(42, c("T1", "T2"), diameter_mm = c(12, 12)),
             rows(84, c("T1", "T2"), diameter_mm = c(11, 13)))
  r <- recist_assess(m)
  tp <- timepoints_of(r)
  expect_equal(tp$overall, c("PR", "PR"))
  expect_equal(tp$sum_mm, c(24, 24))
  expect_equal(tp$pct_from_baseline[1], -31.4)
  expect_equal(tp$day, c(42L, 84L))
  t <- track_of(r)
  expect_equal(c(t$bor, t$confirmed_bor), c("PR", "PR"))
  expect_equal(t$baseline_sum_mm, 35)
  expect_equal(t$confirmation_date, base_date + 84)
  expect_true(any(grepl("42 days later", r$reasons$reason[r$reasons$level == "track"])))
})

test_that("example 2: 33.0 -> 23.1 is exactly -30.0% and PR; 23.2 is SD", {
  b <- rows(0, "T1", "TARGET", "LIVER", 33.0)
  pr <- recist_assess(rbind(b, rows(42, "T1", diameter_mm = 23.1)))
  expect_equal(pr$timepoints$overall, "PR")
  expect_equal(pr$timepoints$pct_from_baseline, -30.0)
  expect_equal(c(pr$tracks$bor, pr$tracks$confirmed_bor), c("PR", "SD"))
  sd <- recist_assess(rbind(b, rows(42, "T1", diameter_mm = 23.2)))
  expect_equal(sd$timepoints$overall, "SD")
})

test_that("example 3: 50 -> 30 -> 35 stays PR; -> 36 is PD from the nadir", {
  b <- rbind(rows(0, "T1", "TARGET", "LIVER", 50), rows(42, "T1", diameter_mm = 30))
  pr <- recist_assess(rbind(b, rows(84, "T1", diameter_mm = 35)))
  expect_equal(pr$timepoints$overall[2], "PR")
  expect_equal(pr$timepoints$pct_from_baseline[2], -30.0)
  expect_equal(pr$timepoints$pct_from_nadir[2], 16.7)
  expect_equal(pr$timepoints$nadir_mm[2], 30)
  pd <- recist_assess(rbind(b, rows(84, "T1", diameter_mm = 36)))
  expect_equal(pd$timepoints$overall[2], "PD")
  expect_equal(pd$timepoints$pct_from_nadir[2], 20.0)
  expect_equal(c(pd$tracks$bor, pd$tracks$confirmed_bor), c("PR", "SD"))
  expect_equal(pd$tracks$pd_date, base_date + 84)
})

test_that("example 4: +22.5% but +4.5 mm is SD; +5 mm is PD", {
  b <- rows(0, "T1", "TARGET", "LIVER", 20.0)
  sd <- recist_assess(rbind(b, rows(42, "T1", diameter_mm = 24.5)))
  expect_equal(sd$timepoints$overall, "SD")
  expect_equal(sd$timepoints$pct_from_nadir, 22.5)
  expect_equal(recist_assess(rbind(b, rows(42, "T1", diameter_mm = 25.0)))$timepoints$overall, "PD")
})

test_that("example 5: node 9 mm and non-nodal absent is CR with sum 9 mm", {
  m <- rbind(rows(0, c("N1", "T1"), "TARGET", c("LYMPH NODE", "LIVER"), c(16, 12), node = c(TRUE, FALSE)),
             rows(42, c("N1", "T1"), diameter_mm = c(9, NA), status = c(NA, "ABSENT")))
  r <- recist_assess(m)
  expect_equal(r$timepoints$overall, "CR")
  expect_equal(r$timepoints$target, "CR")
  expect_equal(r$timepoints$sum_mm, 9)
  expect_equal(c(r$tracks$bor, r$tracks$confirmed_bor), c("CR", "SD"))
})

test_that("example 6: PD from the evaluated targets alone; otherwise NE", {
  b <- rows(0, c("T1", "T2", "T3"), "TARGET", c("LIVER", "LUNG", "ADRENAL"), c(30, 20, 10))
  pd <- recist_assess(rbind(b, rows(42, c("T1", "T2"), diameter_mm = c(40, 32))))
  expect_equal(pd$timepoints$overall, "PD")
  ne <- recist_assess(rbind(b, rows(42, c("T1", "T2"), diameter_mm = c(35, 30))))
  expect_equal(ne$timepoints$overall, "NE")
  expect_equal(ne$tracks$bor, "NE")
})

test_that("example 7: an equivocal new lesion confirmed later backdates PD", {
  m <- rbind(rows(0, "T1", "TARGET", "LIVER", 20),
             rows(42, c("T1", "N1"), c(NA, "NEW"), c(NA, "BONE"), c(20, NA), c(NA, "EQUIVOCAL")),
             rows(84, c("T1", "N1"), diameter_mm = c(20, NA), status = c(NA, "UNEQUIVOCAL")))
  r <- recist_assess(m)
  expect_equal(r$timepoints$overall, c("PD", "PD"))
  expect_equal(r$timepoints$new_lesions[1], "EQUIVOCAL")
  expect_equal(r$tracks$pd_date, base_date + 42)
  expect_equal(c(r$tracks$bor, r$tracks$confirmed_bor), c("PD", "PD"))
  day42 <- r$reasons$reason[r$reasons$level == "timepoint" & r$reasons$date == base_date + 42]
  expect_true(any(grepl("backdated", day42)))
})

test_that("example 8: non-target-only disease", {
  b <- rows(0, "NT1", "NON-TARGET", "BONE", status = "PRESENT")
  late <- quietly(recist_assess(rbind(b, rows(49, "NT1", status = "PRESENT"))))  # R5: no target
  expect_equal(late$timepoints$overall, "NON-CR/NON-PD")
  expect_equal(c(late$tracks$bor, late$tracks$confirmed_bor), c("NON-CR/NON-PD", "NON-CR/NON-PD"))
  early <- quietly(recist_assess(rbind(b, rows(35, "NT1", status = "PRESENT"))))
  expect_equal(c(early$tracks$bor, early$tracks$confirmed_bor), c("NE", "NE"))
})

test_that("example 9: PR then PD: unconfirmed PR, confirmed SD (day 42 >= 42)", {
  m <- rbind(rows(0, "T1", "TARGET", "LIVER", 50), rows(42, "T1", diameter_mm = 30),
             rows(84, "T1", diameter_mm = 40))
  r <- recist_assess(m)
  expect_equal(r$timepoints$overall, c("PR", "PD"))
  expect_equal(c(r$tracks$bor, r$tracks$confirmed_bor), c("PR", "SD"))
})

test_that("example 10: recorded CR then PR: confirmed PR with the R16 warning", {
  recorded <- data.frame(subject = "EX", date = base_date + c(42, 84), response = c("CR", "PR"),
                         start_date = base_date)
  expect_warning(r <- recist_assess(recorded), class = "recist_finding")
  expect_equal(c(r$tracks$bor, r$tracks$confirmed_bor), c("CR", "PR"))
  expect_equal(r$findings$code, "CR_FOLLOWED_BY_PR")
  expect_equal(r$findings$severity, "warning")
})

test_that("findings are a warning with the findings attached", {
  m <- rbind(rows(0, "NT1", "NON-TARGET", "BONE", status = "PRESENT"), rows(35, "NT1", status = "PRESENT"))
  w <- tryCatch(recist_assess(m, profile = recist_profile(sd_min_days = 42)), recist_finding = function(w) w)
  expect_s3_class(w, "recist_finding")
  expect_true(nrow(w$findings) >= 1)
})

test_that("a double diameter must be an exact hundredth", {
  # 23.1 is not a binary fraction, but it is the double nearest 23.10: taken as 23.10 mm.
  ok <- recist_assess(rbind(rows(0, "T1", "TARGET", "LIVER", 12.25), rows(42, "T1", diameter_mm = 23.1)))
  expect_equal(ok$tracks$baseline_sum_mm, 12.25)
  expect_equal(ok$timepoints$sum_mm, 23.1)
  # 0.1 * 3 is 0.30000000000000004, the double after the one nearest 0.30: not a hundredth.
  e3 <- tryCatch(recist_assess(rbind(rows(0, "T1", "TARGET", "LIVER", 0.1 * 3), rows(42, "T1", diameter_mm = 1))),
                 recist_input_error = function(e) e)
  expect_match(conditionMessage(e3), "\"0.30000000000000004\": at most two decimals", fixed = TRUE)
  bad <- rbind(rows(0, "T1", "TARGET", "LIVER", 12.345), rows(42, "T1", diameter_mm = 10))
  e <- tryCatch(recist_assess(bad), recist_input_error = function(e) e)
  expect_s3_class(e, "recist_input_error")
  expect_equal(e$row, 1L)
  expect_equal(e$column, "diameter_mm")
  expect_match(conditionMessage(e), "^measurements: row 1: column diameter_mm: \"12.345\": ")
  expect_error(recist_assess(rbind(rows(0, "T1", "TARGET", "LIVER", 1 / 3), rows(42, "T1", diameter_mm = 1))),
               class = "recist_input_error")
})


test_that("NCT07289048 through R equals the CLI's JSON, field by field", {
  skip_if_not(file.exists(cli), "build/recist not built")
  skip_if_not_installed("jsonlite")
  json <- suppressWarnings(system2(cli, c("assess", "--format", "json", "--profile", shQuote(trial_profile), shQuote(trial_csv)),
                  stdout = TRUE, stderr = FALSE))  # exit 1: the trial has error findings
  want <- jsonlite::fromJSON(paste(json, collapse = "\n"), simplifyVector = FALSE)
  m <- read.csv(trial_csv, colClasses = "character")
  m$date <- as.Date(m$date)
  m$diameter_mm <- as.numeric(m$diameter_mm)
  r <- suppressWarnings(recist_assess(m, profile = recist_profile(trial_profile)))
  expect_equal(nrow(r$tracks), length(want$tracks))
  na_or <- function(x, f = identity) if (is.null(x)) f(NA) else f(x)
  chr_or <- function(x) if (is.null(x)) NA_character_ else x
  date_or <- function(x) if (is.null(x)) as.Date(NA) else as.Date(x)
  n_tp <- 0
  for (i in seq_along(want$tracks)) {
    w <- want$tracks[[i]]
    t <- r$tracks[i, ]
    expect_equal(t$subject, w$subject)
    expect_equal(t$reader, w$reader)
    expect_equal(t$start_date, date_or(w$start_date))
    expect_equal(t$baseline_date, date_or(w$baseline$date))
    expect_equal(t$baseline_sum_mm, na_or(w$baseline$sum_mm, as.numeric))
    expect_equal(t$targets, na_or(w$baseline$targets, as.integer))
    expect_equal(t$non_targets, na_or(w$baseline$non_targets, as.integer))
    expect_equal(t$bor, w$bor)
    expect_equal(t$confirmed_bor, w$confirmed_bor)
    expect_equal(t$first_response_date, date_or(w$first_response_date))
    expect_equal(t$confirmation_date, date_or(w$confirmation_date))
    expect_equal(t$pd_date, date_or(w$pd_date))
    expect_equal(t$best_pct_change, na_or(w$best_pct_change, as.numeric))
    expect_equal(t$duration_of_response_days, na_or(w$duration_of_response$days, as.integer))
    expect_equal(t$duration_of_response_censored, na_or(w$duration_of_response$censored))
    expect_equal(t$eligible, w$eligible)
    mine <- function(x) x$subject == w$subject & x$reader == w$reader
    got_reasons <- r$reasons$reason[mine(r$reasons) & r$reasons$level == "track"]
    expect_equal(got_reasons, unlist(w$reasons))
    f <- r$findings[mine(r$findings), ]
    expect_equal(f$code, vapply(w$findings, function(x) x$code, ""))
    expect_equal(f$message, vapply(w$findings, function(x) x$message, ""))
    expect_equal(f$severity, vapply(w$findings, function(x) x$severity, ""))
    tp <- r$timepoints[mine(r$timepoints), ]
    expect_equal(nrow(tp), length(w$timepoints))
    for (k in seq_along(w$timepoints)) {
      wt <- w$timepoints[[k]]
      g <- tp[k, ]
      expect_equal(g$date, as.Date(wt$date))
      expect_equal(g$visit, chr_or(wt$visit))
      expect_equal(g$day, as.integer(wt$day))
      expect_equal(g$sum_mm, na_or(wt$sum_mm, as.numeric))
      expect_equal(g$pct_from_baseline, na_or(wt$pct_from_baseline, as.numeric))
      expect_equal(g$nadir_mm, na_or(wt$nadir_mm, as.numeric))
      expect_equal(g$pct_from_nadir, na_or(wt$pct_from_nadir, as.numeric))
      expect_equal(g$target, chr_or(wt$target))
      expect_equal(g$non_target, chr_or(wt$non_target))
      expect_equal(g$new_lesions, chr_or(wt$new_lesions))
      expect_equal(g$overall, wt$overall)
      expect_equal(g$reported, chr_or(wt$reported))
      rs <- r$reasons$reason[mine(r$reasons) & r$reasons$level == "timepoint" &
                               r$reasons$date == g$date]
      expect_equal(rs, unlist(wt$reasons))
      n_tp <- n_tp + 1
    }
  }
  expect_gt(n_tp, 100)
  expect_equal(nrow(r$timepoints), n_tp)
})

# A CSV with bad rows: each error's text must be the CLI's standard-error line, word for word.
bad_csv <- c("subject,date,lesion,role,site,diameter_mm",
             "A,2026-01-01,T1,TARGET,LIVER,20", "A,2026-02-12,T1,,,12.345",
             "B,2026-13-01,T1,TARGET,LIVER,20", "C,2026-01-01,T1,TARGT,LIVER,20",
             ",2026-01-01,T1,TARGET,LIVER,20", "D,2026-01-01,T1,TARGET,LIVER,20", "D,2026-02-12,T1,,,15")

cli_errors <- function(path) {
  err <- tempfile()
  suppressWarnings(system2(cli, c("assess", "--format", "csv", shQuote(path)), stdout = FALSE, stderr = err))
  sub("^recist: ", "", readLines(err))
}

test_that("bad rows: a recist_input_error whose errors are the CLI's, file, line and column", {
  path <- tempfile(fileext = ".csv")
  writeLines(bad_csv, path)
  m <- read.csv(path, colClasses = "character")
  e <- tryCatch(recist_assess(m, file = path), recist_input_error = function(e) e)
  expect_s3_class(e, "recist_input_error")
  expect_equal(e$errors$column, c("diameter_mm", "date", "role", "subject"))
  expect_equal(e$errors$line, c(3L, 4L, 5L, 6L))
  expect_equal(e$errors$row, c(2L, 3L, 4L, 5L))
  expect_equal(e$file, path)
  expect_equal(e$line, 3L)
  expect_match(conditionMessage(e), "(and 3 more input errors)", fixed = TRUE)
  if (file.exists(cli)) expect_equal(e$errors$text, cli_errors(path))
  # Without a file name, rows of the data frame.
  e2 <- tryCatch(recist_assess(m), recist_input_error = function(e) e)
  expect_match(conditionMessage(e2), "^measurements: row 2: column diameter_mm: \"12.345\": at most two decimals")
  # on_error = "warn": the good track assessed, the errors returned, as the CLI does.
  expect_warning(r <- recist_assess(m, file = path, on_error = "warn"), class = "recist_input_warning")
  expect_equal(r$tracks$subject, "D")
  expect_equal(r$timepoints$overall, "SD")
  expect_equal(nrow(r$errors), 4)
})

test_that("an unknown column is a fatal recist_input_error naming the nearest known column", {
  m <- data.frame(subject = "A", date = as.Date("2026-01-01"), lesion = "T1", diametr_mm = 20)
  e <- tryCatch(recist_assess(m, on_error = "warn"), recist_input_error = function(e) e)
  expect_s3_class(e, "recist_input_error")
  expect_equal(e$column, "diametr_mm")
  expect_match(conditionMessage(e), "unknown column \"diametr_mm\"; did you mean \"diameter_mm\"?", fixed = TRUE)
  path <- tempfile(fileext = ".csv")
  write.csv(m, path, row.names = FALSE, quote = FALSE)
  e2 <- tryCatch(recist_assess(read.csv(path), file = path), recist_input_error = function(e) e)
  if (file.exists(cli)) expect_equal(e2$errors$text, cli_errors(path))
  expect_error(recist_assess(data.frame(subject = "A", date = "2026-01-01")), "lesion", class = "recist_input_error")
})

test_that("Date, logical and factor columns are read as the CSV's text", {
  m <- rbind(rows(0, c("N1", "T1"), "TARGET", c("LYMPH NODE", "LIVER"), c(16, 12), node = c(TRUE, FALSE)),
             rows(42, c("N1", "T1"), diameter_mm = c(9, NA), status = c(NA, "ABSENT")))
  m$status <- factor(m$status)
  expect_equal(recist_assess(m)$timepoints$overall, "CR")
  m$date[2] <- m$date[2] + 0.5
  expect_error(recist_assess(m), "column date", class = "recist_input_error")
  expect_error(recist_assess(list(subject = "A")), class = "recist_usage_error")
})
