## Golden case sim100: simulated random-intercept logit, 100 groups x 20 rows, sigma = 1.0,
## binary y, covariates x1 ~ N(0,1), x2 ~ Bernoulli(0.4), x3 ~ U(-1,1), prior weights 1..3 (glmer weights= with 0/1 y).
## Run from this directory: Rscript make.R
source("../glmer_golden.R")
set.seed(202)
G <- 100; m <- 20
d <- data.frame(g = factor(rep(sprintf("g%04d", seq_len(G)), each = m)),
                x1 = rnorm(G * m), x2 = rbinom(G * m, 1, 0.4), x3 = runif(G * m, -1, 1))
u <- rnorm(G, 0, 1.0)
eta <- -0.5 + 0.8 * d$x1 - 0.6 * d$x2 + 0.4 * d$x3 + u[as.integer(d$g)]
d$y <- rbinom(G * m, 1, plogis(eta))
d$w <- if (TRUE) sample(1:3, G * m, replace = TRUE) else rep(1, G * m)
X <- model.matrix(~ x1 + x2 + x3, d)
write_design(".", d$g, d$y, rep(1, G * m), d$w, X)
bc <- 0  # binary responses: every log binomial coefficient is log choose(1, y) = 0
sat <- 0 # and the saturated log-likelihood is 0
for (k in c(1L, 7L)) {
  fit <- glmer(y ~ x1 + x2 + x3 + (1 | g), data = d, weights = w, family = binomial,
               nAGQ = k, control = tight_control())
  write_expected(".", fit, k, bc, sat)
}
