# recist_read_sdtm(): the pharmaversesdtm fixture read with read.csv, assessed as the CLI assesses
# its folder.

fixture <- file.path(dirname(checkout()), "shared", "fixtures", "pharmaversesdtm", "onco_recist")

test_that("the pharmaversesdtm onco_recist fixture gives the CLI's tracks and responses", {
  skip_if_not(dir.exists(fixture), "no ../shared/fixtures/pharmaversesdtm")
  skip_if_not(file.exists(cli), "build/recist not built")
  skip_if_not_installed("jsonlite")
  domain <- function(d) read.csv(file.path(fixture, paste0(d, ".csv")))
  x <- recist_read_sdtm(tu = domain("tu"), tr = domain("tr"), rs = domain("rs"), dm = domain("dm"))
  expect_s3_class(x, "recist_sdtm")
  r <- suppressWarnings(recist_assess(x, on_error = "warn"))
  json <- suppressWarnings(system2(cli, c("assess", "--format", "json", shQuote(fixture)), stdout = TRUE, stderr = FALSE))
  want <- jsonlite::fromJSON(paste(json, collapse = "\n"), simplifyVector = FALSE)
  expect_gt(length(want$tracks), 0)
  expect_equal(r$tracks$subject, vapply(want$tracks, function(t) t$subject, ""))
  expect_equal(r$tracks$reader, vapply(want$tracks, function(t) t$reader, ""))
  expect_equal(r$tracks$bor, vapply(want$tracks, function(t) t$bor, ""))
  expect_equal(r$tracks$confirmed_bor, vapply(want$tracks, function(t) t$confirmed_bor, ""))
  overall <- unlist(lapply(want$tracks, function(t) vapply(t$timepoints, function(p) p$overall, "")))
  expect_equal(r$timepoints$overall, overall)
  reported <- unlist(lapply(want$tracks, function(t) vapply(t$timepoints, function(p) if (is.null(p$reported)) NA_character_ else p$reported, "")))
  expect_equal(r$timepoints$reported, reported)
  # The fixture as published still has records the reader refuses (partial dates, diameters with
  # four decimals): the same errors, at the same records, as the CLI's (its line "… and N more"
  # aside).
  listed <- Filter(function(e) !startsWith(e$message, "\u2026 and "), want$errors)
  expect_equal(r$errors$message, vapply(listed, function(e) e$message, ""))
  expect_equal(r$errors$line, vapply(listed, function(e) as.integer(e$line), 0L))
  expect_equal(r$errors$column, vapply(listed, function(e) if (is.null(e$column)) NA_character_ else e$column, ""))
})

test_that("a bad TR record is an error naming the domain, the record and the variable", {
  skip_if_not(dir.exists(fixture), "no ../shared/fixtures/pharmaversesdtm")
  tu <- read.csv(file.path(fixture, "tu.csv"))
  tr <- read.csv(file.path(fixture, "tr.csv"))
  row <- which(tr$TRTESTCD == "LDIAM")[1]
  tr$TRDTC[row] <- "2014-13-45"
  e <- tryCatch(recist_assess(recist_read_sdtm(tu, tr)), recist_input_error = function(e) e)
  expect_s3_class(e, "recist_input_error")
  expect_equal(e$file, "tr")
  expect_equal(e$line, row + 1L)
  expect_equal(e$column, "TRDTC")
  expect_error(recist_read_sdtm(tu, "tr.csv"), class = "recist_usage_error")
})
