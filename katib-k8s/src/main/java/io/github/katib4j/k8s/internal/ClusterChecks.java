package io.github.katib4j.k8s.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.katib4j.KatibException;
import io.github.katib4j.Problem;
import io.github.katib4j.experiment.ConfigMapSource;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.ResumePolicy;
import io.github.katib4j.k8s.KatibApiException;
import io.github.katib4j.k8s.PreflightReport;
import io.github.katib4j.validation.ExperimentValidator;
import io.github.katib4j.validation.KatibConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Checks an experiment against the cluster it is meant for, before it is submitted: Katib's CRDs are served, the
 * cluster's own katib-config (installed algorithms and collectors), the namespace label Katib's webhook demands
 * (N1), the ConfigMap that holds a trial template, every katib-core rule, a FromVolume experiment's leftover volume
 * (N2), and the projected size of Katib's objects against etcd's limit.
 */
public final class ClusterChecks {
  private static final System.Logger LOG = System.getLogger("io.github.katib4j.k8s");
  /** Label Katib's webhook requires on the namespace (rule N1). */
  public static final String INJECTION_LABEL = "katib.kubeflow.org/metrics-collector-injection";
  private static final Duration CONFIG_TTL = Duration.ofMinutes(5);
  /** The client setting where Katib runs, as {@code KatibClient.Builder} names it. */
  public static final String KATIB_NAMESPACE = "katibNamespace";
  /** The client setting of etcd's object limit, as {@code KatibClient.Builder} names it. */
  public static final String OBJECT_SIZE_LIMIT = "objectSizeLimit";
  /** The largest request body the API server reads (its {@code MaxRequestBodyBytes}), whatever etcd takes. */
  static final long REQUEST_BODY_LIMIT = 3L * 1024 * 1024;
  private static final String DEFAULTS_SOURCE = "Katib v0.19.0's default configuration";

  private final KubeApi api;
  private final String katibNamespace;
  private final long objectSizeLimit;
  private final UnaryOperator<String> settings;
  private volatile boolean crdsServed;
  private volatile CachedConfig config;
  /** When each namespace was last seen carrying the injection label. */
  private final Map<String, Long> labelled = new ConcurrentHashMap<>();

  private static final class CachedConfig {
    final KatibConfig config;
    final String source;
    final Problem warning;
    final long readAt;

    CachedConfig(KatibConfig config, String source, Problem warning, long readAt) {
      this.config = config;
      this.source = source;
      this.warning = warning;
      this.readAt = readAt;
    }
  }

  /**
   * @param settings how a message tells the user to change one of the client's settings, given the builder method's
   *     name ({@link #KATIB_NAMESPACE}, {@link #OBJECT_SIZE_LIMIT}), such as a command line's option
   */
  public ClusterChecks(KubeApi api, String katibNamespace, long objectSizeLimit, UnaryOperator<String> settings) {
    this.api = api;
    this.katibNamespace = katibNamespace;
    this.objectSizeLimit = objectSizeLimit;
    this.settings = settings;
  }

  /** Every check for {@code experiment}, whose namespace and name are final. */
  public PreflightReport check(Experiment experiment) {
    List<Problem> errors = new ArrayList<>();
    List<Problem> warnings = new ArrayList<>();
    checkCrds(errors, warnings);
    CachedConfig katib = katibConfig();
    if (katib.warning != null) {
      warnings.add(katib.warning);
    }
    if (!errors.isEmpty()) {
      return PreflightReport.of(errors, warnings, katib.config, katib.source);
    }
    checkNamespace(experiment.namespace(), errors, warnings);
    ExperimentValidator validator = ExperimentValidator.create(katib.config);
    Optional<ConfigMapSource> source = experiment.spec().trialTemplate().flatMap(t -> t.configMap());
    Optional<String> templateText = Optional.empty();
    if (source.isPresent()) {
      ConfigMapSource from = source.get();
      Optional<String> text = template(from, warnings);
      if (text != null) {
        // Unread (no access), T7 and the rules that read the text say nothing about it.
        templateText = text;
        validator = validator.withConfigMaps(s -> s.equals(from) ? text : Optional.empty());
      }
    }
    errors.addAll(validator.validate(experiment).problems());
    checkLeftoverVolume(experiment, errors);
    checkSize(experiment, templateText.map(t -> (long) t.getBytes(StandardCharsets.UTF_8).length).orElse(0L),
        errors, warnings);
    return PreflightReport.of(errors, warnings, katib.config, katib.source);
  }

