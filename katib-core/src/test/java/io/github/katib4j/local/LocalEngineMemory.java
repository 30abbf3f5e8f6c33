package io.github.katib4j.local;

import io.github.katib4j.experiment.*;
import java.nio.file.*;
import java.time.Duration;
import java.util.Map;

/**
 * Heap retained after GC by a finished experiment of N trivial function trials while its engine stays open (an engine
 * keeps every trial for its lifetime); docs/benchmarks.md gives the command and the figures. Arguments: trials,
 * algorithm (random), milliseconds to wait before closing (time for {@code jcmd PID GC.class_histogram}).
 */
public final class LocalEngineMemory {
  private LocalEngineMemory() {}

  public static void main(String[] a) throws Exception {
    int n = Integer.parseInt(a[0]);
    String algorithm = a.length > 1 ? a[1] : "random";
    Path dir = Files.createTempDirectory("katib-mem");
    try (LocalKatib k = LocalKatib.builder().directory(dir).build()) {
      Experiment e = Experiment.builder().name("mem").objective(Objective.maximize("acc"))
          .algorithm(Algorithm.named(algorithm)).parameters(Parameter.doubleRange("x", 0, 1))
          .parallelTrialCount(8).maxTrialCount(n).build();
      k.run(e, t -> Map.of("acc", t.doubleValue("x")), Duration.ofMinutes(10));
      for (int i = 0; i < 3; i++) { System.gc(); Thread.sleep(200); }
      long used = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
      System.out.printf("%s trials=%d heapUsedAfterGc=%.1fMB pid=%d%n", algorithm, n, used / 1e6, ProcessHandle.current().pid());
      if (a.length > 2) Thread.sleep(Long.parseLong(a[2]));
    }
  }
}
