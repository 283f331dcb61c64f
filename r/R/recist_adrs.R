# recist_adrs(): the ADaM-shaped rows of `recist assess --format adrs` (OVR per time point, BOR and
# CBOR per track), as the engine's own ADRS writer writes them, to bind to an admiral-built ADRS.

#' ADRS rows of an assessment
#'
#' @param result a `recist_result` from `recist_assess(..., adrs = TRUE)`.
#' @param adsl an ADSL data frame (one row per `USUBJID`) whose other variables are joined to the
#'   rows, or NULL.
#' @return a data frame in the columns of `--format adrs` (STUDYID, USUBJID, PARAMCD, PARAM,
#'   PARCAT1–3, AVALC, AVAL, ADT, ADY, DAY, AVISIT, ANL01FL), ADT as `Date`.
recist_adrs <- function(result, adsl = NULL) {
  if (!inherits(result, "recist_result") || is.null(result$adrs)) {
    .recist_abort("recist_adrs: a result of recist_assess(..., adrs = TRUE) was expected", "recist_usage_error")
  }
  rows <- utils::read.csv(text = result$adrs, colClasses = "character", na.strings = "")
  rows$ADT <- as.Date(rows$ADT)
  for (v in c("AVAL", "ADY", "DAY")) if (v %in% names(rows)) rows[[v]] <- as.integer(rows[[v]])
  if (!is.null(adsl)) {
    if (!"USUBJID" %in% names(adsl)) .recist_abort("adsl: a USUBJID column was expected", "recist_usage_error")
    extra <- adsl[, c("USUBJID", setdiff(names(adsl), names(rows))), drop = FALSE]
    at <- match(rows$USUBJID, extra$USUBJID)
    for (v in setdiff(names(extra), "USUBJID")) rows[[v]] <- extra[[v]][at]
  }
  rows
}
