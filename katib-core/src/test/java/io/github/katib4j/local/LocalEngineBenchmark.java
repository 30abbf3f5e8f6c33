package io.github.katib4j.local;

import io.github.katib4j.ExperimentRef;
import io.github.katib4j.experiment.Algorithm;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.Objective;
import io.github.katib4j.experiment.Parameter;
import io.github.katib4j.experiment.Trial;
import io.github.katib4j.internal.FileTrees;
import io.github.katib4j.search.Assignment;
import io.github.katib4j.search.SearchSpace;
import java.io.File;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The local engine's overhead against its peer measured in the same run: function trials against calling the same
 * function in a bare loop with the same assignments, and process trials against launching the same processes with a
 * bare {@link ProcessBuilder} loop at the same parallelism. Not a test; run {@code bench/local/run.sh}, which builds
 * what it needs and calls {@code main(directory, functionTrials, processTrials)}.
 */
public final class LocalEngineBenchmark {
  private static final int ROUNDS = 3;
  private static final int[] PARALLELISM = {1, 8};
  private static final Duration TIMEOUT = Duration.ofMinutes(30);
  private static final int WARM_UP_TRIALS = 20_000;
  private static final int PROCESS_ROUNDS = 11;

  private static final TrialFunction QUADRATIC = trial -> {
    double x = trial.doubleValue("x");
    double y = trial.doubleValue("y");
    return Map.of("loss", (x - 1) * (x - 1) + (y + 2) * (y + 2));
  };

  private static int run;
  private static volatile double sink;

  private LocalEngineBenchmark() {}

  /** An engine whose notes (one per experiment: the image its trials do not use) stay out of the printed figures. */
  private static LocalKatib engine(Path directory, long seed) {
    return LocalKatib.builder().directory(directory).seed(seed).notes(new PrintWriter(Writer.nullWriter())).build();
  }

  public static void main(String[] args) throws Exception {
    Path directory = Path.of(args[0]).toAbsolutePath();
    int functionTrials = Integer.parseInt(args[1]);
    int processTrials = Integer.parseInt(args[2]);
    FileTrees.deleteRecursively(directory);
    Files.createDirectories(directory);
    // Nothing is deleted until the end: ext4 without a journal scans its inode tables past inodes freed in the last
    // minutes whenever it allocates one, which made every mkdir of a process trial cost far more than on a machine that
    // deleted nothing. The same holds for the next run started within minutes of this one's clean-up.
    System.out.printf(Locale.ROOT, "Java %s, %d CPUs, %s %s; experiments in %s%n", System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.arch"),
        directory);

    if (functionTrials > 0) {
      System.out.printf(Locale.ROOT, "%nFunction trials: random search over 2 doubles, %,d trials, best of %d"
          + " rounds%n", functionTrials, ROUNDS);
      functionTrials(directory, Math.max(1000, functionTrials / 4), false);
      functionTrials(directory, functionTrials, true);
    }
    if (processTrials > 0) {
      System.out.printf(Locale.ROOT, "%nProcess trials: /bin/echo loss=<x> (StdOut collector), %,d trials, %d rounds%n",
          processTrials, PROCESS_ROUNDS);
      fileSystemCosts(directory.resolve("file-system"));
      warmUpProcessTrials(directory, processTrials);
      processTrials(directory, processTrials);
      fileSystemCosts(directory.resolve("file-system-after"));
    }
    FileTrees.deleteRecursively(directory);
  }

