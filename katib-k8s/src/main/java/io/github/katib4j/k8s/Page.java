package io.github.katib4j.k8s;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One page of a list, with the token that continues it. */
public final class Page<T> {
  private final List<T> items;
  private final String continueToken;

  private Page(List<T> items, String continueToken) {
    this.items = List.copyOf(items);
    this.continueToken = continueToken == null || continueToken.isEmpty() ? null : continueToken;
  }

  public static <T> Page<T> of(List<T> items, String continueToken) {
    return new Page<>(Objects.requireNonNull(items, "items"), continueToken);
  }

  public List<T> items() {
    return items;
  }

  /** The token that asks for the next page, empty on the last page. */
  public Optional<String> continueToken() {
    return Optional.ofNullable(continueToken);
  }

  @Override
  public String toString() {
    return items.size() + " items" + (continueToken == null ? " (last page)" : " (more follow)");
  }
}
