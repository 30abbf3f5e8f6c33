package io.github.katib4j.conformance;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Katib v0.19.0's own Go code (defaulting, admission validation, trial rendering) as a test oracle: a long-running
 * {@code katib-oracle} process that answers batches of {@link OracleCase}s.
 *
 * <p>The binary comes from {@code $KATIB_ORACLE_BINARY} when set, otherwise from
 * {@code conformance/katib-oracle/build.sh}, which needs Go and builds once per source version into
 * {@code ~/.cache/katib4j} (minutes the first time). Batches sent from several threads are answered one after
 * another.
 *
 * <pre>{@code
 * try (KatibOracle oracle = KatibOracle.start()) {
 *   List<OracleResult> results = oracle.run(cases);
 * }
 * }</pre>
 */
public final class KatibOracle implements AutoCloseable {
  private static final Path BUILD_SCRIPT = Path.of("conformance", "katib-oracle", "build.sh");
  private static final long BUILD_TIMEOUT_MINUTES = 45;
  private static final int LOG_TAIL = 4000;

  private final Process process;
  private final Path stderr;
  private final Writer toOracle;
  private final BufferedReader fromOracle;

  private KatibOracle(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
    this.toOracle = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8),
        1 << 16);
    this.fromOracle = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8),
        1 << 16);
  }

  /** Builds the oracle if needed and starts it. */
  public static KatibOracle start() {
    return start(binary());
  }

  /** Starts the oracle binary at {@code binary}. */
  public static KatibOracle start(Path binary) {
    try {
      Path stderr = Files.createTempFile("katib-oracle", ".stderr");
      Process process = new ProcessBuilder(binary.toString())
          .redirectError(ProcessBuilder.Redirect.to(stderr.toFile()))
          .start();
      return new KatibOracle(process, stderr);
    } catch (IOException e) {
      throw new IllegalStateException("Could not start the Katib oracle " + binary + ": " + e.getMessage(), e);
    }
  }

  /** The oracle binary: {@code $KATIB_ORACLE_BINARY}, or the one {@code build.sh} builds or finds in its cache. */
  public static Path binary() {
    String given = System.getenv("KATIB_ORACLE_BINARY");
    if (given != null && !given.isBlank()) {
      Path binary = Path.of(given);
      if (!Files.isExecutable(binary)) {
        throw new IllegalStateException("KATIB_ORACLE_BINARY=" + given + " is not an executable file; unset it to "
            + "build the oracle with " + BUILD_SCRIPT + ", or point it at a binary that script printed.");
      }
      return binary;
    }
    return build(findBuildScript());
  }

  private static Path findBuildScript() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path script = dir.resolve(BUILD_SCRIPT);
      if (Files.isRegularFile(script)) {
        return script;
      }
    }
    throw new IllegalStateException("Could not find " + BUILD_SCRIPT + " in " + Path.of("").toAbsolutePath()
        + " or any parent; run the tests from inside the katib4j checkout or set KATIB_ORACLE_BINARY.");
  }

  private static Path build(Path script) {
    try {
      Path log = Files.createTempFile("katib-oracle-build", ".log");
      System.err.println("Building or finding the Katib oracle with " + script + " (a first build takes minutes); "
          + "its log: " + log);
      Process build = new ProcessBuilder("bash", script.toString())
          .redirectError(ProcessBuilder.Redirect.to(log.toFile()))
          .start();
      build.getOutputStream().close();
      // The script prints only the binary's path on stdout, far less than a pipe holds, so waiting first is safe.
      if (!build.waitFor(BUILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        build.destroyForcibly();
        throw new IllegalStateException("Building the Katib oracle took over " + BUILD_TIMEOUT_MINUTES
            + " minutes; see " + log);
      }
      String stdout = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (build.exitValue() != 0) {
        throw new IllegalStateException("Building the Katib oracle with " + script + " failed (exit "
            + build.exitValue() + "). Its output:\n" + tail(log));
      }
      Files.deleteIfExists(log);
      String[] lines = stdout.split("\n");
      Path binary = Path.of(lines[lines.length - 1].trim());
      if (!Files.isExecutable(binary)) {
        throw new IllegalStateException(script + " printed '" + stdout + "', which is not an executable file.");
      }
      return binary;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not run " + script + " (it needs bash and Go)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while building the Katib oracle", e);
    }
  }

  /** Asks Katib about one case. */
  public OracleResult run(OracleCase oneCase) {
    return run(List.of(oneCase)).get(0);
  }

  /** Asks Katib about every case; results come back in the same order, one per case. */
  public synchronized List<OracleResult> run(List<OracleCase> cases) {
    if (!process.isAlive()) {
      throw failure("The Katib oracle is not running", null);
    }
    // Writing from another thread keeps both pipes moving: a large batch would otherwise fill the oracle's stdout
    // while this thread is still blocked writing its stdin.
    AtomicReference<IOException> writeError = new AtomicReference<>();
    Thread writer = new Thread(() -> {
      try {
        for (OracleCase oneCase : cases) {
          toOracle.write(oneCase.toJson().toString());
          toOracle.write('\n');
        }
        toOracle.flush();
      } catch (IOException e) {
        writeError.set(e);
      }
    }, "katib-oracle-writer");
    writer.setDaemon(true);
    writer.start();

    List<OracleResult> results = new ArrayList<>(cases.size());
    try {
      for (OracleCase oneCase : cases) {
        String line = fromOracle.readLine();
        if (line == null) {
          throw failure("The Katib oracle stopped after " + results.size() + " of " + cases.size() + " cases",
              writeError.get());
        }
        OracleResult result = OracleResult.fromJson(parse(line));
        if (!oneCase.id().equals(result.id())) {
          throw failure("The Katib oracle answered case '" + result.id() + "' where '" + oneCase.id()
              + "' was expected; give every case a distinct id in a form JSON keeps as is", null);
        }
        results.add(result);
      }
      writer.join();
    } catch (IOException e) {
      throw failure("Reading from the Katib oracle failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the Katib oracle", e);
    }
    if (writeError.get() != null) {
      throw failure("Writing to the Katib oracle failed", writeError.get());
    }
    return results;
  }

  private static JsonObject parse(String line) {
    try {
      JsonElement json = JsonParser.parseString(line);
      if (json.isJsonObject()) {
        return json.getAsJsonObject();
      }
    } catch (JsonSyntaxException e) {
      // Reported below with the line itself.
    }
    throw new IllegalStateException("The Katib oracle wrote a line that is not a JSON object: " + line);
  }

  private IllegalStateException failure(String message, Exception cause) {
    return new IllegalStateException(message + (process.isAlive() ? "" : " (exit " + process.exitValue() + ")")
        + ". Its stderr:\n" + tail(stderr), cause);
  }

  private static String tail(Path file) {
    try {
      String text = Files.readString(file);
      return text.length() <= LOG_TAIL ? text : "..." + text.substring(text.length() - LOG_TAIL);
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  /** Ends the oracle: closes its input, lets it finish, and stops it if it does not. */
  @Override
  public synchronized void close() {
    try {
      toOracle.close();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      Files.deleteIfExists(stderr);
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
