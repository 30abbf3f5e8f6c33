package io.github.katib4j.k8s.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.Parameter;
import io.github.katib4j.k8s.ContractExperiments;
import io.github.katib4j.testing.KatibContract.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StatusSizeTest {
  /** Reference A3.1's case: a 40-character name and 4 double parameters. */
  private static Experiment fortyCharactersFourDoubles() {
    Experiment base = ContractExperiments.random("a".repeat(40), "team-a", Outcome.SUCCEED);
    return base.withSpec(base.spec().withParameters(List.of(Parameter.doubleRange("lr", 0.0001, 0.1),
        Parameter.doubleRange("momentum", 0.5, 0.99), Parameter.doubleRange("dropout", 0.1, 0.5),
        Parameter.doubleRange("decay", 0.00001, 0.01))));
  }

  /** Serialises the Suggestion status Katib would write after {@code trials} trials of {@code experiment}. */
  private static int actualSuggestionStatusBytes(Experiment experiment, int trials) {
    Random random = new Random(7);
    JsonArray suggestions = new JsonArray();
    for (int i = 0; i < trials; i++) {
      JsonObject entry = new JsonObject();
      entry.addProperty("name", experiment.name() + "-" + String.format(Locale.ROOT, "%08d", i));
      JsonArray assignments = new JsonArray();
      for (Parameter parameter : experiment.spec().parameters()) {
        JsonObject assignment = new JsonObject();
        assignment.addProperty("name", parameter.name());
        // Python's repr of a float: up to 17 significant digits.
        assignment.addProperty("value", Double.toString(random.nextDouble() * 0.1));
        assignments.add(assignment);
      }
      entry.add("parameterAssignments", assignments);
      suggestions.add(entry);
    }
    JsonObject status = new JsonObject();
    status.addProperty("suggestionCount", trials);
    status.add("suggestions", suggestions);
    return status.toString().getBytes(StandardCharsets.UTF_8).length;
  }

  @Test
  void suggestionBytesPerTrial_matchesWhatKatibWouldSerialise() {
    Experiment experiment = fortyCharactersFourDoubles();
    StatusSize size = StatusSize.of(experiment);

    double actualPerTrial = (actualSuggestionStatusBytes(experiment, 2000) - actualSuggestionStatusBytes(experiment,
        1000)) / 1000.0;

    // The projection uses the longest value form, so it may be a little above what random values give.
    assertThat((double) size.suggestionBytesPerTrial()).isCloseTo(actualPerTrial, within(actualPerTrial * 0.12));
    assertThat(size.suggestionBytesPerTrial()).isBetween(270L, 310L);
  }

  @Test
  void trialsWithin_etcdsLimit_isNearReferenceA31sFigure() {
    long fits = StatusSize.of(fortyCharactersFourDoubles()).trialsWithin(3L * 512 * 1024);

    // Reference A3.1: 1.5 MiB is reached near 5,400 trials with 4 parameters; these parameter names are a little
    // shorter than its, so a few more fit.
    assertThat(fits).isBetween(5000L, 6000L);
  }

  @Test
  void categoricalValues_countWithTheirLongestValue() {
    Experiment base = ContractExperiments.random("short", "team-a", Outcome.SUCCEED);
    Experiment small = base.withSpec(base.spec().withParameters(List.of(Parameter.categorical("opt", "a", "b"))));
    Experiment large = base.withSpec(base.spec().withParameters(List.of(Parameter.categorical("opt", "a",
        "x".repeat(100)))));

    assertThat(StatusSize.of(large).suggestionBytesPerTrial() - StatusSize.of(small).suggestionBytesPerTrial())
        .isEqualTo(99);
  }
}
