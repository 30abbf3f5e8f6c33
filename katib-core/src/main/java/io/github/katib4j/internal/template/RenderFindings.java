package io.github.katib4j.internal.template;

import io.github.katib4j.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Every problem found while rendering a trial template, with the names involved kept by kind. */
public final class RenderFindings {
  private final List<Problem> problems = new ArrayList<>();
  private final List<String> unknownPlaceholders = new ArrayList<>();
  private final List<String> unusedTrialParameters = new ArrayList<>();
  private final List<String> unreferencedParameters = new ArrayList<>();
  private final List<String> missingAssignments = new ArrayList<>();
  private final List<String> unknownAssignments = new ArrayList<>();
  private String renderedText;

  void add(String path, String rule, String message) {
    problems.add(Problem.of(path, rule, message));
  }

  void unknownPlaceholder(String placeholder) {
    unknownPlaceholders.add(placeholder);
  }

  void unusedTrialParameter(String name) {
    unusedTrialParameters.add(name);
  }

  void unreferencedParameter(String name) {
    unreferencedParameters.add(name);
  }

  void missingAssignment(String name) {
    missingAssignments.add(name);
  }

  void unknownAssignment(String name) {
    unknownAssignments.add(name);
  }

  void renderedText(String text) {
    renderedText = text;
  }

  public boolean isEmpty() {
    return problems.isEmpty();
  }

  public List<Problem> problems() {
    return List.copyOf(problems);
  }

  public List<String> unknownPlaceholders() {
    return List.copyOf(unknownPlaceholders);
  }

  public List<String> unusedTrialParameters() {
    return List.copyOf(unusedTrialParameters);
  }

  public List<String> unreferencedParameters() {
    return List.copyOf(unreferencedParameters);
  }

  public List<String> missingAssignments() {
    return List.copyOf(missingAssignments);
  }

  public List<String> unknownAssignments() {
    return List.copyOf(unknownAssignments);
  }

  public Optional<String> renderedText() {
    return Optional.ofNullable(renderedText);
  }
}
