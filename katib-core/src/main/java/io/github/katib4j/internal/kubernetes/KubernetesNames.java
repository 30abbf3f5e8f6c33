package io.github.katib4j.internal.kubernetes;

import io.github.katib4j.KatibValidationException;
import io.github.katib4j.Problem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the API server accepts as object names, namespaces, label keys and values, and annotations: the rules of
 * {@code k8s.io/apimachinery/pkg/util/validation} and {@code pkg/api/validation/objectmeta.go}. Lengths count UTF-8
 * bytes, as Go's {@code len} does.
 */
public final class KubernetesNames {
  /** {@code TotalAnnotationSizeLimitB}: the keys and values of an object's annotations together, in bytes. */
  public static final int ANNOTATIONS_SIZE_LIMIT = 256 * 1024;

  private static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final Pattern DNS1123_LABEL = Pattern.compile(DNS_LABEL);
  private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile(DNS_LABEL + "(\\." + DNS_LABEL + ")*");
  private static final Pattern LABEL_KEY_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final String SUBDOMAIN_RULE = "a lowercase RFC 1123 subdomain: lower case alphanumeric characters,"
      + " '-' or '.', starting and ending with an alphanumeric character, at most 253 characters";
  /** What {@link #dns1123Label} accepts, for messages. */
  public static final String DNS1123_LABEL_RULE = "a lowercase RFC 1123 label: lower case alphanumeric characters"
      + " or '-', starting and ending with an alphanumeric character, at most 63 characters";
  /** What a Service's name must be ({@code IsDNS1035Label}), for messages. */
  public static final String DNS1035_LABEL_RULE = "a DNS-1035 label: lower case alphanumeric characters or '-',"
      + " starting with a letter and ending with an alphanumeric character, at most 63 characters";
  /** The longest DNS-1035 (and DNS-1123) label. */
  public static final int DNS1035_LABEL_MAX = 63;
  private static final String KEY_NAME_RULE = "at most 63 alphanumeric characters, '-', '_' or '.', starting and"
      + " ending with an alphanumeric character";

  private KubernetesNames() {}

  /**
   * The problem with {@code name} as an object's name (rule {@code K-name}: a DNS-1123 subdomain, as for experiments,
   * trials and suggestions), if any. Such a name stays one segment of a request path, and one folder of a local
   * engine's directory.
   */
  public static Optional<Problem> nameProblem(String path, String name) {
    return dns1123Subdomain(name).map(why -> Problem.of(path, "K-name", why + " (e.g. 'random-1'), found "
        + quoted(name)));
  }

  /** The problem with {@code namespace} as a namespace's name (rule {@code K-namespace}: a DNS-1123 label), if any. */
  public static Optional<Problem> namespaceProblem(String path, String namespace) {
    return dns1123Label(namespace).map(why -> Problem.of(path, "K-namespace", why + " (e.g. 'team-a'), found "
        + quoted(namespace)));
  }

  /**
   * Throws when any of {@code problems} is present, before such names are used.
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

  /** {@code IsDNS1123Subdomain}: what is wrong, or empty when {@code value} is one. */
  public static Optional<String> dns1123Subdomain(String value) {
    boolean ok = utf8Length(value) <= 253 && DNS1123_SUBDOMAIN.matcher(value).matches();
    return ok ? Optional.empty() : Optional.of("must be " + SUBDOMAIN_RULE);
  }

  /** {@code IsDNS1123Label}: what is wrong, or empty when {@code value} is one. */
  public static Optional<String> dns1123Label(String value) {
    boolean ok = utf8Length(value) <= 63 && DNS1123_LABEL.matcher(value).matches();
    return ok ? Optional.empty() : Optional.of("must be " + DNS1123_LABEL_RULE);
  }

  /**
   * {@code IsQualifiedName} (a label key, and an annotation key once lower-cased): an optional DNS subdomain prefix
   * and {@code /}, then a name; what is wrong, or empty.
   */
  public static Optional<String> qualifiedName(String value) {
    String[] parts = value.split("/", -1);
    String why = "must be an optional DNS subdomain prefix and '/' (such as example.com/), then a name of "
        + KEY_NAME_RULE;
    if (parts.length > 2) {
      return Optional.of(why + "; it has more than one '/'");
    }
    if (parts.length == 2 && (parts[0].isEmpty() || dns1123Subdomain(parts[0]).isPresent())) {
      return Optional.of(why + "; its prefix is not " + SUBDOMAIN_RULE);
    }
    String name = parts[parts.length - 1];
    if (utf8Length(name) > 63 || !LABEL_KEY_NAME.matcher(name).matches()) {
      return Optional.of(why);
    }
    return Optional.empty();
  }

  /** {@code IsValidLabelValue}: what is wrong, or empty. */
  public static Optional<String> labelValue(String value) {
    boolean ok = value.isEmpty() || utf8Length(value) <= 63 && LABEL_KEY_NAME.matcher(value).matches();
    return ok ? Optional.empty() : Optional.of("must be empty or " + KEY_NAME_RULE);
  }

  /**
   * A name like {@code value} that {@link #dns1123Label} ({@code dots} false) or {@link #dns1123Subdomain} accepts,
   * such as {@code ran-dom} for {@code Ran_dom}; empty when nothing of it is left.
   */
  public static Optional<String> suggestion(String value, boolean dots) {
    StringBuilder out = new StringBuilder();
    for (char c : value.toLowerCase(Locale.ROOT).toCharArray()) {
      boolean keep = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || dots && c == '.';
      out.append(keep ? c : '-');
    }
    String suggestion = out.toString().replaceAll("^[-.]+|[-.]+$", "").replaceAll("\\.[-.]*\\.", ".")
        .replaceAll("-+\\.|\\.-+", ".");
    int max = dots ? 253 : 63;
    suggestion = suggestion.length() > max ? suggestion.substring(0, max).replaceAll("[-.]+$", "") : suggestion;
    return suggestion.isEmpty() ? Optional.empty() : Optional.of(suggestion);
  }

  /** Go's {@code len} of a string: its UTF-8 bytes. */
  public static int utf8Length(String value) {
    return value.getBytes(StandardCharsets.UTF_8).length;
  }
}
