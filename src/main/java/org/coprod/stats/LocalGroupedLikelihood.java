package org.coprod.stats;

import java.util.List;

/**
 * {@link GroupedLikelihood} over groups held in memory, single-threaded. It remembers each
 * group's last conditional mode and starts the next mode search there, which saves Newton
 * steps between nearby outer iterations (the result does not depend on the start: the
 * search converges to 1e-11). Not thread-safe.
 */
public final class LocalGroupedLikelihood implements GroupedLikelihood {

  private final List<GroupBlock> blocks;
  private final int columns;
  private final double[] modes;

  /** @throws IllegalArgumentException if the list is empty or blocks differ in columns */
  public LocalGroupedLikelihood(List<GroupBlock> blocks) {
    this.blocks = List.copyOf(blocks);
    if (this.blocks.isEmpty()) {
      throw new IllegalArgumentException("no groups");
    }
    this.columns = this.blocks.get(0).columns();
    for (GroupBlock block : this.blocks) {
      if (block.columns() != columns) {
        throw new IllegalArgumentException(
            "group " + block.groupId() + " has " + block.columns() + " columns, expected " + columns);
      }
    }
    this.modes = new double[this.blocks.size()];
  }

  @Override
  public GlmmLikelihoodSum evaluate(double[] beta, double logSigma, int nAGQ, boolean withHessian) {
    GlmmLikelihoodSum sum = GlmmLikelihoodSum.zero(new EvaluationPoint(beta, logSigma, nAGQ, withHessian));
    // Modes are stored on the b = sigma u scale so that they stay meaningful when sigma moves.
    double sigma = Math.exp(logSigma);
    for (int g = 0; g < blocks.size(); g++) {
      double start = sigma > 0 ? modes[g] / sigma : 0;
      double mode = sum.add(blocks.get(g), start);
      modes[g] = sigma * mode;
    }
    return sum;
  }

  @Override
  public int columns() {
    return columns;
  }

  /** The groups, in the order given. */
  public List<GroupBlock> blocks() {
    return blocks;
  }
}
