package io.github.katib4j.internal.validation;

import io.github.katib4j.Problem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Orders problems by the fields they concern, in the order an experiment is written (metadata, then the spec's
 * fields in Katib's order, list items by index); problems on the same field keep the order the rules found them.
 */
final class FieldOrder {
  private static final String[] FIELDS = {
      "metadata", "name", "generateName", "namespace", "spec", "parameters", "parameterType", "feasibleSpace", "max",
      "min", "list", "step", "distribution", "objective", "type", "goal", "objectiveMetricName",
      "additionalMetricNames", "metricStrategies", "algorithm", "algorithmName", "algorithmSettings", "earlyStopping",
      "trialTemplate", "retain", "trialSpec", "TrialSource", "configMap", "configMapName", "configMapNamespace",
      "templatePath", "trialParameters", "description", "reference", "primaryPodLabels", "primaryContainerName",
      "successCondition", "failureCondition", "parallelTrialCount", "maxTrialCount", "maxFailedTrialCount",
      "metricsCollectorSpec", "source", "httpGet", "path", "port", "fileSystemPath", "kind", "format", "filter",
      "metricsFormat", "collector", "customCollector", "nasConfig", "graphConfig", "numLayers", "inputSizes",
      "outputSizes", "operations", "operationType", "resumePolicy", "status"};
  private static final Map<String, Integer> RANK = new HashMap<>();

  static {
    for (int i = 0; i < FIELDS.length; i++) {
      RANK.putIfAbsent(FIELDS[i], i);
    }
  }

  static final Comparator<Problem> COMPARATOR = (a, b) -> compare(segments(a.path()), segments(b.path()));

  private FieldOrder() {}

  private static int compare(List<String> a, List<String> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = compareSegment(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  private static int compareSegment(String a, String b) {
    boolean aIndex = a.chars().allMatch(Character::isDigit) && !a.isEmpty();
    boolean bIndex = b.chars().allMatch(Character::isDigit) && !b.isEmpty();
    if (aIndex && bIndex) {
      return Long.compare(parse(a), parse(b));
    }
    int ra = RANK.getOrDefault(a, FIELDS.length);
    int rb = RANK.getOrDefault(b, FIELDS.length);
    return ra != rb ? Integer.compare(ra, rb) : a.compareTo(b);
  }

  private static long parse(String digits) {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  /** {@code spec.parameters[1].feasibleSpace.max} as {@code spec, parameters, 1, feasibleSpace, max}. */
  private static List<String> segments(String path) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '.' || c == '[' || c == ']') {
        if (current.length() > 0) {
          out.add(current.toString());
          current.setLength(0);
        }
      } else {
        current.append(c);
      }
    }
    if (current.length() > 0) {
      out.add(current.toString());
    }
    return out;
  }
}
