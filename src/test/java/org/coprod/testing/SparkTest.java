package org.coprod.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that needs Spark. A {@link org.apache.spark.sql.SparkSession} parameter
 * is then injected into constructors, lifecycle and test methods; one session serves the
 * whole test JVM (see {@link SharedSparkSession}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(SharedSparkSession.class)
public @interface SparkTest {}
