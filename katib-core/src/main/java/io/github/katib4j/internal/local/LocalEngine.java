package io.github.katib4j.internal.local;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.github.katib4j.ExperimentRef;
import io.github.katib4j.KatibException;
import io.github.katib4j.Problem;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.MetricsCollector;
import io.github.katib4j.experiment.ParameterAssignment;
import io.github.katib4j.experiment.Unstructured;
import io.github.katib4j.internal.Mounts;
import io.github.katib4j.internal.WrappedCommand;
import io.github.katib4j.internal.template.Workloads;
import io.github.katib4j.metrics.TrialMetrics;
import io.github.katib4j.template.ConfigMapLookup;
import io.github.katib4j.template.Container;
import io.github.katib4j.template.RenderMode;
import io.github.katib4j.template.RenderedTrial;
import io.github.katib4j.template.TrialTemplateRenderer;
import io.github.katib4j.validation.ExperimentValidator;
import java.io.PrintWriter;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * What the local engine shares across its experiments: the clock, where process trials run, where notes go, and how a
 * process trial is set up from its rendered template.
 */
public final class LocalEngine implements ExperimentRun.Engine {
  private final Clock clock;
  private final Path baseDirectory;
  private final PrintWriter notes;
  private final TrialTemplateRenderer renderer;
  private final ConfigMapLookup configMaps;
  private final Set<String> noted = ConcurrentHashMap.newKeySet();

  public LocalEngine(Clock clock, Path baseDirectory, PrintWriter notes, ConfigMapLookup configMaps) {
    this.clock = clock;
    this.baseDirectory = baseDirectory;
    this.notes = notes;
    this.configMaps = configMaps;
    this.renderer = TrialTemplateRenderer.create().withMode(RenderMode.SAFE).withConfigMaps(configMaps);
  }

