package io.github.katib4j.internal.codec;

import java.util.regex.Pattern;

/** Field paths in Kubernetes' form: {@code spec.parameters[1].feasibleSpace.max}, {@code metadata.labels[app]}. */
public final class Paths {
  private static final Pattern SIMPLE_KEY = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$-]*");

  private Paths() {}

  /** The path of struct field {@code name} under {@code parent}. */
  public static String field(String parent, String name) {
    return parent.isEmpty() ? name : parent + "." + name;
  }

  /** The path of list element {@code index} under {@code parent}. */
  public static String index(String parent, int index) {
    return parent + "[" + index + "]";
  }

  /** The path of map entry {@code key} under {@code parent}. */
  public static String key(String parent, String key) {
    return parent + "[" + key + "]";
  }

  /** The path of a key in free-form content: a field where the key is a plain name, else a map entry. */
  public static String member(String parent, String key) {
    return SIMPLE_KEY.matcher(key).matches() ? field(parent, key) : key(parent, key);
  }
}
