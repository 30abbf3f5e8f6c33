package io.github.katib4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.katib4j.codec.KatibCodec;
import io.github.katib4j.experiment.Algorithm;
import io.github.katib4j.experiment.AlgorithmSetting;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.FeasibleSpace;
import io.github.katib4j.experiment.HttpHeader;
import io.github.katib4j.experiment.KatibObject;
import io.github.katib4j.experiment.MetricStrategy;
import io.github.katib4j.experiment.ObjectMeta;
import io.github.katib4j.experiment.Objective;
import io.github.katib4j.experiment.Parameter;
import io.github.katib4j.experiment.ParameterAssignment;
import io.github.katib4j.experiment.Unstructured;
import io.github.katib4j.local.LocalKatib;
import io.github.katib4j.search.Proposal;
import io.github.katib4j.search.Suggesters;
import io.github.katib4j.search.TrialRecord;
import io.github.katib4j.template.Container;
import io.github.katib4j.template.ContainerPort;
import io.github.katib4j.template.EnvVar;
import io.github.katib4j.template.Replica;
import io.github.katib4j.template.TrialTemplates;
import io.github.katib4j.template.VolumeMount;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What KatibException's javadoc promises: everything katib4j throws is a KatibException, except a null argument,
 * which throws NullPointerException naming the parameter, as Objects.requireNonNull does.
 */
class ThrownExceptionsTest {
  @TempDir
  Path dir;

  @Test
  void builders_withRequiredAttributesUnset_throwValidationExceptionsNamingThemAndTheirSetters() {
    List<Supplier<Object>> builds = List.of(() -> ParameterAssignment.builder().build(),
        () -> AlgorithmSetting.builder().build(), () -> HttpHeader.builder().build(),
        () -> MetricStrategy.builder().build(), () -> Proposal.builder().build(), () -> TrialRecord.builder().build(),
        () -> ContainerPort.builder().build(), () -> EnvVar.builder().build(), () -> Replica.builder().build(),
        () -> VolumeMount.builder().build());
    for (Supplier<Object> build : builds) {
      assertThatThrownBy(build::get).isInstanceOf(KatibValidationException.class).hasMessageContaining(" needs ")
          .hasMessageEndingWith(" before build()");
    }

    assertThatThrownBy(() -> ParameterAssignment.builder().build())
        .isInstanceOfSatisfying(KatibValidationException.class, e -> assertThat(e.problems()).containsExactly(
            Problem.of("name", "schema", "is required; set it with .name(...)"),
            Problem.of("value", "schema", "is required; set it with .value(...)")))
        .hasMessage("ParameterAssignment needs name, value; set them on its builder with .name(...), .value(...)"
            + " before build()");
    assertThatThrownBy(() -> ParameterAssignment.builder().name("lr").build())
        .hasMessage("ParameterAssignment needs value; set it on its builder with .value(...) before build()");
  }

  @Test
  void numbersKatibCannotWrite_throwKatibExceptionsNamingTheValue() {
    assertThatThrownBy(() -> Parameter.doubleRange("x", Double.NaN, 1)).isExactlyInstanceOf(KatibException.class)
        .hasMessage("the min of parameter \"x\" is NaN, which Katib cannot represent: it keeps numbers as decimal"
            + " text, which has no NaN or infinity; use a finite number");
    assertThatThrownBy(() -> Parameter.doubleRange("x", 0, Double.POSITIVE_INFINITY))
        .isExactlyInstanceOf(KatibException.class).hasMessageStartingWith("the max of parameter \"x\" is Infinity");
    assertThatThrownBy(() -> Parameter.discrete("x", 1, Double.NaN)).isExactlyInstanceOf(KatibException.class)
        .hasMessageStartingWith("a value of parameter \"x\" is NaN");
    assertThatThrownBy(() -> FeasibleSpace.builder().step(Double.NaN)).isExactlyInstanceOf(KatibException.class)
        .hasMessageStartingWith("feasibleSpace.step is NaN");
    assertThatThrownBy(() -> Algorithm.hyperband("epochs", Double.NaN)).isExactlyInstanceOf(KatibException.class)
        .hasMessageStartingWith("hyperband's r_l is NaN");
  }

