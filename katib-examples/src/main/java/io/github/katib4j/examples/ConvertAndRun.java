package io.github.katib4j.examples;

import io.github.katib4j.ExperimentRef;
import io.github.katib4j.codec.V1alpha3Conversion;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.local.LocalKatib;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Converts an old Katib v1alpha3 experiment to v1beta1 and runs it on this machine: example 5 of katib-examples.
 * Run it with {@code java -cp katib-examples/target/katib.jar io.github.katib4j.examples.ConvertAndRun} from the
 * repository root.
 */
public final class ConvertAndRun {
  private ConvertAndRun() {}

  /** Converts {@code file} and runs it under {@code runs}; returns the finished experiment. */
  public static Experiment run(Path file, Path runs) {
    // readme:convert {
    V1alpha3Conversion conversion = V1alpha3Conversion.convert(file);
    conversion.notes().forEach(note -> System.out.println("note: " + note));
    Experiment converted = conversion.experiment();   // v1beta1; flag names such as --lr became lr

    try (LocalKatib katib = LocalKatib.builder().directory(runs)
        .baseDirectory(file.toAbsolutePath().getParent())   // the template's relative paths start here
        .build()) {
      Experiment done = katib.run(converted, Duration.ofMinutes(10));
      System.out.println(done.status().orElseThrow().optimalTrial().orElseThrow().parameterAssignments());
      // }
      return done;
    }
  }

  /** Arguments: the v1alpha3 file and where experiments live (default: the project's example, katib-runs). */
  public static void main(String[] args) {
    Path file = Path.of(args.length > 0 ? args[0] : "katib-examples/v1alpha3/experiment.yaml");
    Path runs = Path.of(args.length > 1 ? args[1] : "katib-runs");
    ExampleRuns.deleteEarlier(runs, ExperimentRef.of(V1alpha3Conversion.convert(file).experiment()));
    run(file, runs);
  }
}
