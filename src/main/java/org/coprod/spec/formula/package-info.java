/**
 * lme4 formula syntax: {@link org.coprod.spec.formula.Formula#parse(String)} gives an
 * immutable {@link org.coprod.spec.formula.Formula} (response, R-ordered fixed terms, random
 * terms), and {@link org.coprod.spec.formula.ModelMatrixLayout} names and codes the
 * model-matrix columns exactly as R's {@code model.matrix}. Pure Java: no Spark.
 */
package org.coprod.spec.formula;