  @Test
  void suggesterAskedForANegativeCount_throwsAKatibException() {
    Experiment experiment = Experiment.builder().name("s").objective(Objective.minimize("loss"))
        .algorithm(Algorithm.random()).parameters(Parameter.doubleRange("x", 0, 1)).build();

    assertThatThrownBy(() -> Suggesters.create(experiment.spec(), 1).ask(-1)).isExactlyInstanceOf(KatibException.class)
        .hasMessage("ask(count) takes how many proposals are wanted, 0 or more; got -1");
  }

  /** A KatibObject katib4j does not know. */
  static final class Foreign implements KatibObject {
    @Override
    public String kind() {
      return "Foreign";
    }

    @Override
    public ObjectMeta metadata() {
      return ObjectMeta.builder().build();
    }
  }

  @Test
  void codecAndUnstructured_givenWhatTheyCannotWrite_throwKatibExceptions() {
    KatibCodec codec = KatibCodec.create();

    assertThatThrownBy(() -> codec.toJsonObject(new Foreign())).isExactlyInstanceOf(KatibException.class)
        .hasMessage("KatibCodec writes Experiments, Trials and Suggestions; got a "
            + Foreign.class.getName() + ", which is none of them");
    assertThatThrownBy(() -> codec.read("{}", "text", Foreign.class)).isExactlyInstanceOf(KatibException.class)
        .hasMessageContaining("which is none of them");
    assertThatThrownBy(() -> Unstructured.of(Map.of("a", Map.of("b", new Object()))))
        .isExactlyInstanceOf(KatibException.class)
        .hasMessageStartingWith("cannot represent a java.lang.Object in JSON");
    assertThatThrownBy(() -> TrialTemplates.job(Container.of("train", "image")).specField("x", new Object()))
        .isExactlyInstanceOf(KatibException.class)
        .hasMessageStartingWith("spec.x: cannot represent a java.lang.Object");
  }

  @Test
  void nullArguments_throwNullPointerExceptionsNamingTheParameter_beforeAnythingHappens() throws Exception {
    Experiment experiment = Experiment.builder().name("n").objective(Objective.minimize("loss"))
        .algorithm(Algorithm.random()).parameters(Parameter.doubleRange("x", 0, 1)).maxTrialCount(1)
        .parallelTrialCount(1).build();
    ExperimentRef ref = ExperimentRef.of("default", "n");

    assertNull(() -> ExperimentRef.of((Experiment) null), "experiment");
    assertNull(() -> Unstructured.parse(null), "jsonOrYaml");
    assertNull(() -> LocalKatib.builder().notes((PrintStream) null), "notes");
    assertNull(() -> LocalKatib.builder().notes((PrintWriter) null), "notes");
    assertNull(() -> Parameter.categorical("x", (String[]) null), "values");
    assertNull(() -> Experiment.builder().metadata(null), "metadata");
    assertNull(() -> Experiment.builder().parameters((Parameter[]) null), "parameters");
    try (LocalKatib katib = LocalKatib.builder().directory(dir).build()) {
      assertNull(() -> katib.run(experiment, trial -> Map.of("loss", 1.0), null), "timeout");
      assertThat(Files.exists(dir.resolve("default").resolve("n"))).as("nothing was created").isFalse();
      katib.create(experiment, trial -> Map.of("loss", 1.0));
      assertNull(() -> katib.awaitCompletion(ref, null), "timeout");
      assertNull(() -> katib.awaitTrials(ref, null), "timeout");
      assertNull(() -> katib.awaitOptimalTrial(ref, null), "timeout");
      assertNull(() -> katib.awaitCompletion(null, Duration.ofSeconds(1)), "ref");
      assertNull(() -> katib.editBudget(ref, null), "budget");
      assertNull(() -> katib.create(null), "experiment");
      katib.awaitCompletion(ref, Duration.ofSeconds(60));
    }
  }

  private static void assertNull(ThrowingCallable call, String parameter) {
    assertThatThrownBy(call).isExactlyInstanceOf(NullPointerException.class).hasMessage(parameter);
  }
}
