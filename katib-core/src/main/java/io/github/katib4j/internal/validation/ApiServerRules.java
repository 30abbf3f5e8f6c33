package io.github.katib4j.internal.validation;

import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.ObjectMeta;
import io.github.katib4j.internal.Shown;
import io.github.katib4j.internal.codec.Paths;
import io.github.katib4j.internal.kubernetes.KubernetesNames;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the API server refuses in an Experiment's own metadata although Katib's webhook admits it (rules
 * {@code K-name}, {@code K-namespace}, {@code K-label}, {@code K-annotation}): Kubernetes' object-meta validation,
 * which runs on every create. Katib's V1 only looks for a lowercase start (its regular expression is not anchored at
 * the end), so {@code ran_dom}, {@code random-} and {@code rändom} pass it. The local engine applies the name and
 * namespace rules too: it keeps each experiment in the folder {@code <namespace>/<name>}, where a name such as
 * {@code ..} or {@code a/b} would lead out of its directory.
 */
final class ApiServerRules {
  private static final String REFUSED = "the API server refuses ";
  private static final String LOCAL_REFUSED = "the local engine refuses, as the API server does, ";

  private ApiServerRules() {}

  static void check(Experiment experiment, Findings findings) {
    names(experiment, findings, REFUSED);
    SuggestionNames.check(experiment, findings);
    ObjectMeta metadata = experiment.metadata();
    for (Map.Entry<String, String> label : metadata.labels().entrySet()) {
      String path = Paths.key("metadata.labels", label.getKey());
      KubernetesNames.qualifiedName(label.getKey()).ifPresent(why -> findings.add(path, "K-label", REFUSED
          + "label key " + Shown.value(label.getKey()) + ": a label key " + why));
      KubernetesNames.labelValue(label.getValue()).ifPresent(why -> findings.add(path, "K-label", REFUSED
          + "label value " + Shown.value(label.getValue()) + ": a label value " + why + "; keep longer or freer text"
          + " in an annotation"));
    }
    long size = 0;
    for (Map.Entry<String, String> annotation : metadata.annotations().entrySet()) {
      size += KubernetesNames.utf8Length(annotation.getKey()) + KubernetesNames.utf8Length(annotation.getValue());
      KubernetesNames.qualifiedName(annotation.getKey().toLowerCase(Locale.ROOT)).ifPresent(why -> findings.add(
          Paths.key("metadata.annotations", annotation.getKey()), "K-annotation", REFUSED + "annotation key "
              + Shown.value(annotation.getKey()) + ": an annotation key (in any case) " + why));
    }
    if (size > KubernetesNames.ANNOTATIONS_SIZE_LIMIT) {
      findings.add("metadata.annotations", "K-annotation", REFUSED + "these annotations: their keys and values take "
          + size + " bytes, more than Kubernetes' limit of " + KubernetesNames.ANNOTATIONS_SIZE_LIMIT + " bytes (256"
          + " KiB); keep large content elsewhere, such as in a ConfigMap");
    }
  }

  /** {@code K-name} and {@code K-namespace} alone, as the local engine applies them. */
  static void localNames(Experiment experiment, Findings findings) {
    names(experiment, findings, LOCAL_REFUSED);
  }

  private static void names(Experiment experiment, Findings findings, String refused) {
    ObjectMeta metadata = experiment.metadata();
    // V1's message already states the API server's rule for a name without dots.
    if (findings.list().stream().noneMatch(p -> p.rule().equals("V1"))) {
      name(metadata, findings, refused);
    }
    String namespace = metadata.namespace();
    Optional<String> notLabel = KubernetesNames.dns1123Label(namespace);
    if (!namespace.isEmpty() && notLabel.isPresent()) {
      findings.add("metadata.namespace", "K-namespace", refused + "namespace " + Shown.value(namespace) + ": a"
          + " namespace " + notLabel.get() + suggestion(namespace, false));
    }
  }

  private static void name(ObjectMeta metadata, Findings findings, String refused) {
    if (!metadata.name().isEmpty()) {
      KubernetesNames.dns1123Subdomain(metadata.name()).ifPresent(why -> findings.add("metadata.name", "K-name",
          refused + "name " + Shown.value(metadata.name()) + ": an object's name " + why + " (Katib's V1 looks only"
          + " at how it starts)" + suggestion(metadata.name(), true)));
    } else if (!metadata.generateName().isEmpty()) {
      // Checked as a prefix, which may end with '-'; Kubernetes then appends five letters and digits.
      String prefix = metadata.generateName();
      String stem = prefix.endsWith("-") ? prefix.substring(0, prefix.length() - 1) : prefix;
      KubernetesNames.dns1123Subdomain(stem + "a").ifPresent(why -> findings.add("metadata.generateName", "K-name",
          refused + "generateName " + Shown.value(prefix) + ": with the five characters Kubernetes appends, an"
          + " object's name " + why + " (Katib's V1 looks only at how it starts)"
          + KubernetesNames.suggestion(stem, true).map(x -> "; use for example " + Shown.value(x + "-")).orElse("")));
    }
  }

  private static String suggestion(String value, boolean dots) {
    return KubernetesNames.suggestion(value, dots).map(s -> "; use for example " + Shown.value(s)).orElse("");
  }
}
