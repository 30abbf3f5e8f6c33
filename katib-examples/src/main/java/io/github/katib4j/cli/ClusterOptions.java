package io.github.katib4j.cli;

import io.github.katib4j.ExperimentRef;
import io.github.katib4j.KatibException;
import io.github.katib4j.KatibValidationException;
import io.github.katib4j.k8s.KatibClient;
import io.github.katib4j.k8s.RetryPolicy;
import io.github.katib4j.k8s.internal.KubeconfigFiles;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Options of the commands that talk to a cluster: which kubeconfig, context and namespace. */
final class ClusterOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

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

  @Option(names = "--request-timeout", paramLabel = "DURATION", defaultValue = "5s",
      converter = DurationConverter.class,
      description = "How long each attempt of a request may take before it is tried again, up to 3 attempts "
          + "(default: ${DEFAULT-VALUE}); watches are not cut by it.")
  Duration requestTimeout;

  /**
   * A command is one answer a person waits for: a cluster that does not answer fails it within seconds (kubectl fails
   * at once), where the library's default tries for about a minute. With {@code --request-timeout}, an API server
   * that accepts connections but does not answer fails a command after at most 3 x 5 s plus 2 x 2 s of backoff.
   * Watches still reconnect for as long as {@code --wait} waits.
   */
  static final RetryPolicy RETRIES = RetryPolicy.defaults().withMaxAttempts(3).withMaxBackoff(Duration.ofSeconds(2));

  /**
   * The options that set what the client's messages name as its builder's methods, so that they advise what a user of
   * the command line can do; a setting without an option keeps the library's wording.
   */
  static final Map<String, String> SETTINGS = Map.of(
      "katibNamespace", "--katib-namespace NAMESPACE",
      "objectSizeLimit", "katib submit --object-size-limit BYTES");

  KatibClient client() {
    return client(builder -> { });
  }

  /** The client, with what {@code settings} adds to its builder (a command's own options). */
  KatibClient client(Consumer<KatibClient.Builder> settings) {
    requireConfiguration();
    KatibClient.Builder builder = KatibClient.builder().retryPolicy(RETRIES).requestTimeout(requestTimeout)
        .settingNames(SETTINGS::get);
    settings.accept(builder);
    if (kubeconfig != null) {
      builder.kubeconfig(kubeconfig);
    }
    if (context != null) {
      builder.context(context);
    }
    if (namespace != null) {
      try {
        builder.namespace(namespace);
      } catch (KatibValidationException e) {
        throw new ParameterException(mixee.commandLine(), "--namespace " + e.problems().get(0).message());
      }
    }
    try {
      builder.katibNamespace(katibNamespace);
    } catch (KatibValidationException e) {
      throw new ParameterException(mixee.commandLine(), "--katib-namespace " + e.problems().get(0).message());
    }
    return builder.build();
  }

  /**
   * Refuses, in this command line's terms, to go on without any cluster configuration: the library's own message
   * advises Java calls ({@code KatibClient.builder().kubeconfig(path)}). Where it would find one (a file, or a pod's
   * service account), the library reads it and reports what is wrong with it.
   */
  private void requireConfiguration() {
    if (kubeconfig != null || System.getenv("KUBERNETES_SERVICE_HOST") != null) {
      return;
    }
    String variable = System.getenv("KUBECONFIG");
    // The files the client would read: those $KUBECONFIG names, ~/.kube/config only when it is not set (as kubectl).
    if (!KubeconfigFiles.defaults(variable, File.pathSeparator, Path.of(System.getProperty("user.home"))).isEmpty()) {
      return;
    }
    if (variable != null && !variable.isBlank()) {
      throw new KatibException("no cluster configuration found: $KUBECONFIG is set to \"" + variable + "\", but none "
          + "of the files it names exists; correct or unset $KUBECONFIG (~/.kube/config is read only when it is not "
          + "set), or give the cluster's kubeconfig with --kubeconfig FILE" + localAdvice());
    }
    throw new KatibException("no cluster configuration found: $KUBECONFIG is not set, ~/.kube/config does not exist "
        + "and this is not a pod in a cluster; give the cluster's kubeconfig with --kubeconfig FILE, or set "
        + "$KUBECONFIG to it" + localAdvice());
  }

  /** What the command's counterpart does for experiments run on this machine, which need no cluster. */
  private String localAdvice() {
    switch (mixee.name()) {
      case "submit":
        return ". To run the experiment on this machine instead: katib run FILE";
      case "budget":
        return ". An experiment run on this machine (katib run) changes its budget with katib run FILE --resume "
            + "--max-trials N";
      case "delete":
        return ". An experiment run on this machine (katib run) is deleted with its folder, such as "
            + "katib-runs/default/NAME";
      default:
        return ". For an experiment run on this machine (katib run), katib report DIR shows its results, DIR being"
            + " its folder, such as katib-runs/default/NAME";
    }
  }

  static ExperimentRef ref(KatibClient client, String name) {
    return ExperimentRef.of(client.namespace(), name);
  }
}
