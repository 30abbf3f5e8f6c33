package io.github.katib4j.internal.template;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Katib's trial-template syntax, exactly as its controller and webhook match it
 * ({@code pkg/controller.v1beta1/consts/const.go} at v0.19.0). Go's {@code FindStringSubmatch} searches rather than
 * matches the whole text, hence {@link Matcher#find()} throughout.
 */
public final class TemplateSyntax {
  /** Any placeholder in template text ({@code TrialTemplateParamReplaceFormatRegex}). */
  public static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{trialParameters\\..+?\\}", Pattern.UNIX_LINES);

  /** A metadata reference in a trial parameter's {@code reference} ({@code TrialTemplateMetaReplaceFormatRegex}). */
  public static final Pattern METADATA_REFERENCE = Pattern.compile("\\$\\{trialSpec\\.(.+?)\\}", Pattern.UNIX_LINES);

  /** The index of a {@code Labels[key]} or {@code Annotations[key]} reference ({@code ...MetaParseFormatRegex}). */
  public static final Pattern INDEXED_KEY = Pattern.compile("(.+)\\[(.+)]", Pattern.UNIX_LINES);

  public static final String NAME = "Name";
  public static final String NAMESPACE = "Namespace";
  public static final String KIND = "Kind";
  public static final String API_VERSION = "APIVersion";
  public static final String ANNOTATIONS = "Annotations";
  public static final String LABELS = "Labels";

  /** The metadata keys Katib knows, in its order ({@code TrialTemplateMetaKeys}). */
  public static final List<String> METADATA_KEYS = List.of(NAME, NAMESPACE, KIND, API_VERSION, ANNOTATIONS, LABELS);

  private TemplateSyntax() {}

  /**
   * The placeholders in {@code text} that are none of {@code declared}, each once, as Katib's webhook finds them
   * (rule T13: the declared placeholders replaced, then {@link #PLACEHOLDER} searched).
   */
  public static List<String> unknownPlaceholders(String text, Collection<String> declared) {
    String remaining = text;
    for (String name : declared) {
      remaining = remaining.replace(placeholder(name), "test-value");
    }
    Set<String> unknown = new LinkedHashSet<>();
    Matcher matcher = PLACEHOLDER.matcher(remaining);
    while (matcher.find()) {
      unknown.add(matcher.group());
    }
    return new ArrayList<>(unknown);
  }

  /** {@code ${trialParameters.<name>}}. */
  public static String placeholder(String trialParameterName) {
    return "${trialParameters." + trialParameterName + "}";
  }

  /**
   * A trial parameter's reference to trial metadata, such as {@code ${trialSpec.Name}} or
   * {@code ${trialSpec.Labels[app]}}, split into key and index; empty when the reference names a search parameter.
   * The key is returned even when Katib does not know it, so callers can report it.
   */
  public static Optional<MetadataReference> metadataReference(String reference) {
    Matcher meta = METADATA_REFERENCE.matcher(reference);
    if (!meta.find()) {
      return Optional.empty();
    }
    String key = meta.group(1);
    Matcher indexed = INDEXED_KEY.matcher(key);
    if (indexed.find()) {
      return Optional.of(new MetadataReference(indexed.group(1), indexed.group(2)));
    }
    return Optional.of(new MetadataReference(key, ""));
  }

  /** A parsed {@code ${trialSpec.Key[index]}} reference. */
  public static final class MetadataReference {
    private final String key;
    private final String index;

    MetadataReference(String key, String index) {
      this.key = key;
      this.index = index;
    }

    /** {@code Name}, {@code Namespace}, {@code Kind}, {@code APIVersion}, {@code Labels}, {@code Annotations}. */
    public String key() {
      return key;
    }

    /** The label or annotation key, or {@code ""}. */
    public String index() {
      return index;
    }

    /** Whether Katib knows the key (the index is checked only at render time). */
    public boolean isKnownKey() {
      return METADATA_KEYS.contains(key);
    }
  }
}
