## Shared helper for the golden cases: fits lme4::glmer with tight optimiser settings and
## writes data.csv (design matrix already expanded, so the Java test needs no formula
## parser) and expected_nagq<K>.properties. Sourced by each case's make.R.
suppressMessages(library(lme4))

tight_control <- function() {
  ## bobyqa stops when its trust region radius reaches rhoend; the default (2e-7 * rhobeg)
  ## and the default tolPwrss (1e-7) leave ~1e-5 in the estimates, so both are tightened.
  glmerControl(optimizer = c("bobyqa", "bobyqa"),
               optCtrl = list(maxfun = 1e5, rhoend = 1e-10),
               tolPwrss = 1e-12,
               check.conv.singular = "ignore")
}

write_design <- function(dir, group, successes, trials, weights, X) {
  d <- data.frame(group = as.character(group), successes = successes, trials = trials,
                  weight = weights, X, check.names = FALSE)
  write.csv(d, file.path(dir, "data.csv"), row.names = FALSE, quote = TRUE)
}

write_expected <- function(dir, fit, nAGQ, binomialConstant, saturated) {
  beta <- fixef(fit)
  se <- sqrt(diag(as.matrix(vcov(fit))))
  theta <- getME(fit, "theta")
  ll <- as.numeric(logLik(fit))
  ## lme4 (1.1-31) reports the log-likelihood including the log binomial coefficients for
  ## Laplace (family aic) but, for nAGQ > 1, builds it from deviance residuals, i.e.
  ## relative to the saturated model: log-lik(full) - log-lik(saturated). The saturated
  ## log-lik sum(w * dbinom(s, t, s/t, log = TRUE)) contains the log binomial coefficients
  ## and is 0 for binary responses. coprod always reports the full log-likelihood, so the
  ## comparison adds the saturated log-lik back for nAGQ > 1.
  full <- if (nAGQ > 1) ll + saturated else ll
  re <- ranef(fit, condVar = TRUE)[[1]]
  lines <- c(
    sprintf("r.version=%s", R.version.string),
    sprintf("lme4.version=%s", as.character(packageVersion("lme4"))),
    sprintf("nAGQ=%d", nAGQ),
    sprintf("optimizer=bobyqa rhoend=1e-10 maxfun=1e5 tolPwrss=1e-12"),
    sprintf("loglik.reported=%.12f", ll),
    sprintf("loglik.reported.is=%s", if (nAGQ > 1) "full minus saturated (lme4 nAGQ>1 convention)" else "full (includes log binomial coefficients)"),
    sprintf("binomial.constant=%.12f", binomialConstant),
    sprintf("saturated.loglik=%.12f", saturated),
    sprintf("loglik.full=%.12f", full),
    sprintf("sigma=%.12f", theta[[1]]),
    sprintf("singular=%s", isSingular(fit, tol = 1e-4)),
    sprintf("columns=%s", paste(names(beta), collapse = ",")),
    sprintf("beta.%d=%.12f", seq_along(beta) - 1L, beta),
    sprintf("se.%d=%.12f", seq_along(se) - 1L, se),
    sprintf("feval=%d", fit@optinfo$feval))
  writeLines(lines, file.path(dir, sprintf("expected_nagq%d.properties", nAGQ)))
  pv <- attr(re, "postVar")
  modes <- data.frame(group = rownames(re), mode = re[[1]], condsd = sqrt(pv[1, 1, ]))
  write.csv(modes, file.path(dir, sprintf("modes_nagq%d.csv", nAGQ)), row.names = FALSE)
}