  /** The cluster's Katib configuration, or Katib's defaults (with a warning) when it cannot be read. */
  public KatibConfig katibConfigOrDefaults() {
    return katibConfig().config;
  }

  private void checkCrds(List<Problem> errors, List<Problem> warnings) {
    if (crdsServed) {
      return;
    }
    Set<String> served = new HashSet<>();
    try {
      Optional<JsonObject> resources = api.find(Paths.KATIB);
      if (resources.isEmpty()) {
        errors.add(Problem.of("", "K-crd", "Katib is not installed on this cluster: the API server does not serve "
            + Paths.KATIB + "; install Katib (kubectl apply -k \"github.com/kubeflow/katib.git/manifests/v1beta1/"
            + "installs/katib-standalone?ref=v0.19.0\") or point the client at the cluster that runs it"));
        return;
      }
      JsonElement list = resources.get().get("resources");
      if (list != null && list.isJsonArray()) {
        list.getAsJsonArray().forEach(r -> served.add(Json.string(r.getAsJsonObject(), "name")));
      }
    } catch (KatibApiException e) {
      if (e.statusCode() == 401) {
        // Credentials the API server rejects fail every request: say so now, not as warnings before the create fails.
        throw e;
      }
      if (e.statusCode() == 403) {
        warnings.add(Problem.of("", "K-access", "could not check that Katib's CRDs are installed: " + e.getMessage()));
        return;
      }
      throw e;
    }
    List<String> missing = new ArrayList<>();
    for (String resource : List.of("experiments", "trials", "suggestions")) {
      if (!served.contains(resource)) {
        missing.add(resource);
      }
    }
    if (missing.isEmpty()) {
      crdsServed = true;
    } else {
      errors.add(Problem.of("", "K-crd", "Katib's CRDs are incomplete: the API server does not serve " + missing
          + " in " + Paths.KATIB + "; reinstall Katib's CRDs (manifests/v1beta1/components/crd)"));
    }
  }

  private CachedConfig katibConfig() {
    CachedConfig cached = config;
    long now = api.timing().nanoTime();
    if (cached != null && now - cached.readAt < CONFIG_TTL.toNanos()) {
      return cached;
    }
    String where = "ConfigMap " + katibNamespace + "/katib-config";
    CachedConfig read;
    try {
      Optional<JsonObject> configMap = api.find(Paths.configMap(katibNamespace, "katib-config"));
      String text = configMap.map(c -> Json.string(Json.object(c, "data"), "katib-config.yaml")).orElse("");
      if (configMap.isEmpty()) {
        read = fallback(now, where + " does not exist");
      } else if (text.isEmpty()) {
        read = fallback(now, where + " has no data[\"katib-config.yaml\"]");
      } else {
        read = new CachedConfig(KatibConfig.parse(text), where, null, now);
      }
    } catch (KatibApiException e) {
      if (e.retryable()) {
        throw e;
      }
      read = fallback(now, "cannot read " + where + " (HTTP " + e.statusCode() + " " + e.reason() + ")");
    } catch (KatibException e) {
      read = fallback(now, where + " is not a valid katib-config: " + e.getMessage());
    }
    if (read.warning != null) {
      LOG.log(System.Logger.Level.WARNING, read.warning.message());
    }
    config = read;
    return read;
  }

  private CachedConfig fallback(long now, String why) {
    Problem warning = Problem.of("", "K-katib-config", why + "; checked against " + DEFAULTS_SOURCE
        + " instead, so an algorithm, early-stopping algorithm or metrics collector the cluster lacks (or has in "
        + "addition) is not detected. If Katib runs in another namespace than \"" + katibNamespace + "\", set "
        + settings.apply(KATIB_NAMESPACE));
    return new CachedConfig(KatibConfig.defaults(), DEFAULTS_SOURCE, warning, now);
  }

