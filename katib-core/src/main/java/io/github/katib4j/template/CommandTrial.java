package io.github.katib4j.template;

import io.github.katib4j.KatibException;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.ExperimentSpec;
import io.github.katib4j.experiment.FileFormat;
import io.github.katib4j.experiment.MetricsCollector;
import io.github.katib4j.experiment.Parameter;
import io.github.katib4j.experiment.Trial;
import io.github.katib4j.experiment.TrialTemplate;
import io.github.katib4j.internal.template.TemplateSyntax;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * "Run my program with the hyperparameters as flags": a trial template that runs a command in a {@code batch/v1 Job}
 * and appends {@code --<parameter>=<value>} for every search parameter. Works for any language; the program only
 * has to accept the flags and print or write its metrics.
 *
 * <pre>{@code
 * CommandTrial train = CommandTrial.of("ghcr.io/acme/train:1.0", "python3", "train.py")
 *     .tensorboardDir("/var/log/katib/tfevent");
 * experiment = train.applyTo(experiment);     // or: .trialTemplate(train.template(parameters))
 *                                              //     .metricsCollector(train.metricsCollector())
 * }</pre>
 *
 * <p>Each parameter {@code p} becomes the flag {@code --p=${trialParameters.<q>}}, where {@code q} is {@code p} with
 * every character other than letters, digits, {@code _} and {@code -} replaced by {@code _} (Katib's placeholders
 * cannot hold {@code {}}, and its JSON serialization escapes {@code "}, {@code \}, {@code <}, {@code >},
 * {@code &}); the flag keeps the original name, so {@code optimizer.lr} gives {@code --optimizer.lr=0.01}.
 *
 * <p>The container gets three environment variables: {@code KATIB_TRIAL_NAME} and {@code KATIB_NAMESPACE} through
 * the metadata trial parameters {@code ${trialSpec.Name}} and {@code ${trialSpec.Namespace}}, and
 * {@code KATIB_EXPERIMENT_NAME} from the pod's {@code katib.kubeflow.org/experiment} label through the Downward
 * API: Katib has no metadata reference for the experiment, but its pod webhook copies the trial's labels, which
 * name the experiment, onto every trial pod. This stays right for any experiment name, including generated ones,
 * and {@link RenderedTrial#environment()} resolves it locally.
 *
 * <p>The Job has {@code backoffLimit: 0} (a failed run fails the trial at once rather than being retried six times)
 * and {@code restartPolicy: Never}.
 */
public final class CommandTrial {
  /** The container name used unless another is given. */
  public static final String DEFAULT_CONTAINER_NAME = "training-container";

  /** The trial parameter holding the trial's name ({@code ${trialSpec.Name}}). */
  public static final String TRIAL_NAME_PARAMETER = "katibTrialName";

  /** The trial parameter holding the namespace ({@code ${trialSpec.Namespace}}). */
  public static final String NAMESPACE_PARAMETER = "katibNamespace";

  private final Container container;
  private final MetricsCollector collector;
  private final List<String> collectorArgs;
  private final int backoffLimit;
  private final boolean retain;

  private CommandTrial(Container container, MetricsCollector collector, List<String> collectorArgs,
      int backoffLimit, boolean retain) {
    this.container = container;
    this.collector = collector;
    this.collectorArgs = List.copyOf(collectorArgs);
    this.backoffLimit = backoffLimit;
    this.retain = retain;
  }

  /** Runs {@code command} (such as {@code "python3", "train.py"}) in {@code image}. */
  public static CommandTrial of(String image, String... command) {
    if (command.length == 0) {
      throw new KatibException("a command trial needs a command, such as \"python3\", \"train.py\"; Katib's metrics"
          + " collector wraps the command, so the image's own entrypoint cannot be used");
    }
    return of(Container.builder().name(DEFAULT_CONTAINER_NAME).image(image).command(command).build());
  }

  /**
   * Runs {@code container} (its command, then its args, then the flags), for resources, volume mounts, a working
   * directory or more variables.
   */
  public static CommandTrial of(Container container) {
    if (container.name().isEmpty() || container.image().isEmpty() || container.command().isEmpty()) {
      throw new KatibException("a command trial's container needs a name, an image and a command, but got "
          + container);
    }
    return new CommandTrial(container, MetricsCollector.stdOut(), List.of(), 0, false);
  }

  /**
   * Also passes {@code --tensorboard_dir <directory>} and collects metrics from the TensorBoard event files written
   * there (Katib's TensorFlowEvent collector).
   */
  public CommandTrial tensorboardDir(String directory) {
    return new CommandTrial(container, MetricsCollector.tensorFlowEvent(directory),
        List.of("--tensorboard_dir", directory), backoffLimit, retain);
  }

  /** Also passes {@code --metrics_file <path>} and collects metrics from that file (Katib's File collector). */
  public CommandTrial metricsFile(String path, FileFormat format) {
    return new CommandTrial(container, MetricsCollector.file(path, format), List.of("--metrics_file", path),
        backoffLimit, retain);
  }

  /** Collects metrics from the program's output, {@code name=value} lines (the default). */
  public CommandTrial stdOut() {
    return new CommandTrial(container, MetricsCollector.stdOut(), List.of(), backoffLimit, retain);
  }

  /** How often a failed run is retried before the trial fails; 0 unless set. */
  public CommandTrial backoffLimit(int backoffLimit) {
    return new CommandTrial(container, collector, collectorArgs, backoffLimit, retain);
  }

  /** Keep each trial's Job after it completes. */
  public CommandTrial retain(boolean retain) {
    return new CommandTrial(container, collector, collectorArgs, backoffLimit, retain);
  }

  /** The collector that matches the flags: TensorFlowEvent, File, or StdOut. */
  public MetricsCollector metricsCollector() {
    return collector;
  }

  /** The trial parameter name each search parameter gets, in order: sanitized, and unique. */
  public static Map<String, String> trialParameterNames(List<Parameter> parameters) {
    Set<String> taken = new HashSet<>(List.of(TRIAL_NAME_PARAMETER, NAMESPACE_PARAMETER));
    Map<String, String> names = new LinkedHashMap<>();
    for (Parameter parameter : parameters) {
      String base = sanitize(parameter.name());
      String name = base;
      for (int i = 2; !taken.add(name); i++) {
        name = base + "_" + i;
      }
      names.put(parameter.name(), name);
    }
    return names;
  }

  private static String sanitize(String name) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
          || c == '-';
      out.append(safe ? c : '_');
    }
    return out.length() == 0 ? "parameter" : out.toString();
  }

  /**
   * The trial template for an experiment searching {@code parameters}: a Job whose container runs the command with
   * one flag per parameter, and the trial parameters that fill them.
   */
  public TrialTemplate template(List<Parameter> parameters) {
    if (parameters.isEmpty()) {
      throw new KatibException("a command trial passes search parameters as flags, but there are none; add"
          + " spec.parameters (NAS experiments need their own template)");
    }
    Map<String, String> names = trialParameterNames(parameters);
    List<String> args = new ArrayList<>(container.args());
    names.forEach((parameter, name) -> args.add("--" + parameter + "=" + TemplateSyntax.placeholder(name)));
    args.addAll(collectorArgs);
    Container withFlags = Container.builder().from(container)
        .args(args)
        .addEnv(EnvVar.of("KATIB_TRIAL_NAME", TemplateSyntax.placeholder(TRIAL_NAME_PARAMETER)))
        .addEnv(EnvVar.of("KATIB_NAMESPACE", TemplateSyntax.placeholder(NAMESPACE_PARAMETER)))
        .addEnv(EnvVar.fromField("KATIB_EXPERIMENT_NAME", "metadata.labels['" + Trial.EXPERIMENT_LABEL + "']"))
        .build();
    JobTemplateBuilder job = TrialTemplates.job(withFlags)
        .restartPolicy(RestartPolicy.NEVER)
        .backoffLimit(backoffLimit)
        .retain(retain);
    names.forEach((parameter, name) -> job.trialParameter(name, parameter, "--" + parameter));
    job.trialParameter(TRIAL_NAME_PARAMETER, "${trialSpec.Name}", "KATIB_TRIAL_NAME");
    job.trialParameter(NAMESPACE_PARAMETER, "${trialSpec.Namespace}", "KATIB_NAMESPACE");
    return job.build();
  }

  /**
   * {@code experiment} with this trial template for its parameters, and this metrics collector (an experiment's own
   * collector is kept when this trial collects from standard output, so that its filter stays).
   */
  public Experiment applyTo(Experiment experiment) {
    ExperimentSpec spec = experiment.spec().withTrialTemplate(template(experiment.spec().parameters()));
    if (!collectorArgs.isEmpty() || experiment.spec().metricsCollectorSpec().isEmpty()) {
      spec = spec.withMetricsCollectorSpec(collector);
    }
    return experiment.withSpec(spec);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof CommandTrial)) {
      return false;
    }
    CommandTrial other = (CommandTrial) o;
    return container.equals(other.container) && collector.equals(other.collector)
        && collectorArgs.equals(other.collectorArgs) && backoffLimit == other.backoffLimit && retain == other.retain;
  }

  @Override
  public int hashCode() {
    return Objects.hash(container, collector, collectorArgs, backoffLimit, retain);
  }

  @Override
  public String toString() {
    return "CommandTrial " + container.commandLine() + " in " + container.image() + " (" + collector.kind()
        .map(Object::toString).orElse("StdOut") + ")";
  }
}
