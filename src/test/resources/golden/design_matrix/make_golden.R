# Golden model matrices for DesignMatrixBuilderGoldenTest.
# Run from this directory:  Rscript make_golden.R
# Writes data.csv (the fixture, NA as empty cells) and case_<i>.csv for each line of
# cases.txt ("formula" or "formula @ weightcolumn"): the rows glm/glmer would use
# (model.frame with na.omit and drop.unused.levels = TRUE, grouping variables included as
# lme4 does), with columns y, trials, weight, colnames(model.matrix(...)), g0, g1, ...
Sys.setlocale("LC_COLLATE", "C")  # factor levels sorted by bytes, as coprod does
set.seed(20261128)
n <- 60
d <- data.frame(
  y = rbinom(n, 1, 0.4), age = round(runif(n, 18, 80)), x = round(runif(n, 0.5, 3), 3), z = round(runif(n, 0, 3), 3),
  gender = sample(c("male", "female"), n, TRUE), urban = sample(c("Y", "N"), n, TRUE),
  edu = sample(c("low", "mid", "high"), n, TRUE), period = sample(1:3, n, TRUE),
  flag = sample(c(TRUE, FALSE), n, TRUE), k = rpois(n, 2), g = sample(c("n1", "n2", "n3", "n4"), n, TRUE),
  a = sample(c("A1", "A2"), n, TRUE), b = sample(c("B1", "B2", "B3"), n, TRUE),
  status = sample(c("no", "yes"), n, TRUE), w = round(runif(n, 0.5, 2), 2), stringsAsFactors = FALSE)
d$n <- d$k + sample(0:3, n, TRUE)
d$age10 <- d$age / 10
d$age[c(3, 17)] <- NA
d$gender[c(5, 17, 40)] <- NA
d$x[c(8)] <- NA
d$g[c(12, 33)] <- NA
d$w[c(21)] <- NA
d$edu[d$period == 3 & d$urban == "N"][1] <- NA
write.csv(d, "data.csv", row.names = FALSE, na = "")
cases <- readLines("cases.txt")
# Random terms as written (lme4::findbars would already expand a/b, as b:a then a).
rawbars <- function(e) {
  if (!is.call(e)) return(list())
  if (identical(e[[1]], as.name("|"))) return(list(e))
  do.call(c, lapply(as.list(e)[-1], rawbars))
}
groupValues <- function(gexpr, mf) {
  if (is.call(gexpr) && identical(gexpr[[1]], as.name(":"))) {
    return(paste(groupValues(gexpr[[2]], mf), groupValues(gexpr[[3]], mf), sep = ":"))
  }
  as.character(mf[[deparse(gexpr)]])
}
for (i in seq_along(cases)) {
  parts <- strsplit(cases[i], " @ ", fixed = TRUE)[[1]]
  f <- as.formula(parts[1])
  weight <- if (length(parts) > 1) parts[2] else NULL
  bars <- rawbars(f[[3]])
  fixed <- lme4::nobars(f)
  full <- lme4::subbars(f)
  mfd <- d
  mfd$.w <- if (is.null(weight)) 1 else d[[weight]]
  mf <- model.frame(full, mfd, weights = .w, na.action = na.omit, drop.unused.levels = TRUE)
  mm <- model.matrix(fixed, mf)
  resp <- model.response(mf)
  if (is.matrix(resp)) {
    y <- resp[, 1]; trials <- rowSums(resp)
  } else if (is.character(resp) || is.factor(resp)) {
    resp <- factor(resp); y <- as.numeric(resp != levels(resp)[1]); trials <- rep(1, length(y))
  } else {
    y <- resp; trials <- rep(1, length(y))
  }
  out <- data.frame(y = y, trials = trials, weight = model.weights(mf), check.names = FALSE)
  out <- cbind(out, as.data.frame(mm, check.names = FALSE))
  # (1 | a/b) is expanded as (1 | a) + (1 | a:b), coprod's order; lme4 lists b:a first.
  groups <- list()
  for (bar in bars) {
    gexpr <- bar[[3]]
    if (is.call(gexpr) && identical(gexpr[[1]], as.name("/"))) {
      outer <- deparse(gexpr[[2]]); inner <- deparse(gexpr[[3]])
      groups[[length(groups) + 1]] <- as.character(mf[[outer]])
      groups[[length(groups) + 1]] <- paste(mf[[outer]], mf[[inner]], sep = ":")
    } else {
      groups[[length(groups) + 1]] <- groupValues(gexpr, mf)
    }
  }
  for (j in seq_along(groups)) out[[paste0("g", j - 1)]] <- groups[[j]]
  write.csv(out, sprintf("case_%02d.csv", i), row.names = FALSE, quote = FALSE)
}
writeLines(paste0(R.version.string, "; lme4 ", as.character(packageVersion("lme4"))), "R_VERSION")
