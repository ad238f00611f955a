package org.coprod.ingest;

import java.lang.reflect.Field;
import org.apache.spark.sql.execution.datasources.parquet.ParquetDictionary;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;

/**
 * For how long what was found for a dictionary id of a Parquet column may be trusted: for as long
 * as the column's ids refer to the same dictionary, that of a row group's column chunk. An epoch
 * is a number that changes whenever the ids may stand for other values.
 *
 * <p>Why: Spark's vectorized reader wraps the column chunk's dictionary in a new object for every
 * batch (of 4,096 rows) and shows neither, so the ingest trusted an id's text and judgement for
 * one batch only. A column of many values (usage's 20,000 neighbourhoods) then had nearly every
 * cell looked up by its bytes, made a text and judged again: at 1M citizens, Parquet input, the
 * judging of dictionary ids took 16.4% of the executor threads' samples in a warm ingest, and
 * 4.2% with this (JFR, BENCHMARKS.md). The dictionary is read from the vector's
 * field and its wrapper's by reflection: Spark's classes and the project's share the unnamed
 * module, so nothing needs opening. Where that fails (another Spark), each batch is an epoch, as
 * before.
 */
final class DictionaryEpochs {

  private static final Field VECTOR_DICTIONARY = field(WritableColumnVector.class, "dictionary");
  private static final Field WRAPPED_DICTIONARY = field(ParquetDictionary.class, "dictionary");

  private long lastBatch = Long.MIN_VALUE;
  private Object dictionary;
  private long epoch;

  /** The epoch of the vector's ids in this batch: never 0, the same as the last batch's while their dictionary is. */
  long of(long batch, WritableColumnVector vector) {
    if (batch != lastBatch) {
      lastBatch = batch;
      Object current = dictionaryOf(vector);
      if (current == null || current != dictionary) {
        epoch++;
      }
      dictionary = current;
    }
    return epoch;
  }

  /** The column chunk's dictionary behind the vector's ids, or null where it cannot be told. */
  static Object dictionaryOf(WritableColumnVector vector) {
    if (VECTOR_DICTIONARY == null || WRAPPED_DICTIONARY == null) {
      return null;
    }
    try {
      Object wrapper = VECTOR_DICTIONARY.get(vector);
      return wrapper instanceof ParquetDictionary ? WRAPPED_DICTIONARY.get(wrapper) : null;
    } catch (IllegalAccessException | RuntimeException e) {
      return null;
    }
  }

  private static Field field(Class<?> owner, String name) {
    try {
      Field field = owner.getDeclaredField(name);
      field.setAccessible(true);
      return field;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
