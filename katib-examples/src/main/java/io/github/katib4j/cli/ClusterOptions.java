package io.github.katib4j.cli;

import io.github.katib4j.ExperimentRef;
import io.github.katib4j.k8s.KatibClient;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options of the commands that talk to a cluster: which kubeconfig, context and namespace. */
final class ClusterOptions {
  @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE",
      description = "The namespace (default: the kubeconfig context's namespace, or \"default\").")
  String namespace;

  @Option(names = "--kubeconfig", paramLabel = "FILE",
      description = "The kubeconfig file (default: $KUBECONFIG, then ~/.kube/config, then the pod's service account).")
  Path kubeconfig;

  @Option(names = "--context", paramLabel = "NAME",
      description = "A context of the kubeconfig other than its current one.")
  String context;

  @Option(names = "--katib-namespace", paramLabel = "NAMESPACE", defaultValue = "kubeflow",
      description = "Where Katib runs, whose katib-config lists the installed algorithms (default: ${DEFAULT-VALUE}).")
  String katibNamespace;

  KatibClient client() {
    KatibClient.Builder builder = KatibClient.builder().katibNamespace(katibNamespace);
    if (kubeconfig != null) {
      builder.kubeconfig(kubeconfig);
    }
    if (context != null) {
      builder.context(context);
    }
    if (namespace != null) {
      builder.namespace(namespace);
    }
    return builder.build();
  }

  static ExperimentRef ref(KatibClient client, String name) {
    return ExperimentRef.of(client.namespace(), name);
  }
}
