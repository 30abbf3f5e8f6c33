package io.github.katib4j.k8s.internal;

import java.util.function.DoubleSupplier;

/** Names as the API server generates them from {@code metadata.generateName}. */
public final class Names {
  /** The alphabet of Kubernetes' {@code utilrand.String}: no vowels, so no words, and no look-alike characters. */
  private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
  /** The API server's SimpleNameGenerator: at most 63 characters, of which 5 random. */
  private static final int MAX_PREFIX = 58;

  private Names() {}

  /** {@code prefix} (cut to 58 characters) followed by 5 random characters, as the API server would make it. */
  public static String generate(String prefix, DoubleSupplier random) {
    StringBuilder name = new StringBuilder(prefix.length() > MAX_PREFIX ? prefix.substring(0, MAX_PREFIX) : prefix);
    for (int i = 0; i < 5; i++) {
      name.append(ALPHABET.charAt((int) (random.getAsDouble() * ALPHABET.length())));
    }
    return name.toString();
  }
}
