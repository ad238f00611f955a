## A second referee for the Laplace cases of the real-data goldens: glmmTMB fits the same
## Laplace approximation as lme4's nAGQ = 1 (the mode and curvature of each group's integrand)
## but takes its standard errors from the Hessian computed by automatic differentiation (TMB's
## sdreport), where lme4 takes them from a finite-difference Hessian of its deviance
## (optinfo$derivs). On sparse factor levels and on near-collinear area scores the two
## differ by up to 0.6%; this file lets RealDataIT hold coprod's SEs to 1e-3 against the exact
## Hessian even where the lme4 comparison is widened. glmmTMB has no adaptive quadrature, so
## only the Laplace cases have one. Reads the CSVs exported by make.sh.
##   Rscript make_glmmtmb.R EXPORT_DIR [CASE]
suppressMessages(library(glmmTMB))
Sys.setlocale("LC_COLLATE", "C")
args <- commandArgs(trailingOnly = TRUE)
export <- args[[1]]
only <- if (length(args) > 1) args[[2]] else NULL
here <- dirname(sub("--file=", "", grep("--file=", commandArgs(FALSE), value = TRUE)))

fit_case <- function(id, csv, formula, subset) {
  if (!is.null(only) && id != only) return(invisible(NULL))
  d <- read.csv(file.path(export, csv), stringsAsFactors = FALSE, na.strings = c("", "NA", "null"))
  d <- d[with(d, eval(subset)), , drop = FALSE]
  fit <- glmmTMB(formula, data = d, family = binomial)
  s <- summary(fit)$coefficients$cond
  lines <- c(
    sprintf("r.version=%s", R.version.string),
    sprintf("glmmTMB.version=%s", as.character(packageVersion("glmmTMB"))),
    sprintf("TMB.version=%s", as.character(packageVersion("TMB"))),
    "method=Laplace, standard errors from the automatic-differentiation Hessian (sdreport)",
    sprintf("loglik=%.12f", as.numeric(logLik(fit))),
    sprintf("sigma=%.12f", sqrt(VarCorr(fit)$cond[[1]][1])),
    sprintf("columns=%s", paste(rownames(s), collapse = ",")),
    sprintf("beta.%d=%.12f", seq_len(nrow(s)) - 1, s[, 1]),
    sprintf("se.%d=%.12f", seq_len(nrow(s)) - 1, s[, 2]))
  writeLines(lines, file.path(here, id, "glmmtmb_laplace.properties"))
  cat(id, ": glmmTMB logLik", as.numeric(logLik(fit)), "\n")
}

fit_case("la_digital_channel", "la311.csv",
         digital ~ service + factor(year) + log(nbh_population/40000) + (1 | neighbourhood_id),
         quote(service != "Feedback"))
fit_case("fms_users_deprivation", "fixmystreet.csv",
         cbind(nbh_fms_users, nbh_pop - nbh_fms_users) ~ nbh_income_score + nbh_employment_score + (1 | municipality_id),
         quote(!is.na(nbh_nation) & nbh_nation == "E" & nbh_fms_users <= nbh_pop))
