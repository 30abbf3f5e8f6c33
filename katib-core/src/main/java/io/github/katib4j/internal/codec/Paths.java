package io.github.katib4j.internal.codec;

/** Field paths in Kubernetes' form: {@code spec.parameters[1].feasibleSpace.max}, {@code metadata.labels[app]}. */
public final class Paths {
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
    return isPlainName(key) ? field(parent, key) : key(parent, key);
  }

  /**
   * Whether {@code key} matches {@code [A-Za-z_$][A-Za-z0-9_$-]*}. A loop rather than that regular expression: the
   * renderer names every member of every trial's job this way.
   */
  private static boolean isPlainName(String key) {
    if (key.isEmpty() || !isNameStart(key.charAt(0))) {
      return false;
    }
    for (int i = 1; i < key.length(); i++) {
      char c = key.charAt(i);
      if (!isNameStart(c) && !(c >= '0' && c <= '9') && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean isNameStart(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == '$';
  }
}