  private void checkNamespace(String namespace, List<Problem> errors, List<Problem> warnings) {
    Long checkedAt = labelled.get(namespace);
    long now = api.timing().nanoTime();
    // A namespace seen labelled is trusted for a while: the label rarely goes away, and Katib's webhook would still
    // refuse the experiment if it had; this saves a request per create when submitting many.
    if (checkedAt != null && now - checkedAt < CONFIG_TTL.toNanos()) {
      return;
    }
    try {
      Optional<JsonObject> found = api.find(Paths.namespace(namespace));
      if (found.isEmpty()) {
        errors.add(Problem.of("metadata.namespace", "K-namespace", "namespace \"" + namespace + "\" does not exist; "
            + "create it (kubectl create namespace " + namespace + ") and label it " + INJECTION_LABEL + "=enabled"));
        return;
      }
      String label = Json.string(Json.object(Json.object(found.get(), "metadata"), "labels"), INJECTION_LABEL);
      if ("enabled".equals(label)) {
        labelled.put(namespace, now);
      } else {
        labelled.remove(namespace);
        errors.add(Problem.of("metadata.namespace", "N1", "Cannot create the Experiment in namespace \"" + namespace
            + "\": the namespace lacks label \"" + INJECTION_LABEL + ": enabled\", so Katib's webhook refuses it; "
            + "fix with: kubectl label namespace " + namespace + " " + INJECTION_LABEL + "=enabled"));
      }
    } catch (KatibApiException e) {
      if (e.statusCode() == 401 || e.statusCode() == 403) {
        // Namespaced users often may not read Namespace objects; Katib's webhook will still check the label.
        warnings.add(Problem.of("metadata.namespace", "K-access", "could not check that namespace \"" + namespace
            + "\" carries " + INJECTION_LABEL + "=enabled (rule N1): HTTP " + e.statusCode() + " " + e.reason()));
        return;
      }
      throw e;
    }
  }

  /**
   * The text of a ConfigMap template; empty when it or the key is missing, null when it may not be read (with a
   * warning).
   */
  private Optional<String> template(ConfigMapSource source, List<Problem> warnings) {
    try {
      Optional<JsonObject> configMap = api.find(Paths.configMap(source.configMapNamespace(),
          source.configMapName()));
      return configMap.map(c -> Json.object(c, "data"))
          .filter(d -> d.has(source.templatePath())).map(d -> Json.string(d, source.templatePath()));
    } catch (KatibApiException e) {
      if (e.statusCode() == 401 || e.statusCode() == 403) {
        warnings.add(Problem.of("spec.trialTemplate.configMap", "K-access", "could not read ConfigMap "
            + source.configMapNamespace() + "/" + source.configMapName() + " to check the trial template in it: HTTP "
            + e.statusCode() + " " + e.reason()));
        return null;
      }
      throw e;
    }
  }

  private void checkLeftoverVolume(Experiment experiment, List<Problem> errors) {
    if (experiment.spec().resumePolicy().orElse(ResumePolicy.NEVER) != ResumePolicy.FROM_VOLUME) {
      return;
    }
    String algorithm = experiment.spec().algorithm().map(a -> a.algorithmName()).orElse("");
    String volume = experiment.name() + "-" + algorithm + "-" + experiment.namespace();
    try {
      if (api.find(Paths.persistentVolume(volume)).isPresent()) {
        errors.add(Problem.of("metadata.name", "N2", "Cannot create the Experiment: PersistentVolume \"" + volume
            + "\" from an earlier experiment of this name still exists, and Katib's webhook refuses the experiment "
            + "until it is deleted (kubectl delete pv " + volume + "), or choose another name"));
      }
    } catch (KatibApiException e) {
      if (e.statusCode() != 401 && e.statusCode() != 403) {
        throw e;
      }
      // Reading cluster-scoped volumes needs rights most users lack; the webhook applies N2 itself.
    }
  }

