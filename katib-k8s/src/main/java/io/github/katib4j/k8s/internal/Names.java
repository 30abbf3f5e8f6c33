package io.github.katib4j.k8s.internal;

import io.github.katib4j.KatibValidationException;
import io.github.katib4j.Problem;
import io.github.katib4j.internal.kubernetes.KubernetesNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/** Names as the API server takes them (DNS-1123), and as it generates them from {@code metadata.generateName}. */
public final class Names {
  /** The alphabet of Kubernetes' {@code utilrand.String}: no vowels, so no words, and no look-alike characters. */
  private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
  /** The API server's SimpleNameGenerator: at most 63 characters, of which 5 random. */
  private static final int MAX_PREFIX = 58;
  /** Not a Katib rule: the names Kubernetes takes in a request path. */
  static final String RULE = "K-name";

  private Names() {}

  /** {@code prefix} (cut to 58 characters) followed by 5 random characters, as the API server would make it. */
  public static String generate(String prefix, DoubleSupplier random) {
    StringBuilder name = new StringBuilder(prefix.length() > MAX_PREFIX ? prefix.substring(0, MAX_PREFIX) : prefix);
    for (int i = 0; i < 5; i++) {
      name.append(ALPHABET.charAt((int) (random.getAsDouble() * ALPHABET.length())));
    }
    return name.toString();
  }

  /**
   * The problem with {@code name} as an object's name (a DNS-1123 subdomain, as for experiments, trials and
   * suggestions), if any; such a name can go into a request path and stay one segment of it.
   */
  public static Optional<Problem> objectName(String path, String name) {
    return KubernetesNames.dns1123Subdomain(name)
        .map(why -> Problem.of(path, RULE, why + " (e.g. 'random-1'), found " + quoted(name)));
  }

  /** The problem with {@code namespace} as a namespace's name (a DNS-1123 label), if any. */
  public static Optional<Problem> namespace(String path, String namespace) {
    return KubernetesNames.dns1123Label(namespace)
        .map(why -> Problem.of(path, RULE, why + " (e.g. 'team-a'), found " + quoted(namespace)));
  }

  /**
   * Throws when any of {@code problems} is present, before a request is made with such names.
   *
   * @param subject what the names are, for the message: {@code Experiment reference "a/b"}
   */
  @SafeVarargs
  public static void require(String subject, Optional<Problem>... problems) {
    List<Problem> found = new ArrayList<>();
    for (Optional<Problem> problem : problems) {
      problem.ifPresent(found::add);
    }
    if (!found.isEmpty()) {
      throw new KatibValidationException(subject, found);
    }
  }

  private static String quoted(String value) {
    return value.isEmpty() ? "an empty name" : "\"" + value + "\"";
  }
}