  private static void functionTrials(Path directory, int trials, boolean print) throws Exception {
    for (int parallel : PARALLELISM) {
      long engine = Long.MAX_VALUE;
      long bare = Long.MAX_VALUE;
      long engineCpu = Long.MAX_VALUE;
      for (int round = 0; round < ROUNDS; round++) {
        Experiment experiment = Experiment.builder()
            .name("function-" + run++)
            .objective(Objective.minimize("loss"))
            .algorithm(Algorithm.random())
            .parameters(Parameter.doubleRange("x", -5, 5), Parameter.doubleRange("y", -5, 5))
            .parallelTrialCount(parallel)
            .maxTrialCount(trials)
            .build();
        List<Assignment> assignments;
        try (LocalKatib katib = engine(directory, round)) {
          long cpu = cpuNanos();
          long start = System.nanoTime();
          Experiment done = katib.run(experiment, QUADRATIC, TIMEOUT);
          engine = Math.min(engine, System.nanoTime() - start);
          engineCpu = Math.min(engineCpu, cpuNanos() - cpu);
          assignments = assignments(katib, done);
        }
        long start = System.nanoTime();
        double sum = 0;
        for (Assignment assignment : assignments) {
          sum += QUADRATIC.run(new BareContext(assignment)).get("loss").doubleValue();
        }
        bare = Math.min(bare, System.nanoTime() - start);
        sink += sum;
      }
      if (print) {
        double engineMicros = engine / 1e3 / trials;
        double bareMicros = bare / 1e3 / trials;
        double overhead = engineMicros - bareMicros;
        System.out.printf(Locale.ROOT, "  parallelTrialCount %d: engine %6.1f µs/trial (%,7.0f trials/s;"
            + " CPU %5.1f µs/trial), bare loop %4.2f µs/trial; overhead %5.1f µs/trial (target < 50: %s)%n", parallel, engineMicros,
            1e6 / engineMicros, engineCpu / 1e3 / trials, bareMicros, overhead, overhead < 50 ? "met" : "NOT met");
      }
    }
  }

  private static List<Assignment> assignments(LocalKatib katib, Experiment experiment) {
    SearchSpace space = SearchSpace.of(experiment.spec());
    return katib.trials(ExperimentRef.of(experiment)).stream()
        .map(t -> space.assignment(t.spec().parameterAssignments())).collect(Collectors.toList());
  }

  /**
   * Each round runs the engine and the bare loop back to back, in alternating order, and the ratio reported is the
   * median of the rounds' ratios: on a shared machine whose speed drifts by 10-20% over seconds, a pair measured
   * together is comparable where the best times of separate runs are not. Every round runs the same trials (one seed).
   */
  private static void processTrials(Path directory, int trials) throws Exception {
    for (int parallel : processParallelism()) {
      long engine = Long.MAX_VALUE;
      long bare = Long.MAX_VALUE;
      long engineCpu = Long.MAX_VALUE;
      long bareCpu = Long.MAX_VALUE;
      List<Double> ratios = new ArrayList<>();
      long[] bareTicks = new long[2];
      long[] engineTicks = new long[2];
      long seed = parallel;
      List<List<String>> commands = commands(directory, processExperiment("dry-run", parallel, trials), seed);
      for (int round = 0; round < PROCESS_ROUNDS; round++) {
        Experiment experiment = processExperiment("process-" + run++, parallel, trials);
        Path logs = Files.createDirectories(directory.resolve("bare-" + run++));
        long[] bareRun = new long[4];
        if (round % 2 == 1) {
          bareRun = timed(() -> launchAll(commands, parallel, logs));
        }
        long[] engineRun = timed(() -> {
          try (LocalKatib katib = engine(directory, seed)) {
            katib.run(experiment, TIMEOUT);
          }
        });
        if (round % 2 == 0) {
          bareRun = timed(() -> launchAll(commands, parallel, logs));
        }
        engine = Math.min(engine, engineRun[0]);
        engineCpu = Math.min(engineCpu, engineRun[1]);
        bare = Math.min(bare, bareRun[0]);
        bareCpu = Math.min(bareCpu, bareRun[1]);
        ratios.add((double) engineRun[0] / bareRun[0]);
        bareTicks[0] += bareRun[2];
        bareTicks[1] += bareRun[3];
        engineTicks[0] += engineRun[2];
        engineTicks[1] += engineRun[3];
      }
      List<Double> sorted = new ArrayList<>(ratios);
      sorted.sort(null);
      double ratio = sorted.get(sorted.size() / 2);
      System.out.printf(Locale.ROOT, "  parallelTrialCount %d: engine %5.2f ms/trial (JVM CPU %4.2f ms/trial), bare"
          + " ProcessBuilder loop %5.2f ms/trial (JVM CPU %4.2f ms/trial) (best rounds); ratio %.3f, the median of"
          + " %s (target <= 1.10: %s)%n", parallel, engine / 1e6 / trials, engineCpu / 1e6 / trials,
          bare / 1e6 / trials, bareCpu / 1e6 / trials, ratio, ratios.stream()
              .map(r -> String.format(Locale.ROOT, "%.3f", r)).collect(Collectors.joining(", ")),
          ratio <= 1.10 ? "met" : "NOT met");
      if (bareTicks[1] > 0 && engineTicks[1] > 0) {
        // Where no CPU is idle, every microsecond of CPU the engine adds per trial shows in its wall time.
        System.out.printf(Locale.ROOT, "    CPU idle (/proc/stat) while the bare loop ran: %.1f%%, while the engine"
            + " ran: %.1f%%%n", 100.0 * bareTicks[0] / bareTicks[1], 100.0 * engineTicks[0] / engineTicks[1]);
      }
    }
  }