  @Override
  public ExperimentValidator validator(boolean functionTrials) {
    return functionTrials ? ExperimentValidator.forLocalFunctionRuns()
        : ExperimentValidator.forLocalRuns().withConfigMaps(configMaps::template);
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public Path baseDirectory() {
    return baseDirectory;
  }

  @Override
  public void note(ExperimentRef experiment, String note) {
    say(Level.INFO, experiment, note, null);
  }

  @Override
  public void warn(ExperimentRef experiment, String warning, Throwable cause) {
    say(Level.WARNING, experiment, warning, cause);
  }

  /** To the notes writer when there is one, else to the logger, where whatever logging the program uses finds it. */
  private void say(Level level, ExperimentRef experiment, String text, Throwable cause) {
    if (notes == null) {
      NotesLogger.log(level, experiment + ": " + text, cause);
      return;
    }
    synchronized (notes) {
      notes.println("katib: " + experiment + ": " + text);
      notes.flush();
    }
  }

  /**
   * Checks, before any trial starts, that the experiment's trials can run here: the template renders and its primary
   * container has a command.
   *
   * @throws KatibException saying what is missing and how to fix it
   */
  public void checkRunnable(Experiment experiment) {
    RenderedTrial sample = renderer.renderSample(experiment);
    primaryContainer(experiment, sample);
  }

  private Container primaryContainer(Experiment experiment, RenderedTrial rendered) {
    String name = experiment.spec().trialTemplate().map(t -> t.primaryContainerName()).orElse("");
    Container container = rendered.workload().primaryContainer().orElseThrow(() -> new KatibException(
        "the trial template of Experiment " + ExperimentRef.of(experiment) + " "
            + Workloads.noContainerNamed(name, rendered.workload().containers())
            + " (spec.trialTemplate.primaryContainerName); the local engine runs that container's command"));
    if (container.command().isEmpty()) {
      throw new KatibException("the primary container \"" + name + "\" of Experiment " + ExperimentRef.of(experiment)
          + " has no command: on a cluster its image's entrypoint would run, but the local engine runs commands, not"
          + " images; set spec.trialTemplate.trialSpec's container command (for example [\"python3\", \"train.py\"])");
    }
    return container;
  }

  /**
   * The folder a trial keeps its checkpoint in. Katib mounts each trial's own folder of the suggestion volume at the
   * algorithm setting {@code suggestion_trial_dir} (PBT); locally it is that path inside the trial's directory. Function
   * trials use {@code checkpoint} in their directory. A process trial without the setting has none: nothing would
   * tell its command where the folder is, as Katib mounts nothing then.
   */
  @Override
  public Optional<Path> checkpointDirectory(Experiment experiment, Path trialDirectory, boolean function) {
    if (function) {
      return Optional.of(trialDirectory.resolve("checkpoint"));
    }
    return suggestionTrialDir(experiment).map(dir -> Mounts.local(trialDirectory, dir, "suggestion_trial_dir"));
  }

  private static Optional<String> suggestionTrialDir(Experiment experiment) {
    return experiment.spec().algorithm().flatMap(a -> a.setting("suggestion_trial_dir")).filter(d -> !d.isEmpty());
  }

  @Override
  public Optional<Unstructured> runSpec(Experiment experiment, String trialName,
      List<ParameterAssignment> assignments) {
    try {
      return Optional.of(renderer.render(experiment, trialName, assignments).runSpec());
    } catch (KatibException e) {
      // As when the trial was launched: a template that does not render gives the trial no job.
      return Optional.empty();
    }
  }

  @Override
  public ProcessTrial.Setup processSetup(ExperimentRun run, Experiment experiment, String trialName,
      List<ParameterAssignment> assignments, Path trialDirectory) {
    RenderedTrial rendered = renderer.render(experiment, trialName, assignments);
    Container container = primaryContainer(experiment, rendered);
    if (noted.add(run.ref() + " image")) {
      note(run.ref(), "trials run the command of container \"" + container.name() + "\" on this machine; its image "
          + container.image() + " is not used");
    }
    if (!rendered.unresolvedEnvironment().isEmpty() && noted.add(run.ref() + " env")) {
      warn(run.ref(), "environment variables " + rendered.unresolvedEnvironment() + " come from the cluster (Secrets,"
          + " ConfigMaps or node fields) and are not set locally", null);
    }
    if (noted.add(run.ref() + " retries")) {
      // Once per run, from the first trial's job: the template is the same for every trial.
      retriesNotReproduced(rendered).ifPresent(note -> note(run.ref(), note));
    }
    MetricsCollector collector = experiment.spec().metricsCollectorSpec().orElseThrow();
    if (noted.add(run.ref() + " shell")) {
      // Once per run, from the first trial's command: its values are what Katib's shell would read.
      List<String> argv = new ArrayList<>(container.command());
      argv.addAll(container.args());
      collector.kind().flatMap(kind -> WrappedCommand.surprise(argv, kind, trialName + ": container \""
          + container.name() + "\"")).ifPresent(note -> note(run.ref(), note));
    }
    TrialMetrics metrics = TrialMetrics.open(collector, experiment.spec().objective().orElseThrow(), trialDirectory);
    try {
      Optional<String> checkpoint = suggestionTrialDir(experiment);
      UnaryOperator<String> localize = text -> {
        String local = metrics.localize(text);
        return checkpoint.map(dir -> Mounts.localize(local, trialDirectory, dir, "suggestion_trial_dir"))
            .orElse(local);
      };
      List<String> command = new ArrayList<>();
      container.command().forEach(c -> command.add(localize.apply(c)));
      container.args().forEach(a -> command.add(localize.apply(a)));
      Map<String, String> environment = new HashMap<>();
      rendered.environment().forEach((name, value) -> environment.put(name, localize.apply(value)));
      environment.put(TrialProcesses.TRIAL_DIR_VARIABLE, trialDirectory.toString());
      Path workingDirectory = container.workingDir().map(this::resolveWorkingDirectory).orElse(baseDirectory);
      // A value the process would get as "?" must not run silently with another value than the journal keeps.
      run.processEncoding().check(command, environment, workingDirectory, assignments);
      return new ProcessTrial.Setup(rendered.runSpec(), command, environment, workingDirectory, metrics,
          rendered.workload());
    } catch (RuntimeException e) {
      // The metrics hold the trial's output file open.
      metrics.close();
      throw e;
    }
  }

  /**
   * What to note when a {@code batch/v1} Job asks for retries, which the local engine does not make: an explicit
   * {@code backoffLimit} above 0, or {@code restartPolicy: OnFailure} with the default backoffLimit (6). An unset
   * backoffLimit with {@code Never}, as in Katib's examples, is not noted: docs/local-engine.md says it.
   */
  static Optional<String> retriesNotReproduced(RenderedTrial rendered) {
    if (!"Job".equals(rendered.workload().kind()) || !"batch/v1".equals(rendered.workload().apiVersion())) {
      return Optional.empty();
    }
    JsonObject job = rendered.runSpec().toJsonObject();
    JsonObject spec = job.get("spec") instanceof JsonObject ? job.getAsJsonObject("spec") : new JsonObject();
    JsonElement limit = spec.get("backoffLimit");
    boolean explicit = limit instanceof JsonPrimitive && limit.getAsJsonPrimitive().isNumber();
    long backoffLimit = explicit ? limit.getAsLong() : 6;
    JsonElement template = spec.get("template");
    JsonElement podSpec = template instanceof JsonObject ? template.getAsJsonObject().get("spec") : null;
    JsonElement policy = podSpec instanceof JsonObject ? podSpec.getAsJsonObject().get("restartPolicy") : null;
    boolean onFailure = policy instanceof JsonPrimitive && "OnFailure".equals(policy.getAsString());
    if (backoffLimit <= 0 || !(explicit || onFailure)) {
      return Optional.empty();
    }
    String how = onFailure ? "the kubelet would restart the failed container in its pod" : "the Job would replace"
        + " the failed pod with a new one";
    return Optional.of("the trials' Job " + (explicit ? "sets backoffLimit: " + backoffLimit : "has restartPolicy:"
        + " OnFailure with the default backoffLimit, 6") + ": on a cluster " + how + ", up to " + backoffLimit
        + " times with a delay from 10 s doubling each time, and the trial fails only when the Job does; the local"
        + " engine runs each trial's command once, so a trial fails when its command fails. A command that fails now"
        + " and then fails more trials here than on a cluster: make it retry itself, or raise maxFailedTrialCount"
        + " (see docs/local-engine.md)");
  }

  private Path resolveWorkingDirectory(String workingDir) {
    Path path = baseDirectory.resolve(workingDir);
    if (!Files.isDirectory(path)) {
      throw new KatibException("the container's workingDir " + workingDir + " is not a directory on this machine ("
          + path + "); the local engine runs the command here, so use a local directory, relative to " + baseDirectory
          + ", or leave workingDir out");
    }
    return path;
  }
}
