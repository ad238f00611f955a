package org.coprod.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * coprod's single entry point: one subcommand per job (DESIGN.md, "Command line"). Usage
 * and configuration errors exit 2 with one line; data and fit problems are reported in the
 * outputs. The SparkSession is created lazily, only after a command has checked its
 * arguments, so a bad spec fails in milliseconds.
 */
@Command(
    name = "coprod",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Which citizen and government factors enable or hold back ICT-enabled co-production of public services.",
    subcommands = {
      RunCommand.class,
      GenerateCommand.class,
      IngestCommand.class,
      FeaturesCommand.class,
      FitCommand.class,
      ReportCommand.class,
      ShowCommand.class
    })
public final class Main implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command (run, generate, ingest, features, fit, report, show)");
  }

  public static void main(String[] args) {
    System.exit(execute(SparkSessions::getOrCreate, args));
  }

  /** Runs a command line with the given session source; returns the exit code. */
  public static int execute(Supplier<SparkSession> spark, String... args) {
    CommandLine commandLine = new CommandLine(new Main(), new Factory(spark));
    commandLine.setExecutionExceptionHandler(Main::handle);
    commandLine.setParameterExceptionHandler(
        (exception, arguments) -> {
          PrintWriter err = exception.getCommandLine().getErr();
          err.println("coprod: " + exception.getMessage().replace('\n', ' '));
          err.flush();
          return ExitCodes.USAGE;
        });
    return commandLine.execute(args);
  }

  private static int handle(Exception exception, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    if (ExitCodes.isConfigurationError(exception)) {
      err.println("coprod: " + oneLine(exception.getMessage()));
      err.flush();
      return ExitCodes.USAGE;
    }
    err.println("coprod: " + commandLine.getCommandName() + " failed: " + oneLine(String.valueOf(exception.getMessage())));
    exception.printStackTrace(err);
    err.flush();
    return ExitCodes.FAILURE;
  }

  static String oneLine(String message) {
    return message == null ? "" : message.replace('\n', ' ').trim();
  }

  /**
   * Commands that need Spark have a constructor taking a {@code Supplier<SparkSession>} and
   * ask it for the session only after checking their arguments; others are built as usual.
   */
  private record Factory(Supplier<SparkSession> spark) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> type) throws Exception {
      try {
        return type.getDeclaredConstructor(Supplier.class).newInstance(spark);
      } catch (NoSuchMethodException noSparkConstructor) {
        return CommandLine.defaultFactory().create(type);
      }
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"coprod " + (version == null ? "(development build)" : version)};
    }
  }
}
