package io.github.katib4j.internal.validation;

import io.github.katib4j.Problem;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.ObjectMeta;
import io.github.katib4j.internal.Shown;
import io.github.katib4j.internal.kubernetes.KubernetesNames;
import java.util.Optional;

/**
 * Rule {@code K-suggestion-name} (cluster): Katib names the suggestion's Deployment and Service, and with early
 * stopping or FromVolume its ServiceAccount, Role and PersistentVolumeClaim, {@code <experiment>-<algorithmName>}
 * ({@code GetSuggestionServiceName} and its siblings in {@code pkg/controller.v1beta1/util/suggestion.go}). A
 * Service's name must be a DNS-1035 label (no {@code .}, at most 63 characters), so for an experiment named
 * {@code a.b} the suggestion controller fails to create its Service on every reconcile and the experiment never gets a
 * trial, although both the API server and Katib's webhook admit the Experiment. The other names Katib derives from the
 * experiment's (the Suggestion, the same name; trials {@code <experiment>-<8 characters>} and their jobs, DNS-1123
 * subdomains with V1's 40 characters) are safe once K-name holds. The local engine runs such an experiment and notes
 * that a cluster cannot.
 */
public final class SuggestionNames {
  static final String RULE = "K-suggestion-name";
  /** What Kubernetes appends to a generateName. */
  private static final int GENERATED = 5;

  private SuggestionNames() {}

  /**
   * The problem with the name of {@code experiment}'s suggestion Service, if any; none when the name or algorithm is
   * missing or already wrong for other reasons (V1, K-name, A2, A3 say so).
   */
  public static Optional<Problem> problem(Experiment experiment) {
    String algorithm = experiment.spec().algorithm().map(a -> a.algorithmName()).orElse("");
    ObjectMeta metadata = experiment.metadata();
    boolean generated = metadata.name().isEmpty();
    String name = generated ? metadata.generateName() : metadata.name();
    if (algorithm.isEmpty() || name.isEmpty()) {
      return Optional.empty();
    }
    String path = generated ? "metadata.generateName" : "metadata.name";
    String shown = generated ? name + "<5 random characters>-" + algorithm : name + "-" + algorithm;
    String what = "Katib names the suggestion's Deployment and Service " + Shown.value(shown) + " (the experiment's"
        + " name, '-', the algorithm's name), and the API server refuses that Service: a Service's name must be "
        + KubernetesNames.DNS1035_LABEL_RULE + ". The Experiment is admitted, but Katib's suggestion controller fails"
        + " to create the Service on every attempt and the experiment never gets a trial";
    if (KubernetesNames.dns1123Label(algorithm).isPresent()) {
      // Only a cluster's own katib-config can install such an algorithm name (A3 refuses it otherwise).
      return Optional.of(Problem.of("spec.algorithm.algorithmName", RULE, what + "; found algorithm "
          + Shown.value(algorithm) + ", which is not " + KubernetesNames.DNS1123_LABEL_RULE + ": install the"
          + " algorithm in katib-config under such a name"));
    }
    if (name.contains(".")) {
      String stem = generated && name.endsWith("-") ? name.substring(0, name.length() - 1) : name;
      String example = KubernetesNames.suggestion(stem, false).map(s -> s + (generated ? "-" : "")).orElse("");
      return Optional.of(Problem.of(path, RULE, what + "; found " + (generated ? "generateName " : "name ")
          + Shown.value(name) + ", with '.': use a name without dots" + (example.isEmpty() ? ""
              : ", for example " + Shown.value(example))));
    }
    int length = KubernetesNames.utf8Length(name) + (generated ? GENERATED : 0) + 1
        + KubernetesNames.utf8Length(algorithm);
    if (length > KubernetesNames.DNS1035_LABEL_MAX) {
      return Optional.of(Problem.of(path, RULE, what + "; with algorithm " + Shown.value(algorithm) + " it has "
          + length + " characters: shorten the " + (generated ? "generateName" : "name") + " by at least "
          + (length - KubernetesNames.DNS1035_LABEL_MAX) + " characters"));
    }
    return Optional.empty();
  }

  /** Adds the problem unless V1, K-name or a problem with the algorithm's name already reports the cause. */
  static void check(Experiment experiment, Findings findings) {
    boolean reported = findings.list().stream().anyMatch(p -> p.rule().equals("V1") || p.rule().equals("K-name")
        || p.path().equals("spec.algorithm.algorithmName") || p.path().equals("spec.algorithm"));
    if (!reported) {
      problem(experiment).ifPresent(p -> findings.add(p.path(), p.rule(), p.message()));
    }
  }
}