  /** Rule K-size: each object Katib stores for the experiment against etcd's limit (see {@link StatusSize}). */
  void checkSize(Experiment experiment, long configMapTemplateBytes, List<Problem> errors,
      List<Problem> warnings) {
    StatusSize size = StatusSize.of(experiment, configMapTemplateBytes);
    String limit = limitText();
    long warnAt = objectSizeLimit * 2 / 3;
    long refuseAt = objectSizeLimit * 9 / 10;
    String raise = "raise the limit with " + settings.apply(OBJECT_SIZE_LIMIT) + " if the cluster's etcd takes larger"
        + " requests (its --max-request-bytes)";
    String template = size.templateBytes() == 0 ? "" : " (the trial template about " + kib(size.templateBytes())
        + " KiB)";
    String keepOut = "keep large content out of the trial template: in a ConfigMap or volume the trial's pod mounts,"
        + " in its image, or in a file it downloads";
    // The Experiment itself: the API server refuses the create request, whatever the trials.
    long submitted = size.submittedBytes();
    if (submitted > REQUEST_BODY_LIMIT || submitted > objectSizeLimit) {
      boolean body = submitted > REQUEST_BODY_LIMIT;
      errors.add(Problem.of(size.templateBytes() * 2 > submitted ? "spec.trialTemplate" : "spec", "K-size",
          "the Experiment itself is about " + kib(submitted) + " KiB" + template + ", more than "
          + (body ? "the 3 MiB the API server accepts in a request" : "etcd's " + limit + " object limit")
          + ": the API server refuses to create it; " + keepOut + (body ? "" : ", or " + raise)));
      return;
    }
    // Each Trial holds the rendered template: near the limit, Katib cannot create any trial.
    long trial = size.trialBytes();
    if (trial > warnAt) {
      String message = "each Trial holds the rendered trial template in spec.runSpec, so every Trial is about "
          + kib(trial) + " KiB, against etcd's " + limit + " object limit (the Job and pods created from it carry"
          + " the same content)";
      if (trial > refuseAt) {
        errors.add(Problem.of("spec.trialTemplate", "K-size", message + ": Katib cannot store its trials and the"
            + " experiment never runs one; " + keepOut + ", or " + raise));
      } else {
        warnings.add(Problem.of("spec.trialTemplate", "K-size", message));
      }
    }
    // The Suggestion and the Experiment grow with every trial.
    long bySuggestion = size.suggestionTrialsWithin(refuseAt);
    long byExperiment = size.experimentTrialsWithin(refuseAt);
    String stalls = "Katib stalls without an error when the object no longer fits (kubeflow/katib#1847)";
    String suggestionGrows = "Katib's Suggestion object keeps every trial's name and parameter assignments, about "
        + size.suggestionBytesPerTrial() + " bytes per trial";
    String experimentGrows = "the Experiment object lists every trial's name, about " + size.experimentBytesPerTrial()
        + " bytes per trial, after its spec of about " + kib(submitted) + " KiB" + template;
    if (experiment.spec().maxTrialCount().isEmpty()) {
      boolean suggestionFirst = bySuggestion <= byExperiment;
      warnings.add(Problem.of("spec.maxTrialCount", "K-size", "no maxTrialCount: " + (suggestionFirst
          ? suggestionGrows : experimentGrows) + ", and passes 90% of etcd's " + limit + " object limit after about "
          + Math.min(bySuggestion, byExperiment) + " trials, when Katib stalls without an error"
          + " (kubeflow/katib#1847)"));
      return;
    }
    int trials = experiment.spec().maxTrialCount().getAsInt();
    long suggestion = size.suggestionBytes(trials);
    if (suggestion > warnAt) {
      String message = "with maxTrialCount " + trials + ", " + suggestionGrows + ", and is projected to reach about "
          + kib(suggestion) + " KiB against etcd's " + limit + " object limit; about " + bySuggestion + " trials fit"
          + " within 90% of it";
      add(suggestion > refuseAt, errors, warnings, message, ". " + stalls + ": split the search into several"
          + " experiments of fewer trials each, shorten the experiment's name (every trial's name starts with it) and"
          + " the parameters' names and values, or " + raise);
    }
    long experimentBytes = size.experimentBytes(trials);
    if (experimentBytes > warnAt) {
      String message = "with maxTrialCount " + trials + ", " + experimentGrows + ", and is projected to reach about "
          + kib(experimentBytes) + " KiB against etcd's " + limit + " object limit; about " + byExperiment
          + " trials fit within 90% of it";
      add(experimentBytes > refuseAt, errors, warnings, message, ". " + stalls + ": " + (size.templateBytes() * 2
          > submitted ? keepOut + ", " : "") + "split the search into several experiments of fewer trials each,"
          + " shorten the experiment's name (every trial's name starts with it), or " + raise);
    }
  }

  private static void add(boolean error, List<Problem> errors, List<Problem> warnings, String message,
      String advice) {
    if (error) {
      errors.add(Problem.of("spec.maxTrialCount", "K-size", message + advice));
    } else {
      warnings.add(Problem.of("spec.maxTrialCount", "K-size", message));
    }
  }

  private static long kib(long bytes) {
    return (bytes + 1023) / 1024;
  }

  private String limitText() {
    return String.format(Locale.ROOT, "%.1f MiB", objectSizeLimit / 1048576.0);
  }
}
