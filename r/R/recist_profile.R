# recist_profile(): the assessment profile (SPEC §3), from a profile INI file (the CLI's
# `--profile FILE.ini`) and/or arguments; an argument wins over the file, as on the command line.

# The profile keys, as the CLI's option names (the INI's keys) and as the R arguments.
.profile_keys <- c(
  "confirm-min-days" = "confirm_min_days", "sd-min-days" = "sd_min_days",
  "max-ne-between" = "max_ne_between", "too-small-mm" = "too_small_mm",
  "exclude-target-site" = "exclude_target_sites", "keep-confirmed-pr" = "keep_confirmed_pr",
  "require-confirmation" = "require_confirmation", "criteria" = "criteria",
  "icpd-min-days" = "icpd_min_days", "icpd-max-days" = "icpd_max_days",
  "convention" = "convention", "accept-sd" = "accept_sd", "missing-as-ne" = "missing_as_ne",
  "source-pd" = "source_pd", "baseline-window-days" = "baseline_window_days",
  "assessment-interval-days" = "assessment_interval_days", "impute-partial-dates" = "impute_partial_dates")
.profile_logical <- c("keep_confirmed_pr", "require_confirmation", "accept_sd", "missing_as_ne")
.profile_integer <- c("confirm_min_days", "sd_min_days", "max_ne_between", "icpd_min_days",
                      "icpd_max_days", "baseline_window_days", "assessment_interval_days")

# A classed error condition: class recist_<what>_error, with the located details attached.
.recist_abort <- function(message, class, ...) {
  stop(structure(class = c(class, "recist_error", "error", "condition"),
                 list(message = message, call = NULL, ...)))
}

# The INI file as a named list of the R keys (values as text). Lines are `key = value`; `#` and
# `;` start a comment line; a repeated `exclude-target-site` adds a site.
.read_profile_ini <- function(file) {
  if (!file.exists(file)) .recist_abort(paste("cannot open the profile", file), "recist_profile_error")
  lines <- readLines(file, warn = FALSE, encoding = "UTF-8")
  out <- list()
  for (i in seq_along(lines)) {
    line <- trimws(lines[[i]])
    if (line == "" || startsWith(line, "#") || startsWith(line, ";")) next
    eq <- regexpr("=", line, fixed = TRUE)
    if (eq < 0) {
      .recist_abort(sprintf("profile %s: line %d: \"%s\": expected key = value", file, i, line),
                    "recist_profile_error", file = file, line = i)
    }
    key <- trimws(substr(line, 1, eq - 1))
    value <- trimws(substr(line, eq + 1, nchar(line)))
    if (!key %in% names(.profile_keys)) {
      .recist_abort(sprintf("profile %s: line %d: unrecognised option '%s'", file, i, key),
                    "recist_profile_error", file = file, line = i)
    }
    name <- .profile_keys[[key]]
    if (name == "exclude_target_sites") {
      out[[name]] <- c(out[[name]], value)
    } else {
      out[[name]] <- value
    }
  }
  out
}

# An INI value of a logical key: true/false, yes/no, on/off, 1/0 (as Boost reads them).
.ini_logical <- function(value, key) {
  v <- tolower(value)
  if (v %in% c("true", "yes", "on", "1")) return(TRUE)
  if (v %in% c("false", "no", "off", "0")) return(FALSE)
  .recist_abort(sprintf("the argument ('%s') for option '--%s' is invalid", value,
                        names(.profile_keys)[.profile_keys == key]), "recist_profile_error")
}

#' The assessment profile
#'
#' @param file a profile INI file as `recist --profile FILE.ini` reads it, or NULL.
#' @param ... profile parameters by their R names (`confirm_min_days`, `sd_min_days`,
#'   `max_ne_between`, `too_small_mm`, `exclude_target_sites`, `keep_confirmed_pr`,
#'   `require_confirmation`, `convention`, `accept_sd`, `missing_as_ne`, `source_pd`); they win
#'   over the file's.
#' @return a list of class `recist_profile`, checked as the CLI checks its options.
recist_profile <- function(file = NULL, ...) {
  args <- list(...)
  unknown <- setdiff(names(args), .profile_keys)
  if (length(args) && (is.null(names(args)) || any(names(args) == "") || length(unknown))) {
    .recist_abort(sprintf("unknown profile parameter %s: expected one of %s",
                          paste(unknown, collapse = ", "), paste(.profile_keys, collapse = ", ")),
                  "recist_profile_error")
  }
  p <- if (is.null(file)) list() else .read_profile_ini(file)
  for (k in names(p)) {
    if (k %in% .profile_logical) p[[k]] <- .ini_logical(p[[k]], k)
    if (k %in% .profile_integer) {
      v <- suppressWarnings(as.numeric(p[[k]]))
      if (is.na(v)) {
        .recist_abort(sprintf("the argument ('%s') for option '--%s' is invalid", p[[k]],
                              names(.profile_keys)[.profile_keys == k]), "recist_profile_error")
      }
      p[[k]] <- v
    }
  }
  p[names(args)] <- args
  if (!is.null(p$criteria) && !identical(p$criteria, "recist")) {
    .recist_abort(sprintf("criteria \"%s\": the R package assesses RECIST 1.1 only (\"recist\"); use the CLI for iRECIST",
                          p$criteria), "recist_profile_error")
  }
  tryCatch(.Call(recist_check_profile_c, p),
           error = function(e) .recist_abort(conditionMessage(e), "recist_profile_error"))
  structure(p, class = "recist_profile")
}
