package io.github.katib4j.k8s;

/** How the API server deletes an experiment's trials and suggestion, which the experiment owns. */
public enum DeletePropagation {
  /** The experiment goes at once; the garbage collector deletes its trials and suggestion afterwards (the default). */
  BACKGROUND("Background"),
  /** The experiment stays, marked for deletion, until the garbage collector has deleted its trials and suggestion. */
  FOREGROUND("Foreground"),
  /** Only the experiment goes; its trials and suggestion stay, without an owner. */
  ORPHAN("Orphan");

  private final String wireName;

  DeletePropagation(String wireName) {
    this.wireName = wireName;
  }

  /** Kubernetes' {@code propagationPolicy} value. */
  public String wireName() {
    return wireName;
  }
}
