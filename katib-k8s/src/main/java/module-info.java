/** katib-k8s: Katib on a Kubernetes cluster, through the official client-java. */
module io.github.katib4j.k8s {
  requires transitive io.github.katib4j.core;
  requires transitive io.kubernetes.client.java.api;
  requires io.kubernetes.client.java;
  requires okhttp3;

  exports io.github.katib4j.k8s;
}
