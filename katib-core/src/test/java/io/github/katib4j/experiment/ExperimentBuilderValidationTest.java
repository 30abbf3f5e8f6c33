package io.github.katib4j.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.katib4j.KatibValidationException;
import io.github.katib4j.Problem;
import io.github.katib4j.validation.ExperimentValidator;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExperimentBuilderValidationTest {
  private static TrialTemplate template(String... trialParameters) {
    TrialTemplate.Builder b = TrialTemplate.builder().primaryContainerName("train")
        .trialSpec(Unstructured.of(Map.of("apiVersion", "batch/v1", "kind", "Job", "spec", Map.of("template",
            Map.of("spec", Map.of("restartPolicy", "Never", "containers", java.util.List.of(Map.of("name", "train",
                "image", "example.com/t:1", "command", java.util.List.of("train", "--lr=${trialParameters.lr}",
                    "--momentum=${trialParameters.momentum}")))))))));
    for (String name : trialParameters) {
      b.addTrialParameter(TrialParameter.of(name, name));
    }
    return b.build();
  }

  @Test
  void build_withoutAName_saysTheExperimentHasNoNameYet_notAStar() {
    assertThatThrownBy(() -> Experiment.builder().build()).isInstanceOf(KatibValidationException.class)
        .hasMessageStartingWith("The experiment (no name yet) has ");
    assertThatThrownBy(() -> Experiment.builder().generateName("tune-").build())
        .hasMessageStartingWith("Experiment \"tune-*\" has ");
  }

  @Test
  void build_wellFormedExperiment_isAccepted() {
    Experiment experiment = Experiment.builder()
        .name("random").namespace("kubeflow")
        .objective(Objective.minimize("loss").goal(0.001))
        .algorithm(Algorithm.random())
        .parameters(Parameter.doubleRange("lr", 0.01, 0.05), Parameter.doubleRange("momentum", 0.5, 0.9))
        .trialTemplate(template("lr", "momentum"))
        .parallelTrialCount(3).maxTrialCount(12).maxFailedTrialCount(3)
        .build();
    assertThat(experiment.name()).isEqualTo("random");
  }

  @Test
  void build_withoutTrialTemplate_isValidForFunctionTrials_butNotForACluster() {
    Experiment experiment = Experiment.builder()
        .name("function").objective(Objective.minimize("loss")).algorithm(Algorithm.random())
        .parameters(Parameter.doubleRange("lr", 0.01, 0.05))
        .parallelTrialCount(1).maxTrialCount(2)
        .build();

    assertThat(ExperimentValidator.forLocalFunctionRuns().validate(experiment).isValid()).isTrue();
    assertThat(ExperimentValidator.create().validate(experiment).byRule("T1")).singleElement()
        .satisfies(p -> assertThat(p.path()).isEqualTo("spec.trialTemplate"));
    assertThat(ExperimentValidator.forLocalRuns().validate(experiment).byRule("T1")).hasSize(1);
  }

  @Test
  void functionRuns_ignoreATemplateTheyDoNotUse() {
    Experiment experiment = Experiment.builder()
        .name("function").objective(Objective.minimize("loss")).algorithm(Algorithm.random())
        .parameters(Parameter.doubleRange("lr", 0.01, 0.05), Parameter.doubleRange("momentum", 0.5, 0.9))
        .trialTemplate(template("lr", "momentum"))
        .parallelTrialCount(1).maxTrialCount(2)
        .build();
    Experiment brokenTemplate = experiment.withSpec(experiment.spec().withTrialTemplate(
        experiment.spec().trialTemplate().orElseThrow().withPrimaryContainerName("")));

    assertThat(ExperimentValidator.forLocalFunctionRuns().validate(brokenTemplate).isValid()).isTrue();
    assertThat(ExperimentValidator.forLocalRuns().validate(brokenTemplate).byRule("T2")).hasSize(1);
  }

  @Test
  void build_withSeveralProblems_listsThemAllWithPaths() {
    assertThatThrownBy(() -> Experiment.builder()
        .name("Random").namespace("kubeflow")
        .objective(Objective.minimize("loss"))
        .algorithm(Algorithm.cmaes())
        .parameters(Parameter.doubleRange("lr", 0.01, 0.05), Parameter.doubleRange("momentum", 0.5, 0.9))
        .trialTemplate(template("lr"))
        .maxTrialCount(2)
        .build())
        .isInstanceOf(KatibValidationException.class)
        .hasMessageContaining("Experiment \"kubeflow/Random\" has 4 problems")
        .satisfies(e -> assertThat(((KatibValidationException) e).problems()).extracting(Problem::path)
            .containsExactly("metadata.name", "spec.parameters[1]", "spec.trialTemplate", "spec.parallelTrialCount"))
        .satisfies(e -> assertThat(((KatibValidationException) e).problems()).extracting(Problem::rule)
            .containsExactly("V1", "K-unreferenced-parameter", "T13", "V6"));
  }
}
