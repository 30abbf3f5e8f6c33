package io.github.katib4j.examples;

import io.github.katib4j.ExperimentRef;
import io.github.katib4j.local.LocalKatib;
import java.nio.file.Path;

/** What the examples' main methods share. */
final class ExampleRuns {
  private ExampleRuns() {}

  /**
   * Deletes experiment {@code ref} from {@code runs} if an earlier run of the example left it there, so that running
   * an example again starts it again instead of failing because the experiment exists.
   */
  static void deleteEarlier(Path runs, ExperimentRef ref) {
    try (LocalKatib katib = LocalKatib.builder().directory(runs).build()) {
      if (katib.find(ref).isPresent()) {
        katib.delete(ref);
      }
    }
  }
}
