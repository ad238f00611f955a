## Golden case singular: data simulated with sigma = 0 (no group effect), 30 groups x 20
## rows; glmer ends on the theta = 0 boundary (isSingular), so coprod must report
## SINGULAR_FIT with beta equal to the pooled logit.
source("../glmer_golden.R")
set.seed(404)
G <- 30; m <- 20
d <- data.frame(g = factor(rep(sprintf("g%02d", seq_len(G)), each = m)), x1 = rnorm(G * m))
d$y <- rbinom(G * m, 1, plogis(0.3 + 0.7 * d$x1))
X <- model.matrix(~ x1, d)
write_design(".", d$g, d$y, rep(1, G * m), rep(1, G * m), X)
for (k in c(1L, 7L)) {
  fit <- glmer(y ~ x1 + (1 | g), data = d, family = binomial, nAGQ = k, control = tight_control())
  write_expected(".", fit, k, 0, 0)
}
pooled <- glm(y ~ x1, data = d, family = binomial)
writeLines(c(sprintf("pooled.beta.%d=%.12f", 0:1, coef(pooled)),
             sprintf("pooled.loglik=%.12f", as.numeric(logLik(pooled)))), "expected_pooled.properties")
