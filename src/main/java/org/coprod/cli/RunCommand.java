package org.coprod.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.coprod.model.ModelRunner;
import org.coprod.spec.JobSpec;
import org.coprod.spec.JobSpecReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code coprod run JOB.yaml}: every stage of a job spec. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run all stages of a job spec: ingest, features, models, outputs.")
final class RunCommand implements Callable<Integer> {

  private final Supplier<SparkSession> spark;

  @Parameters(index = "0", paramLabel = "JOB.yaml", description = "job spec, e.g. jobs/sample.yaml")
  Path job;

  RunCommand(Supplier<SparkSession> spark) {
    this.spark = spark;
  }

  @Override
  public Integer call() {
    JobSpec spec = JobSpecReader.read(job);
    spec.models().forEach(ModelRunner::validate);
    Pipeline.Result result = Pipeline.run(spark.get(), spec);
    System.out.print(Summaries.models(result.models()));
    System.out.println();
    System.out.println("outputs: " + result.runFolder());
    if (result.report() != null) {
      System.out.println("report:  " + result.report());
    }
    return ExitCodes.OK;
  }
}
