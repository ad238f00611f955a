package org.coprod.model;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.coprod.stats.EvaluationPoint;
import org.coprod.stats.GlmmLikelihoodSum;
import org.coprod.stats.GroupBlock;
import org.coprod.stats.GroupedLikelihood;

/**
 * {@link GroupedLikelihood} on Spark, Photon-style: the design rows are repartitioned by
 * group so that every group sits whole in one partition, packed once into
 * {@link GroupBlock}s of primitive arrays and cached; each outer iteration is one
 * treeAggregate of {@link GlmmLikelihoodSum} in which every group solves its own
 * one-dimensional problem (conditional mode, node placement) inside its task. The driver
 * holds only parameter-sized vectors.
 */
public final class SparkGroupedLikelihood implements GroupedLikelihood, AutoCloseable {

  private final JavaRDD<GroupBlock> blocks;
  private final int columns;
  private final int treeDepth;

  /**
   * @param design rows with {@code y, trials, weight, x} and the grouping column
   * @param groupColumn the grouping column ({@code g0})
   * @param partitions how many partitions the groups are spread over
   */
  public SparkGroupedLikelihood(Dataset<Row> design, String groupColumn, int columns, int partitions) {
    this.columns = columns;
    Dataset<Row> byGroup =
        design
            .select(design.col(groupColumn).as("group"), design.col("y"), design.col("trials"), design.col("weight"), design.col("x"))
            .repartition(partitions, design.col(groupColumn))
            .sortWithinPartitions("group");
    this.blocks = byGroup.toJavaRDD().mapPartitions(rows -> pack(rows, columns)).persist(StorageLevel.MEMORY_AND_DISK());
    this.blocks.setName("random-intercept group blocks");
    this.treeDepth = partitions > 64 ? 3 : 2;
  }

  /** Packs consecutive rows of the same group (sorted within the partition) into one block. */
  private static Iterator<GroupBlock> pack(Iterator<Row> rows, int columns) {
    List<GroupBlock> packed = new ArrayList<>();
    String current = null;
    BlockBuilder builder = null;
    while (rows.hasNext()) {
      Row row = rows.next();
      String group = row.getString(0);
      if (!group.equals(current)) {
        if (builder != null) {
          packed.add(builder.build());
        }
        current = group;
        builder = new BlockBuilder(group, columns);
      }
      builder.add(row.getDouble(1), row.getDouble(2), row.getDouble(3), row.getList(4));
    }
    if (builder != null) {
      packed.add(builder.build());
    }
    return packed.iterator();
  }

  /** Growable primitive arrays for one group. */
  private static final class BlockBuilder {
    private final String group;
    private final int columns;
    private double[] x;
    private double[] successes = new double[8];
    private double[] trials = new double[8];
    private double[] weights = new double[8];
    private int rows;

    BlockBuilder(String group, int columns) {
      this.group = group;
      this.columns = columns;
      this.x = new double[8 * columns];
    }

    void add(double y, double trial, double weight, List<Double> values) {
      if (rows == successes.length) {
        int capacity = rows * 2;
        successes = java.util.Arrays.copyOf(successes, capacity);
        trials = java.util.Arrays.copyOf(trials, capacity);
        weights = java.util.Arrays.copyOf(weights, capacity);
        x = java.util.Arrays.copyOf(x, capacity * columns);
      }
      successes[rows] = y;
      trials[rows] = trial;
      weights[rows] = weight;
      for (int j = 0; j < columns; j++) {
        x[rows * columns + j] = values.get(j);
      }
      rows++;
    }

    GroupBlock build() {
      return new GroupBlock(
          group, rows, columns, java.util.Arrays.copyOf(x, rows * columns), java.util.Arrays.copyOf(successes, rows),
          java.util.Arrays.copyOf(trials, rows), java.util.Arrays.copyOf(weights, rows));
    }
  }

  @Override
  public GlmmLikelihoodSum evaluate(double[] beta, double logSigma, int nAGQ, boolean withHessian) {
    EvaluationPoint point = new EvaluationPoint(beta, logSigma, nAGQ, withHessian);
    return blocks.treeAggregate(GlmmLikelihoodSum.zero(point), (sum, block) -> sum.add(block), GlmmLikelihoodSum::merge, treeDepth);
  }

  @Override
  public int columns() {
    return columns;
  }

  /** The cached blocks, e.g. for conditional modes at the optimum. */
  public JavaRDD<GroupBlock> blocks() {
    return blocks;
  }

  @Override
  public void close() {
    blocks.unpersist(false);
  }
}