  /**
   * 1, the machine's CPU count when it is below 8, and 8: one process at a time, as many as there are CPUs, and more
   * processes than CPUs, where the bare loop alone keeps every CPU busy and each microsecond of CPU the engine spends
   * per trial shows in its wall time.
   */
  private static int[] processParallelism() {
    return IntStream.of(1, Runtime.getRuntime().availableProcessors(), 8).filter(p -> p <= 8).distinct().sorted()
        .toArray();
  }

  /**
   * The commands the engine runs for {@code experiment} with this seed: a dry run in a directory of its own gives the
   * same assignments, so both sides launch the same argument strings.
   */
  private static List<List<String>> commands(Path directory, Experiment experiment, long seed) throws Exception {
    List<List<String>> commands = new ArrayList<>();
    try (LocalKatib katib = engine(directory.resolve("dry-run-" + run++), seed)) {
      Experiment done = katib.run(experiment, TIMEOUT);
      for (Trial trial : katib.trials(ExperimentRef.of(done))) {
        commands.add(List.of("/bin/echo", "loss=" + trial.spec().assignment("x").orElseThrow()));
      }
    }
    return commands;
  }

  /**
   * Wall time and JVM CPU time of {@code work}, and the machine's idle and total CPU time meanwhile (in
   * {@code /proc/stat} ticks; zero where it cannot be read).
   */
  private static long[] timed(Work work) throws Exception {
    long[] ticks = cpuTicks();
    long cpu = cpuNanos();
    long start = System.nanoTime();
    work.run();
    long wall = System.nanoTime() - start;
    long jvmCpu = cpuNanos() - cpu;
    long[] after = cpuTicks();
    return new long[] {wall, jvmCpu, after[0] - ticks[0], after[1] - ticks[1]};
  }

  /** Idle (idle and iowait) and total CPU ticks since boot, from the first line of {@code /proc/stat}. */
  private static long[] cpuTicks() {
    try {
      String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      // user, nice, system, idle, iowait, irq, softirq, steal; the guest fields after them are counted in user and nice
      for (int i = 1; i <= 8 && i < fields.length; i++) {
        total += Long.parseLong(fields[i]);
      }
      return new long[] {Long.parseLong(fields[4]) + Long.parseLong(fields[5]), total};
    } catch (Exception e) {
      return new long[] {0, 0};
    }
  }

  private interface Work {
    void run() throws Exception;
  }

  /**
   * Runs {@link #WARM_UP_TRIALS} process trials at the highest parallelism, then half as many one at a time, before
   * any is measured. Code that runs once per trial, a few hundred times a second, reaches the C2 compiler's thresholds
   * (5,000 to 15,000 calls) only after that many trials, and until then runs slower, profiled code while the compiler
   * takes CPU from the trials; a steady-state comparison waits for it. Some of the engine's code runs only one trial
   * at a time (setting up the next trial while the only one runs), hence the second part. The first round, in a JVM
   * that has run no trial yet, is printed as what a short run sees.
   */
  private static void warmUpProcessTrials(Path directory, int trials) throws Exception {
    int total = 0;
    for (int p = PARALLELISM.length - 1; p >= 0; p--) {
      int parallel = PARALLELISM[p];
      int warmUpTrials = p == PARALLELISM.length - 1 ? WARM_UP_TRIALS : WARM_UP_TRIALS / 2;
      int rounds = Math.max(2, (warmUpTrials + trials - 1) / trials);
      for (int round = 1; round <= rounds; round++) {
        long start = System.nanoTime();
        try (LocalKatib katib = engine(directory, round)) {
          katib.run(processExperiment("warm-up-" + run++, parallel, trials), TIMEOUT);
        }
        if (total == 0) {
          System.out.printf(Locale.ROOT, "  first round in this JVM, parallelTrialCount %d: engine %.2f ms/trial%n",
              parallel, (System.nanoTime() - start) / 1e6 / trials);
        }
        total += trials;
      }
    }
    List<List<String>> commands = new ArrayList<>();
    for (int i = 0; i < trials; i++) {
      commands.add(List.of("/bin/echo", "loss=0." + i));
    }
    launchAll(commands, PARALLELISM[PARALLELISM.length - 1],
        Files.createDirectories(directory.resolve("bare-warm-up")));
    System.out.printf(Locale.ROOT, "  warm-up: %,d engine trials and %,d bare launches%n", total, trials);
  }

