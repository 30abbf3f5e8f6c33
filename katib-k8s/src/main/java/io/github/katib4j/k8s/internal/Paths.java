package io.github.katib4j.k8s.internal;

import io.github.katib4j.ExperimentRef;
import io.github.katib4j.experiment.KatibObject;
import io.github.katib4j.experiment.Trial;
import java.util.Map;

/** REST paths of the objects katib4j reads and writes. */
public final class Paths {
  /** Katib's API group and version, {@code /apis/kubeflow.org/v1beta1}. */
  public static final String KATIB = "/apis/" + KatibObject.GROUP + "/" + KatibObject.VERSION;

  private Paths() {}

  public static String experiments(String namespace) {
    return KATIB + "/namespaces/" + segment(namespace) + "/experiments";
  }

  public static String experiment(ExperimentRef ref) {
    return experiments(ref.namespace()) + "/" + segment(ref.name());
  }

  public static String trials(String namespace) {
    return KATIB + "/namespaces/" + segment(namespace) + "/trials";
  }

  /** The query parameters that select an experiment's trials from {@link #trials}: Katib's experiment label. */
  public static Map<String, String> trialsOf(ExperimentRef ref) {
    return Map.of("labelSelector", Trial.EXPERIMENT_LABEL + "=" + ref.name());
  }

  public static String trial(String namespace, String name) {
    return trials(namespace) + "/" + segment(name);
  }

  public static String suggestion(ExperimentRef ref) {
    return KATIB + "/namespaces/" + segment(ref.namespace()) + "/suggestions/" + segment(ref.name());
  }

  public static String namespace(String namespace) {
    return "/api/v1/namespaces/" + segment(namespace);
  }

  public static String configMap(String namespace, String name) {
    return namespace(namespace) + "/configmaps/" + segment(name);
  }

  public static String persistentVolume(String name) {
    return "/api/v1/persistentvolumes/" + segment(name);
  }

  /**
   * A path segment, percent-encoded; Kubernetes names never need it, but a mistyped name must not reach another
   * path (a name like {@code ../secrets}).
   */
  static String segment(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
          || c == '~' || (c == '.' && !value.equals(".") && !value.equals(".."))) {
        out.append(c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
