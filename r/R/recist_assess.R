# recist_assess(): RECIST 1.1 (SPEC R1–R17) over a data frame in the native columns (SPEC 4.1).

#' Assess a trial's measurements
#'
#' @param measurements a data frame with the columns of SPEC 4.1 (or recorded time-point responses,
#'   SPEC 4.2: `subject`, `date`, `response`, `reader`, `start_date`, `visit`) ; `subject`, `date`, `lesion`
#'   required; `role`, `site`, `node`, `diameter_mm`, `status`, `reader`, `visit`, `start_date`,
#'   `method`, `slice_mm`, `irradiated`, `reported`). Dates as `Date` or `YYYY-MM-DD` text;
#'   diameters as numbers (each an exact hundredth of a millimetre) or text; `node` as logical or
#'   Y/N. Factors are read as their labels.
#' @param profile a [recist_profile()].
#' @param criteria `"recist"` (RECIST 1.1).
#' @param file the name of the input in errors; when given, the rows are reported as the lines of
#'   that CSV file (row + 1, its header on line 1), exactly as `recist assess FILE` reports them.
#' @param on_error `"stop"` (default): input errors raise a `recist_input_error` condition;
#'   `"warn"`: they are a warning, the tracks without error are assessed and the errors returned.
#' @param reasons whether to return the reasons (one row per sentence).
#' @param max_errors at most this many input errors are listed (the CLI's 100).
#' @param adrs whether to keep the rows of `--format adrs` for [recist_adrs()].
#' @return a list of class `recist_result` of data frames: `timepoints`, `tracks`, `reasons`,
#'   `findings`, `errors` (input errors), `summary` (see [recist_summary()]), and the `profile`.
recist_assess <- function(measurements, profile = recist_profile(), criteria = "recist",
                          file = NULL, on_error = c("stop", "warn"), reasons = TRUE,
                          max_errors = 100, adrs = FALSE) {
  on_error <- match.arg(on_error)
  if (!inherits(profile, "recist_profile")) profile <- do.call(recist_profile, as.list(profile))
  engine_profile <- c(unclass(profile), list(.adrs = isTRUE(adrs)))
  if (!identical(criteria, "recist")) {
    .recist_abort(sprintf("criteria \"%s\": the R package assesses RECIST 1.1 only (\"recist\")", criteria),
                  "recist_usage_error")
  }
  if (inherits(measurements, "recist_sdtm")) {
    out <- .Call(recist_assess_sdtm_c, measurements$domains, engine_profile, as.numeric(max_errors),
                 isTRUE(reasons))
    return(.finish_assessment(out, profile, file = "", on_error = on_error, rows = FALSE))
  }
  if (!is.data.frame(measurements)) {
    .recist_abort("measurements: a data frame was expected", "recist_usage_error")
  }
  columns <- lapply(measurements, function(x) if (is.factor(x)) as.character(x) else x)
  names(columns) <- names(measurements)
  name <- if (is.null(file)) "measurements" else file
  # Recorded time-point responses (SPEC 4.2) have a response column and no lesion column.
  recorded <- "response" %in% names(columns) && !"lesion" %in% names(columns)
  out <- .Call(if (recorded) recist_assess_recorded_c else recist_assess_c, columns, engine_profile, name, if (is.null(file)) 0L else 1L,
               as.numeric(max_errors), isTRUE(reasons))
  .finish_assessment(out, profile, file, on_error, rows = is.null(file))
}

# The conditions of an assessment: input errors (an error, or a warning under on_error = "warn";
# always an error when the input as a whole could not be read), findings (a warning).
.finish_assessment <- function(out, profile, file, on_error, rows) {
  errors <- out$errors
  if (nrow(errors) > 0) {
    located <- if (rows) .row_text(errors) else errors$text
    more <- nrow(errors) - 1 + if (is.null(out$errors_not_listed)) 0 else out$errors_not_listed
    message <- paste0(located[[1]], if (more > 0) sprintf(" (and %d more input errors)", more) else "")
    if (isTRUE(out$fatal) || on_error == "stop") {
      .recist_abort(message, "recist_input_error", errors = errors, file = errors$file[[1]],
                    line = errors$line[[1]], row = errors$row[[1]], column = errors$column[[1]])
    }
    warning(structure(class = c("recist_input_warning", "warning", "condition"),
                      list(message = message, call = NULL, errors = errors)))
  }
  if (is.null(out$adrs)) out$adrs <- NULL
  out$fatal <- NULL
  out$errors_not_listed <- NULL
  out$profile <- profile
  if (nrow(out$findings) > 0) {
    f <- out$findings
    first <- sprintf("%s (%s) %s %s%s: %s", f$subject[[1]], f$reader[[1]], f$severity[[1]], f$code[[1]],
                     ifelse(is.na(f$lesion[[1]]), "", paste0(" ", f$lesion[[1]])), f$message[[1]])
    warning(structure(class = c("recist_finding", "warning", "condition"),
                      list(message = paste0(nrow(f), " finding(s), the first: ", first,
                                            " (see result$findings)"),
                           call = NULL, findings = f)))
  }
  structure(out, class = "recist_result")
}

# "row N: column C: message" for errors about a data frame's rows.
.row_text <- function(errors) {
  where <- ifelse(is.na(errors$row), "", paste0("row ", errors$row, ": "))
  column <- ifelse(is.na(errors$column), "", paste0("column ", errors$column, ": "))
  paste0(errors$file, ": ", where, column, errors$message)
}

#' @export
print.recist_result <- function(x, ...) {
  cat(sprintf("recist result: %d tracks, %d time points, %d findings, %d input errors\n",
              nrow(x$tracks), nrow(x$timepoints), nrow(x$findings), nrow(x$errors)))
  print(x$tracks[, c("subject", "reader", "bor", "confirmed_bor", "best_pct_change")], ...)
  invisible(x)
}
