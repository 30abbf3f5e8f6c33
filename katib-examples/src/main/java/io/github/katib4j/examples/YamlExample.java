package io.github.katib4j.examples;

import io.github.katib4j.codec.KatibCodec;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.validation.ExperimentDefaults;
import io.github.katib4j.validation.ExperimentValidator;
import io.github.katib4j.validation.ValidationResult;
import java.nio.file.Path;

/** Reads an experiment from Katib's YAML, checks it as Katib would and shows what Katib would store. */
public final class YamlExample {
  private YamlExample() {}

  /** The defaulted experiment read from {@code file}, after printing its problems. */
  public static Experiment show(Path file) {
    // readme:yaml {
    KatibCodec codec = KatibCodec.create();
    Experiment experiment = codec.readExperiment(file);   // KatibParseException: path, line and column

    ValidationResult result = ExperimentValidator.create().validate(experiment);   // as a cluster's webhooks would
    result.problems().forEach(System.out::println);

    Experiment stored = ExperimentDefaults.apply(experiment);   // what Katib's mutating webhook would store
    System.out.print(codec.toYaml(stored));
    // }
    return stored;
  }

  public static void main(String[] args) {
    show(Path.of(args.length > 0 ? args[0] : "katib-examples/quickstart/experiment.yaml"));
  }
}
