# recist_read_sdtm(): SDTM domains as data frames (SPEC 4.3), as pharmaversesdtm,
# haven::read_xpt() or read.csv() give them, for recist_assess().

#' SDTM TU, TR (RS, DM, SUPPTU) data frames as a trial to assess
#'
#' @param tu,tr the tumour identification and tumour results domains (required).
#' @param rs,dm,supptu disease response (the reported responses), demographics (RFXSTDTC, the start
#'   dates) and TU's supplemental qualifiers, or NULL.
#' @return an object of class `recist_sdtm` that [recist_assess()] takes in place of measurements.
#'   The mapping is the engine's (schemas/sdtm-mapping.md); errors name the domain (`tu`, `tr` …),
#'   the record as the line of its CSV (row + 1), and the variable.
recist_read_sdtm <- function(tu, tr, rs = NULL, dm = NULL, supptu = NULL) {
  domains <- list(tu = tu, tr = tr, rs = rs, dm = dm, supptu = supptu)
  for (d in names(domains)) {
    x <- domains[[d]]
    if (is.null(x)) next
    if (!is.data.frame(x)) .recist_abort(sprintf("%s: a data frame was expected", d), "recist_usage_error")
    # haven's labelled columns and factors are read as their values' text.
    domains[[d]] <- lapply(x, function(col) {
      if (is.factor(col)) return(as.character(col))
      if (inherits(col, "POSIXt")) return(format(col, "%Y-%m-%dT%H:%M:%S"))
      attributes(col) <- attributes(col)[intersect(names(attributes(col)), c("class", "names"))]
      if (!is.null(class(col)) && !inherits(col, "Date")) col <- unclass(col)
      col
    })
  }
  structure(list(domains = domains), class = "recist_sdtm")
}
