# Golden term and column names for FormulaNamesTest: R's colnames(model.matrix(...)) of
# each formula in formulas.txt (the fixed part, lme4::nobars, for mixed models).
# Run from this directory:  Rscript make_golden.R   (writes names.tsv)
# Each line of names.tsv: formula, then term labels joined by '|', then the columns; tab-separated.
Sys.setlocale("LC_COLLATE", "C")  # factor levels sorted by bytes, as coprod does
set.seed(1)
n <- 24
d <- data.frame(
  y = rbinom(n, 1, 0.5), age = round(runif(n, 18, 80)), x = runif(n, 1, 2), z = runif(n, 1, 2),
  gender = rep(c("male", "female"), length.out = n), urban = rep(c("Y", "N", "N"), length.out = n),
  edu = rep(c("mid", "low", "high", "mid"), length.out = n), period = rep(1:3, length.out = n),
  flag = rep(c(TRUE, FALSE), each = 2, length.out = n), k = rpois(n, 2), g = rep(letters[1:4], length.out = n),
  a = rep(c("A1", "A2"), length.out = n), b = rep(c("B1", "B2", "B3"), length.out = n), nbh = runif(n),
  stringsAsFactors = FALSE)
d$n <- d$k + 3
d$age10 <- d$age / 10
formulas <- readLines("formulas.txt")
lines <- vapply(formulas, function(text) {
  f <- lme4::nobars(as.formula(text))
  tl <- attr(terms(f), "term.labels")
  cn <- colnames(model.matrix(f, d))
  paste(c(text, paste(tl, collapse = "|"), cn), collapse = "\t")
}, character(1))
writeLines(c(paste0("# ", R.version.string, "; lme4 ", as.character(packageVersion("lme4"))), lines), "names.tsv")
