package org.coprod.ingest;

import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A source's keys that other sources may reference ({@link CrossRowRules#KNOWN_KEY}), in one of
 * two forms: a dataset, each key once, which a reference check joins; or, when there are few
 * enough of them to hold in every task ({@link ReaderRowRules#MOST_KNOWN_KEYS}), their texts,
 * broadcast, which a reference check looks up and the reader's rules hold ({@link KnownTexts}).
 *
 * <p>Why the texts: the direct path gathered the survey's keys into a distinct, cached dataset
 * (1.8 s at 1M citizens), which links then collected again for its reader's rules, and joined in
 * its second pass with a shuffle of all of them; gathered once as texts, neither the distinct
 * nor the join is needed.
 */
final class KnownKeys {

  private final Dataset<Row> keys;
  private final KnownTexts texts;
  private final Broadcast<KnownTexts> shared;

  private KnownKeys(Dataset<Row> keys, KnownTexts texts, Broadcast<KnownTexts> shared) {
    this.keys = keys;
    this.texts = texts;
    this.shared = shared;
  }

  /**
   * The keys of a one-column dataset (a key may come twice) as texts when {@link KnownTexts#collect}
   * holds them, else as the dataset {@code distinct} gives, each key once. So a source's keys are
   * a dataset only when there are too many to hold in every task.
   */
  static KnownKeys collect(org.apache.spark.api.java.JavaSparkContext context, Dataset<Row> keys,
      java.util.function.Supplier<Dataset<Row>> distinct) {
    java.util.Optional<KnownTexts> texts = KnownTexts.collect(keys);
    return texts.isPresent() ? new KnownKeys(null, texts.get(), context.broadcast(texts.get()))
        : of(distinct.get());
  }

  /** Keys as a dataset with one column, {@link CrossRowRules#KNOWN_KEY}, each key once. */
  static KnownKeys of(Dataset<Row> keys) {
    return new KnownKeys(keys, null, null);
  }

  /** The dataset, or null when the keys are {@link #texts()}. */
  Dataset<Row> dataset() {
    return keys;
  }

  /** The texts, or null when the keys are a {@link #dataset()}. */
  KnownTexts texts() {
    return texts;
  }

  /** The texts broadcast, or null when the keys are a {@link #dataset()}. */
  Broadcast<KnownTexts> broadcastTexts() {
    return shared;
  }
}
