/**
 * Pure numerics with no Spark, Scala or Hadoop import (a test keeps it so): binomial-logit
 * families, IRLS, the Laplace and adaptive Gauss–Hermite approximations of a
 * random-intercept likelihood, the optimiser and inference. Every routine works on
 * primitive arrays so that Spark adapters in {@code org.coprod.model} can run it inside
 * tasks and tests can run it on a local list.
 *
 * <p>Random-intercept logit (lme4 {@code glmer(y ~ x + (1 | g), family = binomial, nAGQ = K)}):
 * {@link org.coprod.stats.GroupBlock} holds one group's rows;
 * {@link org.coprod.stats.GlmmLikelihoodSum} is the mergeable per-pass aggregate (log-likelihood,
 * gradient, Hessian) a Spark {@code treeAggregate} builds from blocks;
 * {@link org.coprod.stats.GroupedLikelihood} is the one interface the
 * {@link org.coprod.stats.RandomInterceptLogitFitter} sees;
 * {@link org.coprod.stats.ConditionalMode} gives {@code ranef(condVar = TRUE)} per group.
 */
package org.coprod.stats;
