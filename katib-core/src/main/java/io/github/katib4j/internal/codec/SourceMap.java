package io.github.katib4j.internal.codec;

import io.github.katib4j.Problem;
import io.github.katib4j.SourcePosition;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Where each field path of a parsed document starts in its source text. */
public final class SourceMap {
  private static final SourceMap EMPTY = new SourceMap(Map.of());

  private final Map<String, SourcePosition> positions;

  SourceMap(Map<String, SourcePosition> positions) {
    this.positions = positions;
  }

  public static SourceMap empty() {
    return EMPTY;
  }

  static SourceMap.Builder builder() {
    return new Builder();
  }

  /**
   * The position of {@code path}, or of its nearest ancestor that has one; paths name map entries as {@code a[k]}
   * or {@code a.k} interchangeably.
   */
  public Optional<SourcePosition> find(String path) {
    String candidate = normalize(path);
    while (true) {
      SourcePosition position = positions.get(candidate);
      if (position != null) {
        return Optional.of(position);
      }
      if (candidate.isEmpty()) {
        return Optional.empty();
      }
      candidate = parent(candidate);
    }
  }

  /** {@code problem} located at its path, when this map knows where that is. */
  public Problem locate(Problem problem) {
    if (problem.position().isPresent()) {
      return problem;
    }
    return find(problem.path()).map(problem::at).orElse(problem);
  }

  /** Every {@code [key]} that is not a list index written as {@code .key}, the form the map stores. */
  static String normalize(String path) {
    StringBuilder out = new StringBuilder(path.length());
    int i = 0;
    while (i < path.length()) {
      char c = path.charAt(i);
      if (c == '[') {
        int end = path.indexOf(']', i);
        if (end < 0) {
          out.append(path, i, path.length());
          break;
        }
        String inner = path.substring(i + 1, end);
        if (inner.chars().allMatch(Character::isDigit) && !inner.isEmpty()) {
          out.append('[').append(inner).append(']');
        } else {
          out.append('.').append(inner);
        }
        i = end + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static String parent(String path) {
    int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    return cut < 0 ? "" : path.substring(0, cut);
  }

  static final class Builder {
    private final Map<String, SourcePosition> positions = new HashMap<>();

    void put(String path, SourcePosition position) {
      positions.putIfAbsent(normalize(path), position);
    }

    SourceMap build() {
      return new SourceMap(Map.copyOf(positions));
    }
  }
}
