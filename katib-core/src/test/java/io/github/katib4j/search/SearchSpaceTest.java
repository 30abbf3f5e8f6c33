package io.github.katib4j.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.github.katib4j.KatibException;
import io.github.katib4j.KatibValidationException;
import io.github.katib4j.Problem;
import io.github.katib4j.experiment.Distribution;
import io.github.katib4j.experiment.FeasibleSpace;
import io.github.katib4j.experiment.Parameter;
import io.github.katib4j.experiment.ParameterAssignment;
import io.github.katib4j.experiment.ParameterType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchSpaceTest {
  private final SearchSpace space = SearchSpace.of(List.of(
      Parameter.doubleRange("lr", 0.001, 0.1).logUniform(),
      Parameter.intRange("layers", 1, 8),
      Parameter.categorical("optimizer", "sgd", "adam"),
      Parameter.builder().name("batch").parameterType(ParameterType.DISCRETE)
          .feasibleSpace(FeasibleSpace.builder().addList("16", "32.0", "64").build()).build(),
      Parameter.doubleRange("dropout", 0.1, 0.5).step(0.1)));

  /** An assignment of every parameter, from Katib's wire form. */
  private Assignment sample() {
    return space.assignment(List.of(
        ParameterAssignment.of("lr", "0.01"), ParameterAssignment.of("layers", "3"),
        ParameterAssignment.of("optimizer", "adam"), ParameterAssignment.of("batch", "32"),
        ParameterAssignment.of("dropout", "0.3")));
  }

  @Test
  void of_parameters_typesEachDimension() {
    assertThat(space.size()).isEqualTo(5);
    SearchParameter lr = space.parameter("lr");
    assertThat(lr.type()).isEqualTo(ParameterType.DOUBLE);
    assertThat(lr.distribution()).isEqualTo(Distribution.LOG_UNIFORM);
    assertThat(lr.isLog()).isTrue();
    assertThat(lr.min()).isEqualTo(0.001);
    assertThat(lr.max()).isEqualTo(0.1);
    assertThat(lr.step()).isEmpty();
    assertThat(lr.cardinality()).isEqualTo(-1);
    assertThat(space.parameter("layers").step()).hasValue(1);
    assertThat(space.parameter("layers").cardinality()).isEqualTo(8);
    assertThat(space.parameter("optimizer").values()).containsExactly("sgd", "adam");
    assertThat(space.parameter("dropout").cardinality()).isEqualTo(5);
  }

  @Test
  void assignment_wire_givesTypedValuesAndKeepsListText() {
    Assignment a = sample();

    assertThat(a.asDouble("lr")).isEqualTo(0.01);
    assertThat(a.asLong("layers")).isEqualTo(3);
    assertThat(a.get("layers").value()).isEqualTo(3L);
    assertThat(a.text("optimizer")).isEqualTo("adam");
    assertThat(a.get("optimizer").index()).hasValue(1);
    assertThat(a.asDouble("batch")).isEqualTo(32.0);
    assertThat(a.text("batch")).isEqualTo("32.0");
    assertThat(a.toWire()).extracting(ParameterAssignment::name)
        .containsExactly("lr", "layers", "optimizer", "batch", "dropout");
    assertThat(a.toMap()).containsEntry("batch", "32.0").containsEntry("layers", "3");
  }

  @Test
  void assignment_readAsTheWrongType_saysHowToReadIt() {
    Assignment a = sample();

    assertThatThrownBy(() -> a.asDouble("optimizer")).isInstanceOf(KatibException.class)
        .hasMessage("parameter optimizer is categorical (\"adam\"), not a number; read it as text: text(), or"
            + " stringValue(\"optimizer\") in a trial function");
    assertThatThrownBy(() -> a.asLong("dropout")).isInstanceOf(KatibException.class)
        .hasMessage("parameter dropout is 0.3, not a whole number; read it with asDouble(), or"
            + " doubleValue(\"dropout\") in a trial function");
  }

  @Test
  void gridPoint_decimalStep_readsAsWritten() {
    SearchParameter dropout = space.parameter("dropout");

    assertThat(dropout.gridPoint(2).text()).isEqualTo("0.3");
    assertThat(dropout.gridPoint(4).text()).isEqualTo("0.5");
    assertThat(space.parameter("layers").gridPoint(2).text()).isEqualTo("3");
    assertThat(space.parameter("layers").number(2.6).text()).isEqualTo("3");
    assertThat(space.parameter("batch").number(40).text()).isEqualTo("32.0");
  }

  @Test
  void cardinality_stepThatMissesMax_stopsBelowMax() {
    SearchParameter p = SearchSpace.of(List.of(Parameter.doubleRange("x", 0, 1).step(0.3))).parameter("x");

    assertThat(p.cardinality()).isEqualTo(4);
    assertThat(p.gridPoint(3).text()).isEqualTo("0.9");
  }

  @Test
  void cardinality_moreValuesThanALong_saturatesAndNearestStaysExact() {
    SearchParameter wide = SearchSpace.of(List.of(Parameter.intRange("n", -5_000_000_000_000_000_000L,
        5_000_000_000_000_000_000L).step(3))).parameter("n");

    assertThat(wide.cardinality()).isEqualTo(3_333_333_333_333_333_334L);
    assertThat(SearchSpace.of(List.of(Parameter.intRange("n", Long.MIN_VALUE, Long.MAX_VALUE))).parameter("n")
        .cardinality()).isEqualTo(Long.MAX_VALUE);
    assertThat(wide.nearest(5e18).text()).isEqualTo("4999999999999999999");
    assertThat(wide.nearest(-6e18).text()).isEqualTo("-5000000000000000000");
    assertThat(wide.nearest(1).text()).isEqualTo("1");
    assertThat(space.parameter("dropout").nearest(0.26).text()).isEqualTo("0.3");
    assertThat(space.parameter("lr").nearest(1).text()).isEqualTo("0.1");
  }

  @Test
  void of_intBoundBeyondALong_isALocalLimitation() {
    Parameter huge = Parameter.builder().name("n").parameterType(ParameterType.INT)
        .feasibleSpace(FeasibleSpace.builder().minText("0").maxText("1e30").build()).build();

    assertThatThrownBy(() -> SearchSpace.of(List.of(huge)))
        .isInstanceOfSatisfying(KatibValidationException.class, e -> assertThat(e.problems())
            .extracting(Problem::path, Problem::rule).containsExactly(tuple("spec.parameters[0].feasibleSpace",
                "K-local")))
        .hasMessageContaining("bound of 1000000000000000000000000000000, beyond the 64-bit integers");
  }

  @Test
  void assignment_missingOrUnknownOrForeignValue_isRejected() {
    assertThatThrownBy(() -> space.assignment(Map.of("lr", "0.01")))
        .isInstanceOf(KatibException.class).hasMessageContaining("no value for parameter layers");
    assertThatThrownBy(() -> space.assignment(Map.of("momentum", "0.9")))
        .isInstanceOf(KatibException.class).hasMessageContaining("parameter momentum");
    assertThatThrownBy(() -> space.parameter("optimizer").parse("rmsprop"))
        .isInstanceOf(KatibException.class).hasMessageContaining("not one of [sgd, adam]");
    assertThatThrownBy(() -> space.parameter("layers").parse("2.5"))
        .isInstanceOf(KatibException.class).hasMessageContaining("whole number");
  }

  @Test
  void of_brokenParameters_listsEveryProblemWithItsPath() {
    List<Parameter> parameters = List.of(
        Parameter.builder().name("a").parameterType(ParameterType.INT)
            .feasibleSpace(FeasibleSpace.builder().minText("1").build()).build(),
        Parameter.doubleRange("b", 2, 1),
        Parameter.categorical("c", List.of()),
        Parameter.builder().name("d").build(),
        Parameter.doubleRange("b", 0, 1),
        Parameter.builder().name("e").parameterType(ParameterType.INT)
            .feasibleSpace(FeasibleSpace.builder().minText("0").maxText("1.5").build()).build(),
        Parameter.doubleRange("f", 0, 1).step(-1));

    assertThatThrownBy(() -> SearchSpace.of(parameters))
        .isInstanceOfSatisfying(KatibValidationException.class, e -> assertThat(e.problems())
            .extracting(Problem::path, Problem::rule)
            .containsExactly(
                tuple("spec.parameters[0].feasibleSpace.max", "P6"),
                tuple("spec.parameters[1].feasibleSpace.max", "K-min-max"),
                tuple("spec.parameters[2].feasibleSpace.list", "K-list"),
                tuple("spec.parameters[3].parameterType", "P3"),
                tuple("spec.parameters[4].name", "K-duplicate-parameter"),
                tuple("spec.parameters[5].feasibleSpace", "K-int"),
                tuple("spec.parameters[6].feasibleSpace.step", "K-step")))
        .hasMessageContaining("needs min <= max, but got (min=2, max=1)");
  }
}
