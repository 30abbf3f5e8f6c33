package io.github.katib4j.internal.local;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Names trials as Katib does, {@code <experiment>-<8 characters>} from Kubernetes' {@code utilrand} alphabet, but
 * deterministically from the seed and the trial's number, so a resumed run names new trials as the uninterrupted run
 * would have.
 */
final class TrialNames {
  private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  private final String experiment;
  private final long seed;
  private final Set<String> used = new HashSet<>();

  TrialNames(String experiment, long seed) {
    this.experiment = experiment;
    this.seed = seed;
  }

  /** Marks a name as taken (a trial read back from the journal). */
  void taken(String name) {
    used.add(name);
  }

  /** The name of trial number {@code index}. */
  String next(int index) {
    String name = peek(index);
    used.add(name);
    return name;
  }

  /** The name {@link #next} will give trial number {@code index}, not taken yet. */
  String peek(int index) {
    SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
    while (true) {
      StringBuilder name = new StringBuilder(experiment).append('-');
      for (int i = 0; i < 8; i++) {
        name.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
      }
      if (!used.contains(name.toString())) {
        return name.toString();
      }
    }
  }
}
