package io.github.katib4j.search;

import static io.github.katib4j.search.Searches.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.katib4j.experiment.Parameter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class RandomSuggesterTest {
  private static final int N = 4000;

  private static double[] draws(Parameter parameter, ToDoubleFunction<ParameterValue> as) {
    Suggester random = Suggesters.create(spec("random", parameter), 11);
    return random.ask(N).stream().mapToDouble(p -> as.applyAsDouble(p.assignment().get(parameter.name()))).toArray();
  }

  private static List<Double> boxed(double[] xs) {
    return Arrays.stream(xs).boxed().toList();
  }

  private static double mean(double[] xs) {
    double sum = 0;
    for (double x : xs) {
      sum += x;
    }
    return sum / xs.length;
  }

  private static double sd(double[] xs) {
    double m = mean(xs);
    double sum = 0;
    for (double x : xs) {
      sum += (x - m) * (x - m);
    }
    return Math.sqrt(sum / (xs.length - 1));
  }

  @Test
  void ask_uniformDouble_fillsTheRangeEvenly() {
    double[] xs = draws(Parameter.doubleRange("x", -2, 6), ParameterValue::asDouble);

    assertThat(boxed(xs)).allSatisfy(x -> assertThat(x).isBetween(-2.0, 6.0));
    assertThat(mean(xs)).isCloseTo(2.0, within(0.15));
    assertThat(sd(xs)).isCloseTo(8 / Math.sqrt(12), within(0.1));
  }

  @Test
  void ask_logUniform_isUniformInTheLogarithm() {
    double[] xs = draws(Parameter.doubleRange("lr", 1e-5, 1e-1).logUniform(), v -> Math.log10(v.asDouble()));

    assertThat(boxed(xs)).allSatisfy(x -> assertThat(x).isBetween(-5.0, -1.0));
    assertThat(mean(xs)).isCloseTo(-3.0, within(0.08));
    assertThat(sd(xs)).isCloseTo(4 / Math.sqrt(12), within(0.05));
  }

  @Test
  void ask_normal_centresOnTheMiddleWithASixthOfTheRange() {
    double[] xs = draws(Parameter.doubleRange("x", 0, 60).normal(), ParameterValue::asDouble);

    assertThat(boxed(xs)).allSatisfy(x -> assertThat(x).isBetween(0.0, 60.0));
    assertThat(mean(xs)).isCloseTo(30.0, within(0.5));
    // Truncation at three deviations trims the deviation by about 1.4 %.
    assertThat(sd(xs)).isCloseTo(10 * 0.986, within(0.4));
  }

  @Test
  void ask_logNormal_isNormalInTheLogarithm() {
    double[] xs = draws(Parameter.doubleRange("x", 1, Math.exp(6)).logNormal(), v -> Math.log(v.asDouble()));

    assertThat(mean(xs)).isCloseTo(3.0, within(0.06));
    assertThat(sd(xs)).isCloseTo(0.986, within(0.05));
  }

  @Test
  void ask_stepAndInt_stayOnTheGridWithEqualChances() {
    Parameter stepped = Parameter.doubleRange("x", 0.1, 0.5).step(0.1);
    Suggester random = Suggesters.create(spec("random", stepped, Parameter.intRange("n", -2, 2)), 3);
    Map<String, Integer> counts = new HashMap<>();
    Map<Long, Integer> ints = new HashMap<>();

    for (Proposal p : random.ask(N)) {
      counts.merge(p.assignment().text("x"), 1, Integer::sum);
      ints.merge(p.assignment().asLong("n"), 1, Integer::sum);
    }

    assertThat(counts).containsOnlyKeys("0.1", "0.2", "0.3", "0.4", "0.5");
    assertThat(counts.values()).allSatisfy(c -> assertThat(c).isBetween(700, 900));
    assertThat(ints).containsOnlyKeys(-2L, -1L, 0L, 1L, 2L);
    assertThat(ints.values()).allSatisfy(c -> assertThat(c).isBetween(700, 900));
  }

  @Test
  void ask_logUniformInt_truncatesLikeKatib() {
    double[] xs = draws(Parameter.intRange("units", 1, 1000).logUniform(), ParameterValue::asDouble);

    assertThat(boxed(xs)).allSatisfy(x -> assertThat(x).isBetween(1.0, 1000.0).isEqualTo(Math.rint(x)));
    long belowTen = Arrays.stream(xs).filter(x -> x < 10).count();
    assertThat(belowTen / (double) N).isCloseTo(1 / 3.0, within(0.03));
  }

  @Test
  void ask_steppedLogUniform_staysOnTheStepGrid() {
    double[] xs = draws(Parameter.doubleRange("x", 0.01, 1).step(0.01).logUniform(), ParameterValue::asDouble);

    assertThat(boxed(xs)).allSatisfy(x -> assertThat(Math.abs(x * 100 - Math.rint(x * 100))).isLessThan(1e-9));
    assertThat(Arrays.stream(xs).filter(x -> x <= 0.1).count() / (double) N).isCloseTo(0.5, within(0.05));
  }

  @Test
  void ask_lists_drawEveryItem() {
    Suggester random = Suggesters.create(spec("random", Parameter.categorical("c", "a", "b", "c"),
        Parameter.discrete("d", 1, 2.5)), 3);

    List<Proposal> proposals = random.ask(300);

    assertThat(proposals).extracting(p -> p.assignment().text("c")).contains("a", "b", "c");
    assertThat(proposals).extracting(p -> p.assignment().text("d")).containsOnly("1", "2.5");
  }
}
