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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
  private static final String DEFAULTS_SOURCE = "Katib v0.19.0's default configuration";

  private final KubeApi api;
  private final String katibNamespace;
  private final long objectSizeLimit;
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

  public ClusterChecks(KubeApi api, String katibNamespace, long objectSizeLimit) {
    this.api = api;
    this.katibNamespace = katibNamespace;
    this.objectSizeLimit = objectSizeLimit;
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
    if (source.isPresent()) {
      validator = withTemplate(validator, source.get(), warnings);
    }
    errors.addAll(validator.validate(experiment).problems());
    checkLeftoverVolume(experiment, errors);
    checkSize(experiment, errors, warnings);
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
        + "KatibClient.builder().katibNamespace(...)");
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

  private ExperimentValidator withTemplate(ExperimentValidator validator, ConfigMapSource source,
      List<Problem> warnings) {
    try {
      Optional<JsonObject> configMap = api.find(Paths.configMap(source.configMapNamespace(),
          source.configMapName()));
      Optional<String> text = configMap.map(c -> Json.object(c, "data"))
          .filter(d -> d.has(source.templatePath())).map(d -> Json.string(d, source.templatePath()));
      return validator.withConfigMaps(s -> s.equals(source) ? text : Optional.empty());
    } catch (KatibApiException e) {
      if (e.statusCode() == 401 || e.statusCode() == 403) {
        warnings.add(Problem.of("spec.trialTemplate.configMap", "K-access", "could not read ConfigMap "
            + source.configMapNamespace() + "/" + source.configMapName() + " to check the trial template in it: HTTP "
            + e.statusCode() + " " + e.reason()));
        return validator;
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

  private void checkSize(Experiment experiment, List<Problem> errors, List<Problem> warnings) {
    StatusSize size = StatusSize.of(experiment);
    long fits = size.trialsWithin(objectSizeLimit * 9 / 10);
    if (experiment.spec().maxTrialCount().isEmpty()) {
      String limit = limitText();
      warnings.add(Problem.of("spec.maxTrialCount", "K-size", "no maxTrialCount: Katib's Suggestion object grows by "
          + "about " + size.suggestionBytesPerTrial() + " bytes per trial and passes 90% of etcd's " + limit
          + " object limit after about " + fits + " trials, when Katib stalls without an error"));
      return;
    }
    int trials = experiment.spec().maxTrialCount().getAsInt();
    long projected = size.largestBytes(trials);
    if (projected <= objectSizeLimit * 2 / 3) {
      return;
    }
    String limit = limitText();
    String message = "with maxTrialCount " + trials + ", Katib's Suggestion object is projected to reach about "
        + projected / 1024 + " KiB (about " + size.suggestionBytesPerTrial() + " bytes per trial: its name and "
        + "assignments), against etcd's " + limit + " object limit; about " + fits + " trials fit within 90% of it";
    if (projected > objectSizeLimit * 9 / 10) {
      errors.add(Problem.of("spec.maxTrialCount", "K-size", message + ". Katib stalls without an error when the "
          + "object no longer fits (kubeflow/katib#1847): split the search into several experiments, shorten the "
          + "experiment name and parameter values, or raise the limit with KatibClient.builder().objectSizeLimit(...) "
          + "if the cluster's etcd allows larger requests"));
    } else {
      warnings.add(Problem.of("spec.maxTrialCount", "K-size", message));
    }
  }

  private String limitText() {
    return String.format(Locale.ROOT, "%.1f MiB", objectSizeLimit / 1048576.0);
  }
}
