# recist_profile(): the INI file of the CLI's --profile, arguments over it, the CLI's checks.

test_that("the NCT07289048 profile file is read as the CLI reads it", {
  p <- recist_profile(checkout_file("data", "profiles", "nct07289048.ini"))
  expect_s3_class(p, "recist_profile")
  expect_equal(p$sd_min_days, 35)
  expect_equal(p$confirm_min_days, 28)
  expect_equal(p$exclude_target_sites, "BRAIN")
  expect_true(p$keep_confirmed_pr)
  p2 <- recist_profile(checkout_file("data", "profiles", "nct07289048.ini"), sd_min_days = 50)
  expect_equal(p2$sd_min_days, 50)
})

test_that("a profile decides: sd_min_days and an excluded target site", {
  m <- rbind(rows(0, "T1", "TARGET", "LIVER", 20), rows(40, "T1", diameter_mm = 19))
  expect_equal(recist_assess(m)$tracks$bor, "NE")
  expect_equal(recist_assess(m, profile = recist_profile(sd_min_days = 35))$tracks$bor, "SD")
  w <- tryCatch(recist_assess(m, profile = recist_profile(exclude_target_sites = "liver")),
                recist_finding = function(w) w)
  expect_true("TARGET_SITE_EXCLUDED" %in% w$findings$code)
})

test_that("bad profile values are recist_profile_error with the CLI's messages", {
  expect_error(recist_profile(sd_min_days = -1), "--sd-min-days must be a whole number ≥ 0, found -1",
               fixed = TRUE, class = "recist_profile_error")
  expect_error(recist_profile(too_small_mm = 5.555), "--too-small-mm \"5.555\": at most two decimals",
               class = "recist_profile_error")
  expect_error(recist_profile(accept_sd = TRUE), "it needs --convention admiralonco", class = "recist_profile_error")
  expect_error(recist_profile(convention = "other"), "expected recist or admiralonco", class = "recist_profile_error")
  expect_error(recist_profile(sd_min_dayz = 3), "unknown profile parameter sd_min_dayz", class = "recist_profile_error")
  ini <- tempfile(fileext = ".ini")
  writeLines(c("# a comment", "sd-min-dayz = 3"), ini)
  expect_error(recist_profile(ini), "line 2: unrecognised option 'sd-min-dayz'", class = "recist_profile_error")
  expect_error(recist_profile(tempfile()), "cannot open the profile", class = "recist_profile_error")
})

test_that("convention = admiralonco gives the BOR and CBOR dates", {
  m <- rbind(rows(0, "T1", "TARGET", "LIVER", 50), rows(42, "T1", diameter_mm = 30), rows(84, "T1", diameter_mm = 30))
  r <- recist_assess(m, profile = recist_profile(convention = "admiralonco"))
  expect_equal(r$tracks$confirmed_bor, "PR")
  expect_equal(r$tracks$confirmed_bor_date, base_date + 42)
})
