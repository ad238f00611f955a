## Golden values for the real-data job specs (issue 9): lme4::glmer fitted on the rows that
## coprod prepared, i.e. the feature table the model reads (exported to CSV by make.sh from the
## run's Parquet), with the model's subset applied here in R, the same formula, the same
## reference levels and tight optimiser settings. The data stay in ../shared (licences, and the
## ESS asks not to re-host); only these estimates are committed.
##   Rscript make.R EXPORT_DIR      (make.sh runs the pipelines and calls this)
suppressMessages(library(lme4))
Sys.setlocale("LC_COLLATE", "C")  # factor levels sorted by code point, as coprod sorts them
args <- commandArgs(trailingOnly = TRUE)
export <- args[[1]]
only <- if (length(args) > 1) args[[2]] else NULL  # optional: one case id
here <- dirname(sub("--file=", "", grep("--file=", commandArgs(FALSE), value = TRUE)))
source(file.path(here, "..", "glmer_golden.R"))

fit_case <- function(id, csv, formula, nAGQ, subset = NULL, weights = NULL, references = list()) {
  if (!is.null(only) && id != only) return(invisible(NULL))
  d <- read.csv(file.path(export, csv), stringsAsFactors = FALSE, na.strings = c("", "NA", "null"))
  if (!is.null(subset)) d <- d[with(d, eval(subset)), , drop = FALSE]
  for (v in names(references)) d[[v]] <- relevel(factor(d[[v]]), ref = references[[v]])
  d$.w <- if (is.null(weights)) 1 else d[[weights]]
  fit <- glmer(formula, data = d, family = binomial, nAGQ = nAGQ, weights = .w, control = tight_control())
  dir <- file.path(here, id)
  dir.create(dir, showWarnings = FALSE)
  ## Only the estimates are written (write_expected also writes the modes; they are kept, they
  ## name regions, councils and neighbourhoods, not people).
  write_expected(dir, fit, nAGQ, binomialConstant = NA, saturated = 0)
  cat(id, ": n =", nobs(fit), " groups =", ngrps(fit), " sigma =", getME(fit, "theta")[[1]], "\n")
}

## Boston: lme4's finite-difference Hessian is unreliable on this case (tolerance.properties in
## its folder); to see it, compare vcov(fit) with solve(numDeriv::hessian(update(fit,
## devFunOnly = TRUE), c(getME(fit, "theta"), fixef(fit))) / 2).
fit_case("boston_digital_channel", "boston311.csv", digital ~ service + factor(year) + (1 | neighbourhood_id), 7,
         subset = quote(service != "Animal Found"))
fit_case("la_digital_channel", "la311.csv",
         digital ~ service + factor(year) + log(nbh_population/40000) + (1 | neighbourhood_id), 1,
         subset = quote(service != "Feedback"))
fit_case("fms_users_deprivation", "fixmystreet.csv",
         cbind(nbh_fms_users, nbh_pop - nbh_fms_users) ~ nbh_income_score + nbh_employment_score + (1 | municipality_id), 1,
         subset = quote(!is.na(nbh_nation) & nbh_nation == "E" & nbh_fms_users <= nbh_pop))
for (outcome in c("contacted_official", "signed_petition", "posted_online")) {
  fit_case(paste0("ess_", outcome), "ess-norway.csv",
           as.formula(paste(outcome, "~ age10 + gender + education + trust_national + internet_use + (1 | neighbourhood_id)")),
           7, weights = "weight", references = list(gender = "male", education = "low", internet_use = "daily"))
}
