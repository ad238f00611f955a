## Golden case: lme4's cbpp, cbind(incidence, size - incidence) ~ period + (1 | herd).
## Run from this directory: Rscript make.R
source("../glmer_golden.R")
X <- model.matrix(~ period, cbpp)
write_design(".", cbpp$herd, cbpp$incidence, cbpp$size, rep(1, nrow(cbpp)), X)
bc <- sum(lchoose(cbpp$size, cbpp$incidence))
sat <- sum(dbinom(cbpp$incidence, cbpp$size, cbpp$incidence / cbpp$size, log = TRUE))
for (k in c(1L, 5L, 9L, 25L)) {
  fit <- glmer(cbind(incidence, size - incidence) ~ period + (1 | herd), data = cbpp,
               family = binomial, nAGQ = k, control = tight_control())
  write_expected(".", fit, k, bc, sat)
}
