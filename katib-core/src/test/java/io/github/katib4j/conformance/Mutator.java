package io.github.katib4j.conformance;

import static io.github.katib4j.conformance.Subject.array;
import static io.github.katib4j.conformance.Subject.object;
import static io.github.katib4j.conformance.Subject.objectOrNull;
import static io.github.katib4j.conformance.Subject.string;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.github.katib4j.KatibException;
import io.github.katib4j.internal.codec.JsonTrees;
import io.github.katib4j.internal.codec.YamlTrees;
import io.github.katib4j.internal.codec.YamlWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Seeded random edits of an experiment at the JSON level, one kind per field family, so that a case is a seed
 * experiment plus a list of {@link Step}s that can be replayed, and removed one by one to shrink a failure. Edits
 * may produce what katib4j's typed model cannot hold: wrong JSON types, unknown fields, values outside closed sets.
 */
final class Mutator {
  /** One edit: its kind and the seed of its own random choices. */
  record Step(String kind, long seed) {
    @Override
    public String toString() {
      return kind + "#" + Long.toHexString(seed);
    }
  }

  private record Kind(String name, int weight, BiConsumer<Subject, Random> edit) {}

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{trialParameters\\.[^}]*}");
  private static final String[] ALGORITHMS = {"random", "tpe", "grid", "hyperband", "bayesianoptimization", "cmaes",
      "sobol", "multivariate-tpe", "enas", "darts", "pbt", "", "Random", "bogus", "medianstop"};
  private static final String[] SETTINGS = {"random_state", "gamma", "prior_weight", "n_EI_candidates",
      "n_startup_trials", "n_ei_candidates", "sigma", "restart_strategy", "base_estimator", "n_initial_points",
      "acq_func", "acq_optimizer", "r_l", "resource_name", "eta", "suggestion_trial_dir", "n_population",
      "truncation_threshold", "resample_probability", "controller_hidden_size", "num_epochs", "num_nodes",
      "init_channels", "bogus_setting", "min_trials_required", "start_step", ""};
  private static final String[] SETTING_VALUES = {"0", "1", "-1", "0.5", "2", "3", "10", "abc", "", "ipop", "bipop",
      "none", "gp", "GP", "lbfgs", "auto", "EI", "1e9", "1.5", "lr", "/tmp/pbt", "100"};
  private static final String[] NUMBERS = {"0.1", "1", "-1", "0", "1e-4", "1E5", "10", "100", "0.5", "5", "3", "64",
      "abc", "", " 1", "1 ", "NaN", "inf", "Infinity", "1e400", "0x10", "1_000", "+3", ".5", "5.", "007", "-0",
      "2.0", "-0.5", "0.001"};
  private static final String[] LIST_ITEMS = {"a", "b", "1", "2", "2.5", "sgd", "adam", "a\"b", "x\\y", "",
      "${HOME}", "1e400", "true", "a b", "line\nbreak", "é"};
  private static final String[] NAMES = {"random-experiment", "a", "exp-1", "x".repeat(40), "y".repeat(41),
      "Upper", "1digit", "ends-", "has_underscore", "has.dot", "", "ünï", "a b", "-lead", "ok-name-2"};
  private static final String[] METRICS = {"accuracy", "loss", "Validation-accuracy", "Train-accuracy", "", "a;b",
      "val loss", "f1"};
  private static final String[] KINDS = {"Job", "TFJob", "PyTorchJob", "XGBoostJob", "MPIJob", "TrainJob",
      "Workflow", "PipelineRun", "", "job"};
  private static final String[] API_VERSIONS = {"batch/v1", "batch/v2", "kubeflow.org/v1", "kubeflow.org/v2beta1",
      "argoproj.io/v1alpha1", "trainer.kubeflow.org/v1alpha1", "", "v1", "a/b/c", "/"};
  private static final String[] REGEXES = {"([\\w|-]+)\\s*=\\s*([+-]?\\d*(\\.\\d+)?([Ee][+-]?\\d+)?)",
      "{metricName: ([\\w|-]+), metricValue: ((-?\\d+)(\\.\\d+)?)}", "(", "([a-z]+)", "(a)(b)", "a;(b)(c)",
      "(?=a)(b)(c)", "(a)\\1(b)", "(?P<name>a)(b)", "[(x)(y)]", "\\((a)\\)", "(a)(b", "", "(\\p{L}+)=(\\d+)",
      "(?i)(\\w+):(\\d+)", "(?U)(\\w+)=(\\d+)", "([[:alpha:]]+)=([[:digit:]]+)", "(a){1001}(b)", "(a){2}{3}(b)",
      "(\\pL)(\\d)", "(?s)(a)(b)", "(\\x{41})(b)", "(\\Qa.b\\E)(c)", "(\\z)(a)", "(?:x)(a)(b)", "(a)(b)\\C",
      "(?<n>a)(b)", "(?P<1a>a)(b)", "(a)(b)[[:word:]]", "([^\\S])(\\v)", "(a)(b)\\8", "(\\p{Greek})(b)",
      "(a)(b){,3}", "(a)(b)*?+"};

  private static final List<Kind> CATALOGUE = List.of(
      new Kind("retype", 6, Mutator::retype),
      new Kind("drop", 5, Mutator::drop),
      new Kind("unknownField", 2, Mutator::unknownField),
      new Kind("nullify", 1, (s, r) -> replaceSlot(s, r, JsonNull.INSTANCE)),
      new Kind("name", 3, Mutator::name),
      new Kind("namespace", 2, Mutator::namespace),
      new Kind("labels", 1, (s, r) -> object(object(s.experiment, "metadata"), "labels")
          .addProperty(pick(r, "team", "app", "katib.kubeflow.org/experiment"), pick(r, NAMES))),
      new Kind("count", 5, Mutator::count),
      new Kind("resumePolicy", 2, (s, r) -> setOrRemove(s.spec(), "resumePolicy", r,
          pick(r, "Never", "LongRunning", "FromVolume", "", "never", "Bogus"))),
      new Kind("objectiveType", 2, (s, r) -> setOrRemove(object(s.spec(), "objective"), "type", r,
          pick(r, "minimize", "maximize", "", "Minimize", "max"))),
      new Kind("objectiveMetric", 2, (s, r) -> setOrRemove(object(s.spec(), "objective"), "objectiveMetricName", r,
          pick(r, METRICS))),
      new Kind("additionalMetrics", 2, Mutator::additionalMetrics),
      new Kind("metricStrategies", 2, Mutator::metricStrategies),
      new Kind("goal", 1, Mutator::goal),
      new Kind("removeObjective", 1, (s, r) -> s.spec().remove("objective")),
      new Kind("algorithmName", 3, (s, r) -> setOrRemove(object(s.spec(), "algorithm"), "algorithmName", r,
          pick(r, ALGORITHMS))),
      new Kind("algorithmSetting", 3, (s, r) -> setting(array(object(s.spec(), "algorithm"), "algorithmSettings"), r)),
      new Kind("removeAlgorithm", 1, (s, r) -> s.spec().remove("algorithm")),
      new Kind("earlyStopping", 2, Mutator::earlyStopping),
      new Kind("parameterAdd", 3, Mutator::parameterAdd),
      new Kind("parameterRemove", 2, (s, r) -> removeRandom(s.spec(), "parameters", r)),
      new Kind("parameterDuplicate", 1, Mutator::parameterDuplicate),
      new Kind("parameterName", 2, (s, r) -> withParameter(s, r, p -> p.addProperty("name",
          pick(r, "lr", "momentum", "units", "x", "", "a{b}", "num-layers", "optimizer")))),
      new Kind("parameterType", 3, (s, r) -> withParameter(s, r, p -> setOrRemove(p, "parameterType", r,
          pick(r, "int", "double", "categorical", "discrete", "unknown", "", "Double", "float")))),
      new Kind("feasibleBound", 5, (s, r) -> withParameter(s, r, p -> setOrRemove(object(p, "feasibleSpace"),
          pick(r, "min", "max", "step"), r, pick(r, NUMBERS)))),
      new Kind("feasibleList", 3, (s, r) -> withParameter(s, r, p -> feasibleList(object(p, "feasibleSpace"), r))),
      new Kind("distribution", 3, (s, r) -> withParameter(s, r, p -> setOrRemove(object(p, "feasibleSpace"),
          "distribution", r, pick(r, "uniform", "logUniform", "normal", "logNormal", "unknown", "", "LogUniform",
              "gaussian")))),
      new Kind("feasibleSpaceClear", 1, (s, r) -> withParameter(s, r, p -> {
        if (r.nextBoolean()) {
          p.remove("feasibleSpace");
        } else {
          p.add("feasibleSpace", new JsonObject());
        }
      })),
      new Kind("parametersClear", 1, (s, r) -> {
        if (r.nextBoolean()) {
          s.spec().remove("parameters");
        } else {
          s.spec().add("parameters", new JsonArray());
        }
      }),
      new Kind("nasConfig", 2, Mutator::nasConfig),
      new Kind("collectorKind", 4, (s, r) -> setOrRemove(object(object(s.spec(), "metricsCollectorSpec"),
          "collector"), "kind", r, pick(r, "StdOut", "File", "TensorFlowEvent", "PrometheusMetric", "Custom",
          "Push", "", "Bogus", "file"))),
      new Kind("customCollector", 1, Mutator::customCollector),
      new Kind("fileSystemPath", 4, Mutator::fileSystemPath),
      new Kind("filter", 3, Mutator::filter),
      new Kind("httpGet", 3, Mutator::httpGet),
      new Kind("removeCollector", 1, (s, r) -> {
        JsonObject collector = object(s.spec(), "metricsCollectorSpec");
        collector.remove(pick(r, "collector", "source"));
        if (r.nextInt(4) == 0) {
          s.spec().remove("metricsCollectorSpec");
        }
      }),
      new Kind("templateSource", 3, Mutator::templateSource),
      new Kind("configMapRef", 2, Mutator::configMapRef),
      new Kind("configMapText", 3, Mutator::configMapText),
      new Kind("primaryContainerName", 2, (s, r) -> setOrRemove(object(s.spec(), "trialTemplate"),
          "primaryContainerName", r, pick(r, "training-container", "", "trainer", "other", "pytorch"))),
      new Kind("conditions", 2, (s, r) -> setOrRemove(object(s.spec(), "trialTemplate"),
          pick(r, "successCondition", "failureCondition"), r,
          pick(r, "", "status.conditions.#(type==\"Complete\")#|#(status==\"True\")#", "status.phase"))),
      new Kind("primaryPodLabels", 1, (s, r) -> {
        JsonObject template = object(s.spec(), "trialTemplate");
        if (r.nextBoolean()) {
          template.remove("primaryPodLabels");
        } else {
          object(template, "primaryPodLabels").addProperty(pick(r, "role", "training.kubeflow.org/job-role"),
              pick(r, "master", "worker", ""));
        }
      }),
      new Kind("retain", 1, (s, r) -> object(s.spec(), "trialTemplate").add("retain",
          pick(r, new JsonPrimitive(true), new JsonPrimitive(false), new JsonPrimitive("yes")))),
      new Kind("trialParametersClear", 1, (s, r) -> {
        JsonObject template = object(s.spec(), "trialTemplate");
        if (r.nextBoolean()) {
          template.remove("trialParameters");
        } else {
          template.add("trialParameters", new JsonArray());
        }
      }),
      new Kind("trialParameterAdd", 4, Mutator::trialParameterAdd),
      new Kind("trialParameterEdit", 4, Mutator::trialParameterEdit),
      new Kind("trialParameterRemove", 2, (s, r) -> removeRandom(object(s.spec(), "trialTemplate"),
          "trialParameters", r)),
      new Kind("templatePlaceholder", 3, Mutator::templatePlaceholder),
      new Kind("templateKind", 3, (s, r) -> editTemplate(s, r, t -> {
        if (r.nextBoolean()) {
          setOrRemove(t, "kind", r, pick(r, KINDS));
        } else {
          setOrRemove(t, "apiVersion", r, pick(r, API_VERSIONS));
        }
      })),
      new Kind("templateMetadata", 3, Mutator::templateMetadata),
      new Kind("templateJobField", 4, Mutator::templateJobField),
      new Kind("templateQuantity", 2, Mutator::templateQuantity),
      new Kind("removeTemplate", 1, (s, r) -> s.spec().remove("trialTemplate")));

  private static final int TOTAL_WEIGHT = CATALOGUE.stream().mapToInt(Kind::weight).sum();

  private Mutator() {}

  /** Between one and four random steps, fewer more often. */
  static List<Step> randomSteps(Random random) {
    int count = 1 + (random.nextInt(3) == 0 ? random.nextInt(4) : random.nextInt(2));
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int ticket = random.nextInt(TOTAL_WEIGHT);
      for (Kind kind : CATALOGUE) {
        ticket -= kind.weight();
        if (ticket < 0) {
          steps.add(new Step(kind.name(), random.nextLong()));
          break;
        }
      }
    }
    return steps;
  }

  static void apply(Step step, Subject subject) {
    Kind kind = CATALOGUE.stream().filter(k -> k.name().equals(step.kind())).findFirst().orElseThrow();
    try {
      kind.edit().accept(subject, new Random(step.seed()));
    } catch (IllegalStateException | UnsupportedOperationException | IndexOutOfBoundsException e) {
      // An edit that does not fit the shape earlier edits left (a list where it expects an object) stops there;
      // replaying the same steps stops at the same place.
    }
  }

  // ---- generic edits ----------------------------------------------------------------------------------------

  /** A member of an object or an element of an array somewhere in the experiment. */
  private record Slot(JsonElement parent, String key, int index, boolean freeForm) {
    JsonElement get() {
      return parent.isJsonObject() ? parent.getAsJsonObject().get(key) : parent.getAsJsonArray().get(index);
    }

    void set(JsonElement value) {
      if (parent.isJsonObject()) {
        parent.getAsJsonObject().add(key, value);
      } else {
        parent.getAsJsonArray().set(index, value);
      }
    }

    void remove() {
      if (parent.isJsonObject()) {
        parent.getAsJsonObject().remove(key);
      } else {
        parent.getAsJsonArray().remove(index);
      }
    }
  }

  private static void slots(JsonElement node, String key, boolean freeForm, List<Slot> out) {
    if (node.isJsonObject()) {
      for (Map.Entry<String, JsonElement> member : node.getAsJsonObject().entrySet()) {
        boolean inside = freeForm || member.getKey().equals("trialSpec") || member.getKey().equals("customCollector");
        out.add(new Slot(node, member.getKey(), -1, freeForm));
        slots(member.getValue(), member.getKey(), inside, out);
      }
    } else if (node.isJsonArray()) {
      JsonArray array = node.getAsJsonArray();
      for (int i = 0; i < array.size(); i++) {
        out.add(new Slot(node, key, i, freeForm));
        slots(array.get(i), key, freeForm, out);
      }
    }
  }

  /** A random slot below {@code metadata} or {@code spec}; inside free-form content one time in six. */
  private static Slot randomSlot(Subject s, Random r) {
    List<Slot> all = new ArrayList<>();
    for (String top : new String[] {"metadata", "spec"}) {
      JsonElement value = s.experiment.get(top);
      if (value != null) {
        all.add(new Slot(s.experiment, top, -1, false));
        slots(value, top, false, all);
      }
    }
    boolean freeForm = r.nextInt(6) == 0;
    List<Slot> wanted = all.stream().filter(slot -> slot.freeForm() == freeForm).toList();
    List<Slot> from = wanted.isEmpty() ? all : wanted;
    return from.isEmpty() ? null : from.get(r.nextInt(from.size()));
  }

  private static void retype(Subject s, Random r) {
    Slot slot = randomSlot(s, r);
    if (slot == null) {
      return;
    }
    JsonElement old = slot.get();
    for (int attempt = 0; attempt < 10; attempt++) {
      JsonElement value = randomValue(r);
      if (!sameType(old, value)) {
        slot.set(value);
        return;
      }
    }
  }

  private static void drop(Subject s, Random r) {
    Slot slot = randomSlot(s, r);
    if (slot != null) {
      slot.remove();
    }
  }

  private static void replaceSlot(Subject s, Random r, JsonElement value) {
    Slot slot = randomSlot(s, r);
    if (slot != null) {
      slot.set(value);
    }
  }

  private static void unknownField(Subject s, Random r) {
    Slot slot = randomSlot(s, r);
    JsonElement target = slot == null ? null : slot.get();
    if (target != null && target.isJsonObject()) {
      target.getAsJsonObject().add(pick(r, "foo", "Name", "maxTrialcount", "x-extra", "feasible_space", "spec"),
          randomValue(r));
    }
  }

  private static JsonElement randomValue(Random r) {
    switch (r.nextInt(9)) {
      case 0:
        return new JsonPrimitive(pick(r, "3", "x", "", "true", "1.5"));
      case 1:
        return new JsonPrimitive(pick(r, 3, -1, 0, 2147483648L));
      case 2:
        return new JsonPrimitive(pick(r, 1.5, 3.0, -0.25));
      case 3:
        return new JsonPrimitive(new BigDecimal(pick(r, "1e400", "1e-400", "123456789012345678901234567890")));
      case 4:
        return new JsonPrimitive(r.nextBoolean());
      case 5:
        return JsonNull.INSTANCE;
      case 6:
        return r.nextBoolean() ? new JsonArray() : strings(pick(r, NAMES));
      case 7:
        return new JsonObject();
      default:
        JsonObject object = new JsonObject();
        object.addProperty(pick(r, "name", "a"), pick(r, "b", "1"));
        return object;
    }
  }

  private static boolean sameType(JsonElement a, JsonElement b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a.isJsonPrimitive() && b.isJsonPrimitive()) {
      JsonPrimitive x = a.getAsJsonPrimitive();
      JsonPrimitive y = b.getAsJsonPrimitive();
      return x.isString() == y.isString() && x.isBoolean() == y.isBoolean() && x.isNumber() == y.isNumber();
    }
    return a.isJsonObject() == b.isJsonObject() && a.isJsonArray() == b.isJsonArray()
        && a.isJsonNull() == b.isJsonNull();
  }

  // ---- metadata and counts ----------------------------------------------------------------------------------

  private static void name(Subject s, Random r) {
    JsonObject metadata = object(s.experiment, "metadata");
    if (r.nextInt(4) == 0) {
      metadata.remove("name");
      metadata.addProperty("generateName", pick(r, "gen-", "g", "x".repeat(36), "x".repeat(35), "Gen-", ""));
    } else {
      metadata.addProperty("name", pick(r, NAMES));
    }
  }

  private static void namespace(Subject s, Random r) {
    setOrRemove(object(s.experiment, "metadata"), "namespace", r, pick(r, "kubeflow", "ml", "team-a", "", "Team"));
  }

  private static void count(Subject s, Random r) {
    String field = pick(r, "maxTrialCount", "parallelTrialCount", "maxFailedTrialCount");
    JsonElement value = pick(r, new JsonPrimitive(-5), new JsonPrimitive(-1), new JsonPrimitive(0),
        new JsonPrimitive(1), new JsonPrimitive(2), new JsonPrimitive(3), new JsonPrimitive(4), new JsonPrimitive(10),
        new JsonPrimitive(2147483647), new JsonPrimitive(new BigInteger("2147483648")),
        new JsonPrimitive(-2147483649L), new JsonPrimitive(1.5), new JsonPrimitive(3.0), new JsonPrimitive("3"),
        new JsonPrimitive(true), null);
    if (value == null) {
      s.spec().remove(field);
    } else {
      s.spec().add(field, value);
    }
  }

  // ---- objective and algorithms -----------------------------------------------------------------------------

  private static void additionalMetrics(Subject s, Random r) {
    JsonObject objective = object(s.spec(), "objective");
    switch (r.nextInt(4)) {
      case 0:
        objective.remove("additionalMetricNames");
        break;
      case 1:
        objective.add("additionalMetricNames", new JsonArray());
        break;
      case 2:
        array(objective, "additionalMetricNames").add(string(objective, "objectiveMetricName"));
        break;
      default:
        array(objective, "additionalMetricNames").add(pick(r, METRICS));
    }
  }

  private static void metricStrategies(Subject s, Random r) {
    JsonObject objective = object(s.spec(), "objective");
    if (r.nextInt(4) == 0) {
      if (r.nextBoolean()) {
        objective.remove("metricStrategies");
      } else {
        objective.add("metricStrategies", new JsonArray());
      }
      return;
    }
    JsonObject strategy = new JsonObject();
    strategy.addProperty("name", r.nextBoolean() ? string(objective, "objectiveMetricName") : pick(r, METRICS));
    strategy.addProperty("value", pick(r, "min", "max", "latest", "", "Bogus", "MAX"));
    array(objective, "metricStrategies").add(strategy);
  }

  private static void goal(Subject s, Random r) {
    JsonObject objective = object(s.spec(), "objective");
    JsonElement goal = pick(r, new JsonPrimitive(0.5), new JsonPrimitive(-1), new JsonPrimitive(0.99),
        new JsonPrimitive(new BigDecimal("1e308")), new JsonPrimitive(new BigDecimal("1e400")),
        new JsonPrimitive("0.9"), null);
    if (goal == null) {
      objective.remove("goal");
    } else {
      objective.add("goal", goal);
    }
  }

  private static void setting(JsonArray settings, Random r) {
    if (r.nextInt(5) == 0 && !settings.isEmpty()) {
      settings.remove(r.nextInt(settings.size()));
      return;
    }
    JsonObject setting = new JsonObject();
    setting.addProperty("name", pick(r, SETTINGS));
    setting.addProperty("value", pick(r, SETTING_VALUES));
    settings.add(setting);
  }

  private static void earlyStopping(Subject s, Random r) {
    if (r.nextInt(4) == 0) {
      s.spec().remove("earlyStopping");
      return;
    }
    JsonObject earlyStopping = object(s.spec(), "earlyStopping");
    if (r.nextBoolean()) {
      setOrRemove(earlyStopping, "algorithmName", r, pick(r, "medianstop", "medianstop", "", "bogus", "random"));
    } else {
      setting(array(earlyStopping, "algorithmSettings"), r);
    }
  }

  // ---- search space -----------------------------------------------------------------------------------------

  private static void withParameter(Subject s, Random r, Consumer<JsonObject> edit) {
    List<JsonObject> objects = objects(array(s.spec(), "parameters"));
    if (objects.isEmpty()) {
      parameterAdd(s, r);
      return;
    }
    edit.accept(objects.get(r.nextInt(objects.size())));
  }

  private static void parameterAdd(Subject s, Random r) {
    JsonObject parameter = new JsonObject();
    parameter.addProperty("name", pick(r, "lr", "momentum", "units", "extra", "x", "optimizer"));
    String type = pick(r, "int", "double", "categorical", "discrete");
    parameter.addProperty("parameterType", type);
    JsonObject space = object(parameter, "feasibleSpace");
    if (type.equals("int") || type.equals("double")) {
      space.addProperty("min", pick(r, "1", "0.01", "-3", "0"));
      space.addProperty("max", pick(r, "10", "0.5", "100", "1"));
      if (r.nextBoolean()) {
        space.addProperty("step", pick(r, "1", "0.1", "0.01", "2"));
      }
    } else {
      space.add("list", strings(pick(r, "1", "a"), pick(r, "2", "b", "sgd")));
    }
    if (r.nextBoolean()) {
      space.addProperty("distribution", pick(r, "uniform", "logUniform", "normal", "logNormal"));
    }
    array(s.spec(), "parameters").add(parameter);
    // Half the time the template consumes the new parameter, as a complete edit would.
    if (r.nextBoolean()) {
      String name = string(parameter, "name");
      addTrialParameter(s, r, name + "Param", name);
    }
  }

  private static void parameterDuplicate(Subject s, Random r) {
    JsonArray parameters = array(s.spec(), "parameters");
    if (!parameters.isEmpty()) {
      parameters.add(parameters.get(r.nextInt(parameters.size())).deepCopy());
    }
  }

  private static void feasibleList(JsonObject space, Random r) {
    switch (r.nextInt(4)) {
      case 0:
        space.remove("list");
        break;
      case 1:
        space.add("list", new JsonArray());
        break;
      default:
        JsonArray list = new JsonArray();
        int size = 1 + r.nextInt(3);
        for (int i = 0; i < size; i++) {
          list.add(pick(r, LIST_ITEMS));
        }
        space.add("list", list);
    }
  }

  private static void nasConfig(Subject s, Random r) {
    JsonObject spec = s.spec();
    switch (r.nextInt(5)) {
      case 0:
        spec.remove("nasConfig");
        break;
      case 1:
        JsonObject graph = object(object(spec, "nasConfig"), "graphConfig");
        graph.add(pick(r, "numLayers", "inputSizes", "outputSizes"), pick(r, new JsonPrimitive(8),
            new JsonPrimitive(-1), ints(32, 32, 3), ints(10), new JsonArray(), strings("32")));
        break;
      case 2:
        JsonObject operation = new JsonObject();
        operation.addProperty("operationType", pick(r, "convolution", "reduction", ""));
        JsonObject parameter = new JsonObject();
        parameter.addProperty("name", pick(r, "filter_size", "num_filter", ""));
        parameter.addProperty("parameterType", pick(r, "categorical", "int", "double", ""));
        object(parameter, "feasibleSpace").add("list", strings("3", "5"));
        array(operation, "parameters").add(parameter);
        array(object(spec, "nasConfig"), "operations").add(operation);
        break;
      case 3:
        spec.add("nasConfig", new JsonObject());
        break;
      default:
        JsonObject nas = new JsonObject();
        JsonObject graphConfig = object(nas, "graphConfig");
        graphConfig.addProperty("numLayers", 8);
        graphConfig.add("inputSizes", ints(32, 32, 3));
        graphConfig.add("outputSizes", ints(10));
        spec.add("nasConfig", nas);
        spec.remove("parameters");
    }
  }

  // ---- metrics collector ------------------------------------------------------------------------------------

  private static void customCollector(Subject s, Random r) {
    JsonObject collector = object(object(s.spec(), "metricsCollectorSpec"), "collector");
    if (r.nextInt(3) == 0) {
      collector.remove("customCollector");
      return;
    }
    JsonObject container = new JsonObject();
    container.addProperty("name", "custom-metrics-logger-and-collector");
    container.addProperty("image", "registry.example.com/collector:1");
    collector.add("customCollector", container);
  }

  private static void fileSystemPath(Subject s, Random r) {
    JsonObject source = object(object(s.spec(), "metricsCollectorSpec"), "source");
    if (r.nextInt(6) == 0) {
      source.remove("fileSystemPath");
      return;
    }
    JsonObject path = object(source, "fileSystemPath");
    switch (r.nextInt(3)) {
      case 0:
        setOrRemove(path, "kind", r, pick(r, "File", "Directory", "", "Bogus", "file"));
        break;
      case 1:
        setOrRemove(path, "path", r, pick(r, "/var/log/katib/metrics.log", "/tmp", "relative/x.log", "", "/",
            "./a"));
        break;
      default:
        setOrRemove(path, "format", r, pick(r, "TEXT", "JSON", "", "json", "YAML"));
    }
  }

  private static void filter(Subject s, Random r) {
    JsonObject source = object(object(s.spec(), "metricsCollectorSpec"), "source");
    switch (r.nextInt(4)) {
      case 0:
        source.remove("filter");
        break;
      case 1:
        object(source, "filter").add("metricsFormat", new JsonArray());
        break;
      default:
        array(object(source, "filter"), "metricsFormat").add(pick(r, REGEXES));
    }
  }

  private static void httpGet(Subject s, Random r) {
    JsonObject httpGet = object(object(object(s.spec(), "metricsCollectorSpec"), "source"), "httpGet");
    switch (r.nextInt(4)) {
      case 0:
        JsonElement port = pick(r, new JsonPrimitive(8080), new JsonPrimitive(0), new JsonPrimitive(-1),
            new JsonPrimitive("8080"), new JsonPrimitive("http"), new JsonPrimitive("0"), new JsonPrimitive(65536),
            new JsonPrimitive(1.5), new JsonPrimitive(" 80"), null);
        if (port == null) {
          httpGet.remove("port");
        } else {
          httpGet.add("port", port);
        }
        break;
      case 1:
        setOrRemove(httpGet, "path", r, pick(r, "/metrics", "metrics", "", "/"));
        break;
      case 2:
        setOrRemove(httpGet, pick(r, "host", "scheme"), r, pick(r, "localhost", "HTTP", "HTTPS", ""));
        break;
      default:
        JsonObject header = new JsonObject();
        header.addProperty("name", pick(r, "Accept", ""));
        header.addProperty("value", pick(r, "text/plain", ""));
        array(httpGet, "httpHeaders").add(header);
    }
  }

  // ---- trial template ---------------------------------------------------------------------------------------

  /** Moves an inline template into a ConfigMap (YAML or JSON), a ConfigMap template inline, or sets both or none. */
  private static void templateSource(Subject s, Random r) {
    JsonObject template = object(s.spec(), "trialTemplate");
    JsonObject trialSpec = objectOrNull(template, "trialSpec");
    Map<String, String> data = s.templateConfigMap();
    switch (r.nextInt(4)) {
      case 0:
        if (trialSpec != null) {
          String namespace = pick(r, "kubeflow", "ml", string(object(s.experiment, "metadata"), "namespace"));
          String key = pick(r, "template.yaml", "job.json");
          s.configMaps.put(namespace + "/moved-template", new java.util.LinkedHashMap<>(Map.of(key,
              r.nextBoolean() ? YamlWriter.write(trialSpec) : JsonTrees.pretty(trialSpec))));
          JsonObject source = new JsonObject();
          source.addProperty("configMapName", "moved-template");
          source.addProperty("configMapNamespace", namespace);
          source.addProperty("templatePath", key);
          template.add("configMap", source);
          if (r.nextInt(4) != 0) {
            template.remove("trialSpec");
          }
        }
        break;
      case 1:
        JsonObject source = objectOrNull(template, "configMap");
        String text = data == null ? null : data.get(string(source, "templatePath"));
        JsonObject tree = text == null ? null : parse(text);
        if (tree != null) {
          template.add("trialSpec", tree);
          if (r.nextInt(4) != 0) {
            template.remove("configMap");
          }
        }
        break;
      case 2:
        template.remove("trialSpec");
        template.remove("configMap");
        break;
      default:
        JsonObject empty = new JsonObject();
        template.add(r.nextBoolean() ? "trialSpec" : "configMap", empty);
    }
  }

  private static void configMapRef(Subject s, Random r) {
    JsonObject source = objectOrNull(object(s.spec(), "trialTemplate"), "configMap");
    if (source == null) {
      return;
    }
    String field = pick(r, "configMapName", "configMapNamespace", "templatePath");
    setOrRemove(source, field, r, pick(r, "", "missing", "kubeflow", "other.yaml", "trial-templates"));
  }

  private static void configMapText(Subject s, Random r) {
    JsonObject source = objectOrNull(object(s.spec(), "trialTemplate"), "configMap");
    Map<String, String> data = s.templateConfigMap();
    String key = string(source, "templatePath");
    String text = data == null ? null : data.get(key);
    if (text == null) {
      return;
    }
    switch (r.nextInt(7)) {
      case 0:
        data.put(key, PLACEHOLDER.matcher(text).replaceFirst("x"));
        break;
      case 1:
        data.put(key, text + (text.endsWith("\n") ? "" : "\n") + "# ${trialParameters.extra}\n");
        break;
      case 2:
        data.put(key, "\t" + text);
        break;
      case 3:
        data.put(key, r.nextBoolean() ? "---\n# a comment\n" + text : text + "\n---\nkind: Other\n");
        break;
      case 4:
        data.put(key + "-other", text);
        data.remove(key);
        break;
      case 5:
        data.put(key, text.replace("${trialParameters.", "$(trialParameters."));
        break;
      default:
        editTemplate(s, r, tree -> object(tree, "metadata").addProperty(pick(r, "name", "namespace"), "fixed"));
    }
  }

  private static void trialParameterAdd(Subject s, Random r) {
    String reference = pick(r, "lr", "momentum", "units", "unknown-param", "", "${trialSpec.Name}",
        "${trialSpec.Namespace}", "${trialSpec.Kind}", "${trialSpec.APIVersion}", "${trialSpec.Labels[team]}",
        "${trialSpec.Annotations[note]}", "${trialSpec.UID}", "${trialSpec.Labels}", "${trialSpec.Name");
    List<JsonObject> parameters = objects(array(s.spec(), "parameters"));
    if (!parameters.isEmpty() && r.nextBoolean()) {
      reference = string(parameters.get(r.nextInt(parameters.size())), "name");
    }
    String name = pick(r, "extraParam", "trialName", "a{b}", "", "learningRate", "x", "has space", "é");
    addTrialParameter(s, r, name, reference);
  }

  /** Adds a trial parameter and, most of the time, its placeholder to the template. */
  private static void addTrialParameter(Subject s, Random r, String name, String reference) {
    JsonObject parameter = new JsonObject();
    parameter.addProperty("name", name);
    parameter.addProperty("reference", reference);
    if (r.nextInt(4) == 0) {
      parameter.addProperty("description", "added");
    }
    array(object(s.spec(), "trialTemplate"), "trialParameters").add(parameter);
    if (r.nextInt(5) != 0) {
      addPlaceholder(s, r, name);
    }
  }

  private static void trialParameterEdit(Subject s, Random r) {
    JsonArray parameters = array(object(s.spec(), "trialTemplate"), "trialParameters");
    List<JsonObject> objects = objects(parameters);
    if (objects.isEmpty()) {
      trialParameterAdd(s, r);
      return;
    }
    JsonObject parameter = objects.get(r.nextInt(objects.size()));
    JsonObject other = objects.get(r.nextInt(objects.size()));
    switch (r.nextInt(5)) {
      case 0:
        parameter.addProperty("name", pick(r, "", "a{b}", "b}", string(other, "name"), "renamed"));
        break;
      case 1:
        parameter.addProperty("reference", pick(r, "", string(other, "reference"), "nope", "${trialSpec.Name}",
            "${trialSpec.Labels[team]}", "${trialSpec.Annotations[missing]}", "${trialSpec.Labels[]}"));
        break;
      case 2:
        parameter.remove(pick(r, "name", "reference"));
        break;
      case 3:
        parameters.add(parameter.deepCopy());
        break;
      default:
        parameter.addProperty("description", pick(r, "", "what it is"));
    }
  }

  private static void templatePlaceholder(Subject s, Random r) {
    List<JsonObject> parameters = objects(array(object(s.spec(), "trialTemplate"), "trialParameters"));
    if (r.nextBoolean() && !parameters.isEmpty()) {
      String name = string(parameters.get(r.nextInt(parameters.size())), "name");
      editTemplate(s, r, tree -> removePlaceholder(tree, "${trialParameters." + name + "}"));
    } else {
      addPlaceholder(s, r, pick(r, "undeclared", "learningRate", "lr", ""));
    }
  }

  private static void templateMetadata(Subject s, Random r) {
    List<JsonObject> parameters = objects(array(object(s.spec(), "trialTemplate"), "trialParameters"));
    String placeholder = parameters.isEmpty() ? "${trialParameters.x}"
        : "${trialParameters." + string(parameters.get(r.nextInt(parameters.size())), "name") + "}";
    editTemplate(s, r, tree -> {
      JsonObject metadata = object(tree, "metadata");
      switch (r.nextInt(6)) {
        case 4:
          // A key no metadata reference names: a value holding a placeholder there would make Katib's result
          // depend on Go's map order.
          object(metadata, pick(r, "labels", "annotations")).addProperty("p-" + r.nextInt(3), placeholder);
          break;
        case 5:
          object(metadata, "labels").add(pick(r, "team", "num"), pick(r, new JsonPrimitive(1),
              new JsonPrimitive(true), JsonNull.INSTANCE));
          break;
        case 0:
          object(metadata, "labels").addProperty(pick(r, "team", "app"), pick(r, "ml", "x", ""));
          break;
        case 1:
          object(metadata, "annotations").addProperty(pick(r, "note", "sidecar.istio.io/inject"),
              pick(r, "n", "false"));
          break;
        case 2:
          metadata.addProperty(pick(r, "name", "namespace"), pick(r, "fixed", ""));
          break;
        default:
          metadata.addProperty("generateName", "job-");
      }
    });
  }

  /** Fields a typed {@code batch/v1} Job may reject (rule T17) or keep, in the Job and its pod template. */
  private static void templateJobField(Subject s, Random r) {
    editTemplate(s, r, tree -> {
      JsonObject jobSpec = object(tree, "spec");
      JsonObject pod = object(object(jobSpec, "template"), "spec");
      JsonObject container = firstContainer(pod);
      switch (r.nextInt(9)) {
        case 0:
          jobSpec.add(pick(r, "backoffLimit", "parallelism", "completions", "activeDeadlineSeconds"),
              pick(r, new JsonPrimitive(1), new JsonPrimitive(0), new JsonPrimitive("1"), new JsonPrimitive(1.5),
                  new JsonPrimitive(4294967296L)));
          break;
        case 1:
          jobSpec.add(pick(r, "unknownField", "suspend", "manualSelector"), pick(r, new JsonPrimitive(true),
              new JsonPrimitive(false), new JsonPrimitive("x")));
          break;
        case 2:
          pod.addProperty(pick(r, "restartPolicy", "serviceAccountName", "schedulerName"), pick(r, "Never",
              "OnFailure", "", "x"));
          break;
        case 3:
          object(object(container, "resources"), pick(r, "limits", "requests")).add(pick(r, "cpu", "memory",
              "nvidia.com/gpu"), pick(r, new JsonPrimitive("1"), new JsonPrimitive("1Gi"), new JsonPrimitive("1024Mi"),
              new JsonPrimitive("abc"), new JsonPrimitive(2), new JsonPrimitive("0.5"), new JsonPrimitive("500m")));
          break;
        case 4:
          container.add(pick(r, "args", "command"), strings("python", pick(r, "train.py", "--x=1")));
          break;
        case 5:
          JsonObject env = new JsonObject();
          env.addProperty("name", pick(r, "A", "B"));
          env.add("value", pick(r, new JsonPrimitive("1"), new JsonPrimitive(1), new JsonPrimitive("")));
          array(container, "env").add(env);
          break;
        case 6:
          container.add(pick(r, "unknownContainerField", "imagePullPolicy", "tty"), pick(r, new JsonPrimitive("x"),
              new JsonPrimitive("Always"), new JsonPrimitive(true), new JsonPrimitive(false)));
          break;
        case 7:
          pod.add("containers", new JsonArray());
          break;
        default:
          tree.add("status", new JsonObject());
      }
    });
  }

  /** A quantity where Katib's T17 tolerates none (a volume's size, the pod's overhead), or in the resources. */
  private static void templateQuantity(Subject s, Random r) {
    JsonElement quantity = pick(r, new JsonPrimitive("1Gi"), new JsonPrimitive("1024Mi"), new JsonPrimitive("1000"),
        new JsonPrimitive("1k"), new JsonPrimitive("0.5"), new JsonPrimitive("500m"), new JsonPrimitive("1e3"),
        new JsonPrimitive("1.5Gi"), new JsonPrimitive("100M"), new JsonPrimitive(2), new JsonPrimitive("abc"));
    editTemplate(s, r, tree -> {
      JsonObject pod = object(object(object(tree, "spec"), "template"), "spec");
      switch (r.nextInt(3)) {
        case 0:
          JsonObject volume = new JsonObject();
          volume.addProperty("name", "scratch");
          object(volume, "emptyDir").add("sizeLimit", quantity);
          array(pod, "volumes").add(volume);
          break;
        case 1:
          object(pod, "overhead").add("cpu", quantity);
          break;
        default:
          object(object(firstContainer(pod), "resources"), "limits").add("memory", quantity);
      }
    });
  }

  private static JsonObject firstContainer(JsonObject pod) {
    List<JsonObject> containers = objects(array(pod, "containers"));
    if (!containers.isEmpty()) {
      return containers.get(0);
    }
    JsonObject container = new JsonObject();
    container.addProperty("name", "training-container");
    array(pod, "containers").add(container);
    return container;
  }

  /** The objects among a list's items; none for null. */
  private static List<JsonObject> objects(JsonArray array) {
    List<JsonObject> objects = new ArrayList<>();
    if (array != null) {
      array.forEach(item -> {
        if (item.isJsonObject()) {
          objects.add(item.getAsJsonObject());
        }
      });
    }
    return objects;
  }

  /** Puts {@code ${trialParameters.<name>}} into the template: into an argument, a variable or an annotation. */
  private static void addPlaceholder(Subject s, Random r, String name) {
    String placeholder = "${trialParameters." + name + "}";
    editTemplate(s, r, tree -> {
      List<JsonObject> containers = objects(findContainers(tree));
      if (!containers.isEmpty() && r.nextInt(4) != 0) {
        JsonObject container = containers.get(r.nextInt(containers.size()));
        if (r.nextBoolean()) {
          array(container, "args").add("--" + name + "=" + placeholder);
        } else {
          JsonObject env = new JsonObject();
          env.addProperty("name", "P_" + Math.abs(name.hashCode()));
          env.addProperty("value", placeholder);
          array(container, "env").add(env);
        }
      } else {
        object(object(tree, "metadata"), "annotations").addProperty("p-" + Math.abs(name.hashCode()), placeholder);
      }
    });
  }

  private static JsonArray findContainers(JsonElement node) {
    if (node.isJsonObject()) {
      for (Map.Entry<String, JsonElement> member : node.getAsJsonObject().entrySet()) {
        if (member.getKey().equals("containers") && member.getValue().isJsonArray()) {
          return member.getValue().getAsJsonArray();
        }
        JsonArray found = findContainers(member.getValue());
        if (found != null) {
          return found;
        }
      }
    } else if (node.isJsonArray()) {
      for (JsonElement item : node.getAsJsonArray()) {
        JsonArray found = findContainers(item);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  /** Replaces every string in the tree that holds {@code placeholder} by the same string without it. */
  private static void removePlaceholder(JsonElement node, String placeholder) {
    if (node.isJsonObject()) {
      for (Map.Entry<String, JsonElement> member : node.getAsJsonObject().entrySet()) {
        JsonElement value = member.getValue();
        if (value.isJsonPrimitive() && value.getAsString().contains(placeholder)) {
          member.setValue(new JsonPrimitive(value.getAsString().replace(placeholder, "fixed")));
        } else {
          removePlaceholder(value, placeholder);
        }
      }
    } else if (node.isJsonArray()) {
      JsonArray array = node.getAsJsonArray();
      for (int i = 0; i < array.size(); i++) {
        JsonElement value = array.get(i);
        if (value.isJsonPrimitive() && value.getAsString().contains(placeholder)) {
          array.set(i, new JsonPrimitive(value.getAsString().replace(placeholder, "fixed")));
        } else {
          removePlaceholder(value, placeholder);
        }
      }
    }
  }

  /**
   * Edits the template as a tree: the inline {@code trialSpec}, or the ConfigMap's text parsed and written back as
   * YAML or JSON; nothing when there is neither or the text does not parse.
   */
  private static void editTemplate(Subject s, Random r, Consumer<JsonObject> edit) {
    JsonObject template = s.trialTemplate();
    JsonObject trialSpec = objectOrNull(template, "trialSpec");
    if (trialSpec != null) {
      edit.accept(trialSpec);
      return;
    }
    Map<String, String> data = s.templateConfigMap();
    String key = string(objectOrNull(template, "configMap"), "templatePath");
    JsonObject tree = data == null || !data.containsKey(key) ? null : parse(data.get(key));
    if (tree != null) {
      edit.accept(tree);
      data.put(key, r.nextInt(3) == 0 ? JsonTrees.pretty(tree) : YamlWriter.write(tree));
    }
  }

  private static JsonObject parse(String text) {
    try {
      JsonElement tree = YamlTrees.parseSingle(text, "template");
      return tree.isJsonObject() ? tree.getAsJsonObject() : null;
    } catch (KatibException e) {
      return null;
    }
  }

  // ---- helpers ----------------------------------------------------------------------------------------------

  private static void setOrRemove(JsonObject object, String field, Random r, String value) {
    if (r.nextInt(8) == 0) {
      object.remove(field);
    } else {
      object.addProperty(field, value);
    }
  }

  private static void removeRandom(JsonObject parent, String field, Random r) {
    JsonElement value = parent.get(field);
    if (value != null && value.isJsonArray() && !value.getAsJsonArray().isEmpty()) {
      value.getAsJsonArray().remove(r.nextInt(value.getAsJsonArray().size()));
    }
  }

  static JsonArray strings(String... values) {
    JsonArray array = new JsonArray();
    for (String value : values) {
      array.add(value);
    }
    return array;
  }

  private static JsonArray ints(int... values) {
    JsonArray array = new JsonArray();
    for (int value : values) {
      array.add(value);
    }
    return array;
  }

  @SafeVarargs
  static <T> T pick(Random r, T... choices) {
    return choices[r.nextInt(choices.length)];
  }
}
