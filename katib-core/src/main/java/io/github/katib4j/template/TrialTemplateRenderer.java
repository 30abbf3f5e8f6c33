package io.github.katib4j.template;

import com.google.gson.JsonObject;
import io.github.katib4j.KatibException;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.KatibObject;
import io.github.katib4j.experiment.ObjectMeta;
import io.github.katib4j.experiment.OwnerReference;
import io.github.katib4j.experiment.Parameter;
import io.github.katib4j.experiment.ParameterAssignment;
import io.github.katib4j.experiment.Trial;
import io.github.katib4j.experiment.TrialSpec;
import io.github.katib4j.experiment.TrialTemplate;
import io.github.katib4j.experiment.Unstructured;
import io.github.katib4j.internal.template.TemplateEngine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Renders an experiment's trial template into the trial Katib's experiment controller would create, as Katib
 * v0.19.0 does it ({@code manifest/generator.go}): placeholders {@code ${trialParameters.<name>}} replaced in the
 * JSON of an inline {@code trialSpec} (or the text of a ConfigMap template), metadata references such as
 * {@code ${trialSpec.Name}} resolved, the text decoded, and {@code metadata.name} and {@code metadata.namespace}
 * set.
 *
 * <pre>{@code
 * RenderedTrial trial = TrialTemplateRenderer.create()
 *     .render(experiment, "random-x7k2m9qd", Map.of("lr", "0.03", "momentum", "0.7"));
 * System.out.println(trial.toYaml());
 * trial.injections().forEach(System.err::println);   // values that would change the manifest's structure
 * }</pre>
 *
 * <p>Rendering is strict where Katib is lenient at admission or fails later: every placeholder without a trial
 * parameter, every trial parameter without a placeholder, every search parameter no trial parameter references,
 * and every missing or unknown assignment are reported together in a {@link TemplateRenderException}.
 *
 * <p>The experiment is taken as given. Katib's webhook defaults it before the controller renders, so pass a
 * defaulted experiment to see the Trial's defaulted fields ({@code metricStrategies}, the metrics collector, and the
 * success and failure conditions, which {@link TrialKind} lists per kind).
 */
public final class TrialTemplateRenderer {
  private static final TrialTemplateRenderer DEFAULT = new TrialTemplateRenderer(RenderMode.KATIB_EXACT,
      ConfigMapLookup.none());

  private final RenderMode mode;
  private final ConfigMapLookup configMaps;

  private TrialTemplateRenderer(RenderMode mode, ConfigMapLookup configMaps) {
    this.mode = mode;
    this.configMaps = configMaps;
  }

  /** A renderer that returns what Katib renders ({@link RenderMode#KATIB_EXACT}) and knows no ConfigMap. */
  public static TrialTemplateRenderer create() {
    return DEFAULT;
  }

  /** A copy that returns the rendering of {@code mode}. */
  public TrialTemplateRenderer withMode(RenderMode mode) {
    return new TrialTemplateRenderer(Objects.requireNonNull(mode, "mode"), configMaps);
  }

  /** A copy that reads ConfigMap-sourced templates through {@code configMaps}. */
  public TrialTemplateRenderer withConfigMaps(ConfigMapLookup configMaps) {
    return new TrialTemplateRenderer(mode, Objects.requireNonNull(configMaps, "configMaps"));
  }

  public RenderMode mode() {
    return mode;
  }

  /**
   * Renders trial {@code trialName} with {@code assignments} (search parameter name to value, as a suggestion
   * service would give them: strings, in Katib's number format), listed in the trial in the experiment's parameter
   * order.
   *
   * @throws TemplateRenderException listing every problem; also when, in {@link RenderMode#KATIB_EXACT}, Katib
   *     could not decode the substituted text
   */
  public RenderedTrial render(Experiment experiment, String trialName, Map<String, String> assignments) {
    List<String> order = experiment.spec().parameters().stream().map(Parameter::name).collect(Collectors.toList());
    List<ParameterAssignment> list = new ArrayList<>();
    assignments.forEach((name, value) -> list.add(ParameterAssignment.of(name, value)));
    // The trial lists its assignments in the experiment's parameter order, whatever the map's order.
    list.sort(Comparator.comparingInt(a -> order.contains(a.name()) ? order.indexOf(a.name()) : order.size()));
    return render(experiment, trialName, list, null);
  }

