package org.coprod.features;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Applies the declared {@link Centring} to the citizens table. Means are unweighted over the
 * citizen rows with a value (every respondent-wave row counts once), so that the centred
 * feature has mean 0 in the very table the model is fitted on; missing values stay missing.
 * A centred feature keeps its name (formulas need not change); its catalog entry says it is centred.
 */
final class CentringStep {

  private CentringStep() {}

  static Dataset<Row> apply(Dataset<Row> citizens, FeatureOptions options) {
    List<String> grand = new ArrayList<>();
    Map<String, List<String>> byGroup = new LinkedHashMap<>();
    options.centring().forEach((feature, how) -> {
      switch (how.kind()) {
        case GRAND -> grand.add(feature);
        case GROUP -> byGroup.computeIfAbsent(how.group(), g -> new ArrayList<>()).add(feature);
        case NONE -> { }
      }
    });
    Map<String, Column> centred = new LinkedHashMap<>();
    if (!grand.isEmpty()) {
      // One aggregate row of as many means as centred features: bounded, safe to bring to the driver.
      Row means = citizens.agg(avg(col(grand.get(0))), grand.stream().skip(1).map(f -> avg(col(f))).toArray(Column[]::new)).first();
      for (int i = 0; i < grand.size(); i++) {
        Object mean = means.get(i);
        centred.put(grand.get(i), col(grand.get(i)).cast("double").minus(lit(mean).cast("double")));
      }
    }
    for (Map.Entry<String, List<String>> group : byGroup.entrySet()) {
      // Group means by window: one exchange of the citizens per grouping column, whatever the number of features.
      // withColumns evaluates every expression on the uncentred row, so the mean is of the raw values.
      var sameGroup = Window.partitionBy(col(group.getKey()));
      for (String feature : group.getValue()) {
        String meanColumn = Centring.groupMeanColumn(feature, group.getKey());
        Column mean = avg(col(feature)).over(sameGroup);
        centred.put(meanColumn, mean);
        centred.put(feature, col(feature).cast("double").minus(mean));
      }
    }
    return centred.isEmpty() ? citizens : citizens.withColumns(centred);
  }
}
