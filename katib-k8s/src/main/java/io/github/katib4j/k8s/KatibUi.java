package io.github.katib4j.k8s;

import io.github.katib4j.ExperimentRef;
import io.github.katib4j.KatibException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Addresses of Katib's web UI (v0.19.0), which serves its pages under {@code /katib/}: for example
 * {@code http://localhost:8080/katib/} after {@code kubectl port-forward svc/katib-ui -n kubeflow 8080:80}.
 *
 * <pre>{@code
 * URI page = KatibUi.at(URI.create("http://localhost:8080")).experiment(ExperimentRef.of("kubeflow", "random"));
 * // http://localhost:8080/katib/experiment/kubeflow/random
 * }</pre>
 */
public final class KatibUi {
  private final URI base;

  private KatibUi(URI base) {
    this.base = base;
  }

  /**
   * The UI at {@code base}: either where the UI is served ({@code https://host/katib/}) or the host alone
   * ({@code https://host}), in which case {@code /katib/} is added.
   */
  public static KatibUi at(URI base) {
    Objects.requireNonNull(base, "base");
    if (!base.isAbsolute() || base.getHost() == null) {
      throw new KatibException("Katib UI base must be an absolute http(s) URL such as http://localhost:8080/katib/; "
          + "found \"" + base + "\"");
    }
    String path = base.getPath() == null || base.getPath().isEmpty() || base.getPath().equals("/") ? "/katib/"
        : base.getPath().endsWith("/") ? base.getPath() : base.getPath() + "/";
    return new KatibUi(URI.create(base.getScheme() + "://" + base.getRawAuthority() + path));
  }

  /** Where the UI is served, ending in {@code /}. */
  public URI base() {
    return base;
  }

  /** The experiment's page: {@code <base>experiment/<namespace>/<name>}. */
  public URI experiment(ExperimentRef ref) {
    return base.resolve("experiment/" + encode(ref.namespace()) + "/" + encode(ref.name()));
  }

  /** A trial's page: {@code <base>experiment/<experiment>/trial/<trial>}, as the UI's trial table links it. */
  public URI trial(ExperimentRef ref, String trialName) {
    return base.resolve("experiment/" + encode(ref.name()) + "/trial/" + encode(trialName));
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public String toString() {
    return base.toString();
  }
}