  /** Renders trial {@code trialName} with a suggestion's assignments, kept in their order. */
  public RenderedTrial render(Experiment experiment, String trialName, List<ParameterAssignment> assignments) {
    return render(experiment, trialName, assignments, null);
  }

  /**
   * Renders a trial at the {@link SamplePoint} of the search space, named by {@link SamplePoint#trialName()}; the
   * result says which point it used.
   */
  public RenderedTrial renderSample(Experiment experiment) {
    SamplePoint sample = SamplePoint.of(experiment);
    List<ParameterAssignment> list = new ArrayList<>();
    sample.assignments().forEach((name, value) -> list.add(ParameterAssignment.of(name, value)));
    return render(experiment, sample.trialName(), list, sample);
  }

  private RenderedTrial render(Experiment experiment, String trialName, List<ParameterAssignment> assignments,
      SamplePoint sample) {
    Objects.requireNonNull(experiment, "experiment");
    if (trialName == null || trialName.isEmpty()) {
      throw new KatibException("a trial needs a name; Katib names trials <experiment>-<8 random characters>, and"
          + " SamplePoint.trialName() gives one");
    }
    TemplateEngine.Rendering rendering = TemplateEngine.render(experiment, trialName, List.copyOf(assignments),
        configMaps::data);
    if (!rendering.findings().isEmpty()) {
      throw new TemplateRenderException(subject(experiment, trialName), rendering.findings());
    }
    if (mode == RenderMode.KATIB_EXACT && rendering.exact() == null) {
      throw new TemplateRenderException(subject(experiment, trialName), rendering.decodeFailure());
    }
    JsonObject json = mode == RenderMode.SAFE ? rendering.safe() : rendering.exact();
    return new RenderedTrial(mode, trial(experiment, trialName, assignments, Unstructured.of(json)), json,
        rendering.templateText(), rendering.renderedText(), rendering::injections, sample);
  }

  private static String subject(Experiment experiment, String trialName) {
    return "The trial template of Experiment \"" + (experiment.namespace().isEmpty() ? ""
        : experiment.namespace() + "/") + experiment.name() + "\" (rendering trial \"" + trialName + "\")";
  }

  /** The Trial {@code getTrialInstance} in Katib's {@code experiment_controller_util.go} builds. */
  private static Trial trial(Experiment experiment, String trialName, List<ParameterAssignment> assignments,
      Unstructured runSpec) {
    ObjectMeta metadata = ObjectMeta.builder()
        .name(trialName)
        .namespace(experiment.namespace())
        .putAllLabels(experiment.metadata().labels())
        .putLabel(Trial.EXPERIMENT_LABEL, experiment.name())
        .addOwnerReference(OwnerReference.builder()
            .apiVersion(KatibObject.API_VERSION)
            .kind(Experiment.KIND)
            .name(experiment.name())
            .uid(experiment.metadata().uid())
            .controller(true)
            .blockOwnerDeletion(true)
            .build())
        .build();
    TrialTemplate template = experiment.spec().trialTemplate().orElseThrow();
    TrialSpec.Builder spec = TrialSpec.builder()
        .objective(experiment.spec().objective())
        .parameterAssignments(assignments)
        .runSpec(runSpec)
        .retainRun(template.retain())
        .primaryPodLabels(template.primaryPodLabels())
        .primaryContainerName(template.primaryContainerName());
    experiment.spec().metricsCollectorSpec().ifPresent(spec::metricsCollector);
    if (!template.successCondition().isEmpty() && !template.failureCondition().isEmpty()) {
      spec.successCondition(template.successCondition()).failureCondition(template.failureCondition());
    }
    return Trial.builder().metadata(metadata).spec(spec.build()).build();
  }
}
