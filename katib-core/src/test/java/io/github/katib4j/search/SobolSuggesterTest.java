package io.github.katib4j.search;

import static io.github.katib4j.search.Searches.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.katib4j.experiment.Parameter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SobolSuggesterTest {
  @Test
  void ask_firstPowerOfTwoPoints_putOnePointInEachSliceOfEveryDimension() {
    Parameter[] cube = new Parameter[6];
    for (int i = 0; i < cube.length; i++) {
      cube[i] = Parameter.doubleRange("x" + i, 0, 1);
    }
    Suggester sobol = Suggesters.create(spec("sobol", cube), 3);

    List<Proposal> points = sobol.ask(64);

    for (int d = 0; d < cube.length; d++) {
      boolean[] hit = new boolean[64];
      for (Proposal p : points) {
        hit[(int) (p.assignment().asDouble("x" + d) * 64)] = true;
      }
      assertThat(hit).as("dimension %d", d).containsOnly(true);
    }
  }

  @Test
  void ask_sameSeed_repeatsAndOtherSeed_scramblesDifferently() {
    Parameter[] space = {Parameter.doubleRange("a", -1, 1), Parameter.intRange("b", 0, 9)};

    List<Proposal> first = Suggesters.create(spec("sobol", space), 1).ask(16);

    assertThat(Suggesters.create(spec("sobol", space), 1).ask(16)).isEqualTo(first);
    assertThat(Suggesters.create(spec("sobol", space), 2).ask(16)).isNotEqualTo(first);
    assertThat(first).extracting(p -> p.assignment().asLong("b")).containsOnly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L,
        8L, 9L);
  }

  @Test
  void ask_logUniform_spreadsEvenlyOverDecades() {
    Suggester sobol = Suggesters.create(spec("sobol", Parameter.doubleRange("lr", 1e-6, 1).logUniform()), 9);

    double[] logs = sobol.ask(256).stream().mapToDouble(p -> Math.log10(p.assignment().asDouble("lr"))).toArray();

    int[] perDecade = new int[6];
    for (double x : logs) {
      perDecade[(int) Math.min(5, Math.floor(-x))]++;
    }
    assertThat(Arrays.stream(perDecade).boxed().toList()).allSatisfy(c -> assertThat(c).isBetween(40, 46));
    assertThat(Arrays.stream(logs).average().orElseThrow()).isCloseTo(-3, within(0.02));
  }

  @Test
  void ask_listsAndSteps_stayInTheirValues() {
    Suggester sobol = Suggesters.create(spec("sobol", Parameter.categorical("c", "x", "y", "z"),
        Parameter.doubleRange("d", 0, 1).step(0.25)), 4);

    List<Proposal> points = sobol.ask(24);

    assertThat(points).extracting(p -> p.assignment().text("c")).containsOnly("x", "y", "z");
    assertThat(points).extracting(p -> p.assignment().text("d")).containsOnly("0", "0.25", "0.5", "0.75", "1");
  }
}
