package io.github.katib4j.internal.validation;

import io.github.katib4j.Problem;
import java.util.ArrayList;
import java.util.List;

/** The problems one validation run has found so far. */
final class Findings {
  private final List<Problem> problems = new ArrayList<>();

  void add(String path, String rule, String message) {
    problems.add(Problem.of(path, rule, message));
  }

  int size() {
    return problems.size();
  }

  List<Problem> list() {
    return problems;
  }
}
