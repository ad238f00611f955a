# Golden reference for coprod's pooled logit (org.coprod.stats.PooledLogitFitter and the
# Spark fit). Run from this folder: Rscript make_golden.R
# Writes data.csv (the raw table), design_<case>.csv (R's model.matrix with y, trials,
# weight, cluster) and expected_<case>.csv / fit_<case>.csv with R's answers.
suppressPackageStartupMessages(library(sandwich))
set.seed(20261128)
n <- 600
nbh <- sprintf("n%02d", sample(1:30, n, replace = TRUE))
age <- round(runif(n, 18, 90))
gender <- sample(c("male", "female"), n, replace = TRUE)
education <- sample(c("low", "medium", "high"), n, replace = TRUE, prob = c(.3, .4, .3))
trust <- sample(0:10, n, replace = TRUE)
urban <- sample(c("N", "Y"), n, replace = TRUE)
w <- sample(1:3, n, replace = TRUE)
age10 <- (age - 50) / 10
nbh_effect <- rnorm(30, 0, 0.5)[as.integer(factor(nbh))]
eta <- -0.6 - 0.35 * age10 - 0.3 * (gender == "female") + 0.4 * (education == "high") -
  0.2 * (education == "low") + 0.12 * (trust - 5) + 0.3 * (urban == "Y") + nbh_effect
y <- rbinom(n, 1, plogis(eta))
k_trials <- sample(1:12, n, replace = TRUE)
k <- rbinom(n, k_trials, plogis(eta))
data <- data.frame(nbh, age, age10, gender, education, trust, urban, w, y, k, trials = k_trials)
write.csv(data, "data.csv", row.names = FALSE, quote = FALSE)

# AME by an independent route: finite differences of the average predicted probability.
ame <- function(fit, X, beta, m_weight, kinds, siblings) {
  avg <- function(b, j) {
    eta <- drop(X %*% b)
    if (kinds[j] == "DERIVATIVE") {
      p <- plogis(eta); return(sum(m_weight * p * (1 - p) * b[j]) / sum(m_weight))
    }
    X0 <- X; X0[, siblings[[j]]] <- 0; X1 <- X0; X1[, j] <- 1
    sum(m_weight * (plogis(drop(X1 %*% b)) - plogis(drop(X0 %*% b)))) / sum(m_weight)
  }
  V <- vcov(fit)
  out <- data.frame(ame = rep(NA_real_, ncol(X)), ame_se = rep(NA_real_, ncol(X)))
  for (j in seq_len(ncol(X))) {
    if (kinds[j] == "NONE") next
    value <- avg(beta, j)
    g <- sapply(seq_along(beta), function(a) {
      h <- 1e-6; bp <- beta; bm <- beta; bp[a] <- bp[a] + h; bm[a] <- bm[a] - h
      (avg(bp, j) - avg(bm, j)) / (2 * h)
    })
    out$ame[j] <- value
    out$ame_se[j] <- sqrt(drop(t(g) %*% V %*% g))
  }
  out
}

auc <- function(score, pos_w, neg_w) {
  # Mann-Whitney with ties counted one half, weighted.
  o <- order(score); s <- score[o]; pw <- pos_w[o]; nw <- neg_w[o]
  total <- 0; neg_below <- 0; i <- 1
  while (i <= length(s)) {
    j <- i; while (j < length(s) && s[j + 1] == s[i]) j <- j + 1
    p_here <- sum(pw[i:j]); n_here <- sum(nw[i:j])
    total <- total + p_here * (neg_below + n_here / 2)
    neg_below <- neg_below + n_here; i <- j + 1
  }
  total / (sum(pos_w) * sum(neg_w))
}

write_case <- function(name, fit, X, yv, trials, weight, cluster, kinds, siblings) {
  beta <- coef(fit)
  design <- data.frame(y = yv, trials = trials, weight = weight, cluster = cluster, X, check.names = FALSE)
  write.csv(design, sprintf("design_%s.csv", name), row.names = FALSE)
  m_weight <- weight * trials
  a <- ame(fit, X, beta, m_weight, kinds, siblings)
  expected <- data.frame(
    term = names(beta), estimate = beta,
    se_model = sqrt(diag(vcov(fit))),
    se_hc0 = sqrt(diag(vcovHC(fit, type = "HC0"))),
    se_hc1 = sqrt(diag(vcovHC(fit, type = "HC1"))),
    se_cluster = sqrt(diag(vcovCL(fit, cluster = cluster))),
    ame_kind = kinds, ame = a$ame, ame_se = a$ame_se)
  write.csv(expected, sprintf("expected_%s.csv", name), row.names = FALSE)
  mu <- fitted(fit)
  fitstats <- data.frame(
    loglik = as.numeric(logLik(fit)), deviance = deviance(fit), null_deviance = fit$null.deviance,
    aic = AIC(fit), bic = BIC(fit), nobs = nobs(fit), iterations = fit$iter,
    auc = auc(mu, weight * yv, weight * (trials - yv)),
    r_version = R.version.string, sandwich_version = as.character(packageVersion("sandwich")))
  write.csv(fitstats, sprintf("fit_%s.csv", name), row.names = FALSE)
}

tight <- glm.control(epsilon = 1e-14, maxit = 100)

# Case "weighted": frequency weights, factors with the first level as reference.
f1 <- glm(y ~ age10 + gender + education + trust + urban, family = binomial, data = data,
          weights = w, control = tight)
X1 <- model.matrix(f1)
kinds1 <- c("NONE", "DERIVATIVE", "DISCRETE", "DISCRETE", "DISCRETE", "DERIVATIVE", "DISCRETE")
sib1 <- list(NULL, NULL, 3, c(4, 5), c(4, 5), NULL, 7)
write_case("weighted", f1, X1, data$y, rep(1, n), data$w, data$nbh, kinds1, sib1)

# Case "interactions": a declared reference level, I(), and an interaction.
data$education <- relevel(factor(data$education), ref = "medium")
f2 <- glm(y ~ age10 * urban + I(age10^2) + education, family = binomial, data = data, control = tight)
X2 <- model.matrix(f2)
kinds2 <- ifelse(colnames(X2) %in% c("educationhigh", "educationlow"), "DISCRETE", "NONE")
sib2 <- lapply(seq_len(ncol(X2)), function(j) if (kinds2[j] == "DISCRETE") which(kinds2 == "DISCRETE") else NULL)
write_case("interactions", f2, X2, data$y, rep(1, n), rep(1, n), data$nbh, kinds2, sib2)

# Case "counts": binomial counts as cbind(successes, failures).
f3 <- glm(cbind(k, trials - k) ~ age10 + gender + trust, family = binomial, data = data, control = tight)
X3 <- model.matrix(f3)
kinds3 <- c("NONE", "DERIVATIVE", "DISCRETE", "DERIVATIVE")
sib3 <- list(NULL, NULL, 3, NULL)
write_case("counts", f3, X3, data$k, data$trials, rep(1, n), data$nbh, kinds3, sib3)
