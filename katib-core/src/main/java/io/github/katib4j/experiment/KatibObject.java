package io.github.katib4j.experiment;

/** A top-level Katib resource: {@link Experiment}, {@link Trial} or {@link Suggestion}. */
public interface KatibObject {
  /** Katib's API group and version, {@code kubeflow.org/v1beta1}. */
  String API_VERSION = "kubeflow.org/v1beta1";

  /** The API group, {@code kubeflow.org}. */
  String GROUP = "kubeflow.org";

  /** The API version, {@code v1beta1}. */
  String VERSION = "v1beta1";

  /** {@value #API_VERSION}. */
  default String apiVersion() {
    return API_VERSION;
  }

  /** {@code Experiment}, {@code Trial} or {@code Suggestion}. */
  String kind();

  ObjectMeta metadata();
}