  /**
   * What creating a folder and a file costs here now. Process trials create both; an ext4 file system without a
   * journal passes over every inode freed in the last minute (six while its inode table block is unwritten) when it
   * allocates one, which makes both several times dearer after many files were deleted, a previous run's clean-up
   * included. Printed before and after the process trials so that a run on such a file system shows it.
   */
  private static void fileSystemCosts(Path directory) throws Exception {
    // The first pass runs the JDK's file code for the first time in this JVM, slower than what trials later see.
    createFoldersAndFiles(directory.resolve("warm-up"));
    long[] costs = createFoldersAndFiles(directory);
    System.out.printf(Locale.ROOT, "  file system: a folder costs %.0f µs to create, a file %.0f µs (%s)%n",
        costs[0] / 1e3, costs[1] / 1e3, directory.getFileName());
  }

  /** Nanoseconds per folder and per file. */
  private static long[] createFoldersAndFiles(Path directory) throws Exception {
    int count = 500;
    Path folders = Files.createDirectories(directory.resolve("folders"));
    Path files = Files.createDirectories(directory.resolve("files"));
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      Files.createDirectory(folders.resolve("trial-" + i));
    }
    long made = System.nanoTime();
    for (int i = 0; i < count; i++) {
      Files.newOutputStream(files.resolve(i + ".log")).close();
    }
    long end = System.nanoTime();
    return new long[] {(made - start) / count, (end - made) / count};
  }

  /** An experiment whose trials run {@code /bin/echo loss=<x>}, so Katib's default StdOut filter reads the loss. */
  private static Experiment processExperiment(String name, int parallel, int trials) {
    return CommandExperiments.randomOverX(name, parallel, trials, "[/bin/echo]", "['loss=${trialParameters.x}']");
  }


  /** The peer: the same commands, {@code parallel} at a time, each with its output in a file of its own. */
  private static void launchAll(List<List<String>> commands, int parallel, Path logs) throws Exception {
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int i = 0; i < parallel; i++) {
        workers.add(pool.submit(() -> {
          for (int n = next.getAndIncrement(); n < commands.size(); n = next.getAndIncrement()) {
            File log = logs.resolve(n + ".log").toFile();
            Process process = new ProcessBuilder(commands.get(n)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
            if (process.waitFor() != 0) {
              throw new IllegalStateException(commands.get(n) + " failed");
            }
          }
          return null;
        }));
      }
      for (Future<?> worker : workers) {
        worker.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  /** CPU time of this JVM, every thread (the processes it starts are not counted), at the clock tick's precision. */
  private static long cpuNanos() {
    return ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
  }

  /** The least a trial function can be given: its assignment. */
  private static final class BareContext implements TrialContext {
    private final Assignment assignment;

    BareContext(Assignment assignment) {
      this.assignment = assignment;
    }

    @Override
    public String trialName() {
      return "bare";
    }

    @Override
    public ExperimentRef experiment() {
      return ExperimentRef.of("default", "bare");
    }

    @Override
    public Assignment assignment() {
      return assignment;
    }

    @Override
    public Path directory() {
      throw new UnsupportedOperationException();
    }

    @Override
    public Path checkpointDirectory() {
      throw new UnsupportedOperationException();
    }

    @Override
    public void report(long step, Map<String, ? extends Number> metrics) {
    }

    @Override
    public void report(String metric, double value) {
    }

    @Override
    public boolean isStopRequested() {
      return false;
    }
  }
}
