package io.github.katib4j.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.github.katib4j.KatibException;
import io.github.katib4j.experiment.Algorithm;
import io.github.katib4j.experiment.CollectorKind;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.FileFormat;
import io.github.katib4j.experiment.FileSystemKind;
import io.github.katib4j.experiment.MetricStrategyType;
import io.github.katib4j.experiment.MetricsCollector;
import io.github.katib4j.experiment.MetricsSource;
import io.github.katib4j.experiment.Objective;
import io.github.katib4j.experiment.Parameter;
import io.github.katib4j.experiment.TrialParameter;
import io.github.katib4j.experiment.TrialTemplate;
import io.github.katib4j.validation.ExperimentDefaults;
import io.github.katib4j.validation.ExperimentValidator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CommandTrialTest {
  private static final List<Parameter> SPACE = List.of(
      Parameter.doubleRange("optimizer.lr", 0.001, 0.1).logUniform(),
      Parameter.intRange("layers", 1, 4),
      Parameter.categorical("act{fn}", "relu", "gelu"));

  private static Experiment experiment(CommandTrial trial) {
    return Experiment.builder()
        .name("train-cli").namespace("kubeflow")
        .objective(Objective.minimize("loss"))
        .algorithm(Algorithm.random())
        .parameters(SPACE)
        .trialTemplate(trial.template(SPACE))
        .metricsCollector(trial.metricsCollector())
        .maxTrialCount(12).parallelTrialCount(3)
        .build();
  }

  @Test
  void template_appendsOneFlagPerParameterKeepingTheOriginalName() {
    TrialTemplate template = CommandTrial.of("ghcr.io/acme/train:1.0", "python3", "train.py").template(SPACE);

    Container container = TrialWorkload.of(template.trialSpec().orElseThrow(), template.primaryContainerName())
        .primaryContainer().orElseThrow();
    assertThat(container.command()).containsExactly("python3", "train.py");
    assertThat(container.args()).containsExactly("--optimizer.lr=${trialParameters.optimizer_lr}",
        "--layers=${trialParameters.layers}", "--act{fn}=${trialParameters.act_fn_}");
    assertThat(template.trialParameters()).extracting(TrialParameter::name, TrialParameter::reference)
        .containsExactly(
            tuple("optimizer_lr", "optimizer.lr"),
            tuple("layers", "layers"),
            tuple("act_fn_", "act{fn}"),
            tuple("katibTrialName", "${trialSpec.Name}"),
            tuple("katibNamespace", "${trialSpec.Namespace}"));
    assertThat(template.primaryContainerName()).isEqualTo("training-container");
    assertThat(template.successCondition()).isEqualTo(TrialKind.JOB.successCondition());
    assertThat(template.trialSpec().orElseThrow().toJson())
        .contains("\"backoffLimit\":0", "\"restartPolicy\":\"Never\"");
  }

  @Test
  void render_ofTheExperiment_passesEveryCheckAndGivesTheFlagsAndIdentity() {
    Experiment experiment = experiment(CommandTrial.of("ghcr.io/acme/train:1.0", "python3", "train.py"));

    RenderedTrial trial = TrialTemplateRenderer.create().render(experiment, "train-cli-x7k2m9qd",
        Map.of("optimizer.lr", "0.01", "layers", "2", "act{fn}", "gelu"));

    assertThat(trial.workload().primaryContainer().orElseThrow().commandLine()).containsExactly("python3",
        "train.py", "--optimizer.lr=0.01", "--layers=2", "--act{fn}=gelu");
    assertThat(trial.environment()).containsEntry("KATIB_TRIAL_NAME", "train-cli-x7k2m9qd")
        .containsEntry("KATIB_NAMESPACE", "kubeflow")
        .containsEntry("KATIB_EXPERIMENT_NAME", "train-cli");
    assertThat(trial.isCorrupted()).isFalse();
  }

  @Test
  void experiment_passesKatibsClusterValidationAndRendersWithItsDefaults() {
    Experiment experiment = experiment(CommandTrial.of("ghcr.io/acme/train:1.0", "python3", "train.py")
        .tensorboardDir("/var/log/katib/tfevent"));

    assertThat(ExperimentValidator.create().validate(experiment).problems()).isEmpty();
    RenderedTrial trial = TrialTemplateRenderer.create().renderSample(ExperimentDefaults.apply(experiment));
    assertThat(trial.trial().spec().objective().orElseThrow().strategyFor("loss")).contains(MetricStrategyType.MIN);
    assertThat(trial.trial().spec().metricsCollector()).isEqualTo(MetricsCollector.tensorFlowEvent(
        "/var/log/katib/tfevent"));
  }

  @Test
  void trialParameterNames_areSanitizedAndUnique() {
    List<Parameter> parameters = List.of(Parameter.intRange("a.b", 1, 2), Parameter.intRange("a_b", 1, 2),
        Parameter.intRange("katibTrialName", 1, 2), Parameter.intRange("x<y>&\"z\"", 1, 2),
        Parameter.intRange("", 1, 2));

    assertThat(CommandTrial.trialParameterNames(parameters)).containsExactly(Map.entry("a.b", "a_b"),
        Map.entry("a_b", "a_b_2"), Map.entry("katibTrialName", "katibTrialName_2"),
        Map.entry("x<y>&\"z\"", "x_y___z_"), Map.entry("", "parameter"));
  }

  @Test
  void tensorboardDir_addsTheFlagAndAMatchingCollector() {
    CommandTrial trial = CommandTrial.of("img", "python3", "train.py").tensorboardDir("/var/log/katib/tfevent");

    List<String> args = trial.template(SPACE).trialSpec().map(s -> TrialWorkload.of(s, "training-container"))
        .flatMap(TrialWorkload::primaryContainer).orElseThrow().args();
    assertThat(args.subList(args.size() - 2, args.size()))
        .containsExactly("--tensorboard_dir", "/var/log/katib/tfevent");
    assertThat(trial.metricsCollector().kind()).contains(CollectorKind.TENSORFLOW_EVENT);
    assertThat(trial.metricsCollector().source().flatMap(MetricsSource::fileSystemPath).orElseThrow().kind())
        .contains(FileSystemKind.DIRECTORY);
  }

  @Test
  void metricsFile_addsTheFlagAndAFileCollector() {
    CommandTrial trial = CommandTrial.of("img", "java", "-jar", "train.jar")
        .metricsFile("/var/log/katib/metrics.json", FileFormat.JSON);

    assertThat(trial.metricsCollector()).isEqualTo(MetricsCollector.file("/var/log/katib/metrics.json",
        FileFormat.JSON));
    assertThat(trial.template(SPACE).trialSpec().orElseThrow().toJson())
        .contains("\"--metrics_file\",\"/var/log/katib/metrics.json\"");
  }

  @Test
  void applyTo_fillsTheTemplateFromTheExperimentsParametersAndKeepsAStdOutFilter() {
    MetricsCollector filtered = MetricsCollector.stdOut().metricsFormat("([\\w-]+)=([+-]?\\d+(\\.\\d+)?)");
    Experiment bare = experiment(CommandTrial.of("img", "run")).withSpec(experiment(CommandTrial.of("img", "run"))
        .spec().withMetricsCollectorSpec(filtered));

    Experiment stdOut = CommandTrial.of("img", "./train").applyTo(bare);
    Experiment tensorboard = CommandTrial.of("img", "./train").tensorboardDir("/logs").applyTo(bare);

    assertThat(stdOut.spec().metricsCollectorSpec()).contains(filtered);
    assertThat(stdOut.spec().trialTemplate().orElseThrow().trialSpec().orElseThrow().toJson()).contains("./train");
    assertThat(tensorboard.spec().metricsCollectorSpec()).contains(MetricsCollector.tensorFlowEvent("/logs"));
  }

  @Test
  void of_withoutCommandOrParameters_isRefused() {
    assertThatThrownBy(() -> CommandTrial.of("img"))
        .isInstanceOf(KatibException.class).hasMessageContaining("needs a command");
    assertThatThrownBy(() -> CommandTrial.of("img", "run").template(List.of()))
        .isInstanceOf(KatibException.class).hasMessageContaining("there are none");
  }

  @Test
  void safeRendering_runAsAProcess_deliversEveryValueAsOneVerbatimArgument() throws Exception {
    // A shell script stands in for the trial program of any language: it prints each argument on its own line.
    CommandTrial trial = CommandTrial.of("local", "sh", "-c", "for a in \"$@\"; do printf '%s|' \"$a\"; done", "sh");
    Experiment experiment = experiment(trial);
    String awkward = "gelu\", \"--evil $(id) ${HOME}\\";

    RenderedTrial rendered = TrialTemplateRenderer.create().withMode(RenderMode.SAFE).render(experiment,
        "train-cli-1", Map.of("optimizer.lr", "0.01", "layers", "2", "act{fn}", awkward));

    assertThat(run(rendered)).isEqualTo("--optimizer.lr=0.01|--layers=2|--act{fn}=" + awkward + "|");
    assertThat(rendered.isCorrupted()).as("Katib itself would have broken this value").isTrue();
  }

  private static String run(RenderedTrial rendered) throws IOException, InterruptedException {
    Container container = rendered.workload().primaryContainer().orElseThrow();
    ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(container.commandLine()));
    builder.environment().putAll(rendered.environment());
    builder.redirectErrorStream(true);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }
}
