package io.github.katib4j.internal.codec;

import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.github.katib4j.experiment.Algorithm;
import io.github.katib4j.experiment.AlgorithmSetting;
import io.github.katib4j.experiment.CollectorKind;
import io.github.katib4j.experiment.Collector;
import io.github.katib4j.experiment.ComparisonType;
import io.github.katib4j.experiment.Condition;
import io.github.katib4j.experiment.ConditionStatus;
import io.github.katib4j.experiment.ConfigMapSource;
import io.github.katib4j.experiment.Distribution;
import io.github.katib4j.experiment.EarlyStopping;
import io.github.katib4j.experiment.EarlyStoppingRule;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.ExperimentSpec;
import io.github.katib4j.experiment.ExperimentStatus;
import io.github.katib4j.experiment.FeasibleSpace;
import io.github.katib4j.experiment.FileFormat;
import io.github.katib4j.experiment.FileSystemKind;
import io.github.katib4j.experiment.FileSystemPath;
import io.github.katib4j.experiment.GraphConfig;
import io.github.katib4j.experiment.HttpGetAction;
import io.github.katib4j.experiment.HttpHeader;
import io.github.katib4j.experiment.Metric;
import io.github.katib4j.experiment.MetricStrategy;
import io.github.katib4j.experiment.MetricStrategyType;
import io.github.katib4j.experiment.MetricsCollector;
import io.github.katib4j.experiment.MetricsFilter;
import io.github.katib4j.experiment.MetricsSource;
import io.github.katib4j.experiment.NasConfig;
import io.github.katib4j.experiment.ObjectMeta;
import io.github.katib4j.experiment.Objective;
import io.github.katib4j.experiment.ObjectiveType;
import io.github.katib4j.experiment.Observation;
import io.github.katib4j.experiment.Operation;
import io.github.katib4j.experiment.OptimalTrial;
import io.github.katib4j.experiment.OwnerReference;
import io.github.katib4j.experiment.Parameter;
import io.github.katib4j.experiment.ParameterAssignment;
import io.github.katib4j.experiment.ParameterType;
import io.github.katib4j.experiment.ResumePolicy;
import io.github.katib4j.experiment.Suggestion;
import io.github.katib4j.experiment.SuggestionSpec;
import io.github.katib4j.experiment.SuggestionStatus;
import io.github.katib4j.experiment.Trial;
import io.github.katib4j.experiment.TrialAssignment;
import io.github.katib4j.experiment.TrialParameter;
import io.github.katib4j.experiment.TrialSpec;
import io.github.katib4j.experiment.TrialStatus;
import io.github.katib4j.experiment.TrialTemplate;
import io.github.katib4j.experiment.Unstructured;
import java.util.Optional;

/**
 * The one mapping between Katib's JSON and katib4j's values. Field order and {@code omitempty} follow Katib's Go
 * structs at v0.19.0 ({@code pkg/apis/controller/.../v1beta1}).
 */
public final class KatibWire {
  private KatibWire() {}

  // ---- top level --------------------------------------------------------------------------------------------

  public static Experiment readExperiment(WireReader r) {
    readTypeMeta(r, Experiment.KIND);
    ObjectMeta metadata = r.object("metadata", KatibWire::readObjectMeta).orElse(ObjectMeta.builder().build());
    ExperimentSpec spec = r.object("spec", KatibWire::readExperimentSpec).orElse(ExperimentSpec.builder().build());
    Optional<ExperimentStatus> status = r.object("status", KatibWire::readExperimentStatus);
    Experiment experiment = Experiment.of(metadata, spec);
    return status.map(experiment::withStatus).orElse(experiment);
  }

  public static JsonObject writeExperiment(Experiment e) {
    WireWriter w = typeMeta(Experiment.KIND)
        .struct("metadata", e.metadata(), KatibWire::writeObjectMeta)
        .struct("spec", e.spec(), KatibWire::writeExperimentSpec);
    return w.object("status", e.status(), KatibWire::writeExperimentStatus).json();
  }

  public static Trial readTrial(WireReader r) {
    readTypeMeta(r, Trial.KIND);
    return Trial.builder()
        .metadata(r.object("metadata", KatibWire::readObjectMeta).orElse(ObjectMeta.builder().build()))
        .spec(r.object("spec", KatibWire::readTrialSpec).orElse(TrialSpec.builder().build()))
        .status(r.object("status", KatibWire::readTrialStatus))
        .build();
  }

  public static JsonObject writeTrial(Trial t) {
    return typeMeta(Trial.KIND)
        .struct("metadata", t.metadata(), KatibWire::writeObjectMeta)
        .struct("spec", t.spec(), KatibWire::writeTrialSpec)
        .object("status", t.status(), KatibWire::writeTrialStatus)
        .json();
  }

  public static Suggestion readSuggestion(WireReader r) {
    readTypeMeta(r, Suggestion.KIND);
    return Suggestion.builder()
        .metadata(r.object("metadata", KatibWire::readObjectMeta).orElse(ObjectMeta.builder().build()))
        .spec(r.object("spec", KatibWire::readSuggestionSpec).orElse(SuggestionSpec.builder().build()))
        .status(r.object("status", KatibWire::readSuggestionStatus))
        .build();
  }

  public static JsonObject writeSuggestion(Suggestion s) {
    return typeMeta(Suggestion.KIND)
        .struct("metadata", s.metadata(), KatibWire::writeObjectMeta)
        .struct("spec", s.spec(), KatibWire::writeSuggestionSpec)
        .object("status", s.status(), KatibWire::writeSuggestionStatus)
        .json();
  }

  private static void readTypeMeta(WireReader r, String kind) {
    String apiVersion = r.string("apiVersion");
    String actualKind = r.string("kind");
    if (!apiVersion.isEmpty() && !apiVersion.equals(Experiment.API_VERSION)) {
      String hint = apiVersion.equals("kubeflow.org/v1alpha3")
          ? "; convert a v1alpha3 experiment with KatibCodec.convertV1alpha3 or `katib convert`" : "";
      r.context().add(Paths.field(r.path(), "apiVersion"),
          "expected \"" + Experiment.API_VERSION + "\", found \"" + apiVersion + "\"" + hint);
    }
    if (!actualKind.isEmpty() && !actualKind.equals(kind)) {
      r.context().add(Paths.field(r.path(), "kind"), "expected \"" + kind + "\", found \"" + actualKind + "\"");
    } else if (actualKind.isEmpty() && !apiVersion.isEmpty()) {
      // Without apiVersion either, the object is taken to be what the reader asked for (a fragment, a builder's JSON).
      r.context().add(Paths.field(r.path(), "kind"), "missing; expected \"" + kind + "\" with apiVersion \""
          + apiVersion + "\", as kubectl refuses an object without a kind");
    }
  }

  private static WireWriter typeMeta(String kind) {
    return WireWriter.create().string("apiVersion", Experiment.API_VERSION).string("kind", kind);
  }

  // ---- metadata ---------------------------------------------------------------------------------------------

  public static ObjectMeta readObjectMeta(WireReader r) {
    ObjectMeta.Builder b = ObjectMeta.builder()
        .name(r.string("name"))
        .generateName(r.string("generateName"))
        .namespace(r.string("namespace"))
        .uid(r.string("uid"))
        .resourceVersion(r.string("resourceVersion"))
        .generation(r.int64("generation"))
        .creationTimestamp(r.time("creationTimestamp"))
        .deletionTimestamp(r.time("deletionTimestamp"))
        .labels(r.stringMap("labels"))
        .annotations(r.stringMap("annotations"))
        .ownerReferences(r.list("ownerReferences", KatibWire::readOwnerReference))
        .finalizers(r.stringList("finalizers"));
    JsonObject rest = r.unread();
    // Fields of ObjectMeta katib4j keeps verbatim, such as managedFields, still decode as Go's types.
    r.decodesAs(rest, "ObjectMeta", r.path());
    return b.extraFields(Unstructured.of(rest)).build();
  }

  public static JsonObject writeObjectMeta(ObjectMeta m) {
    return WireWriter.create()
        .string("name", m.name())
        .string("generateName", m.generateName())
        .string("namespace", m.namespace())
        .string("uid", m.uid())
        .string("resourceVersion", m.resourceVersion())
        .integer("generation", m.generation())
        .time("creationTimestamp", m.creationTimestamp())
        .time("deletionTimestamp", m.deletionTimestamp())
        .stringMap("labels", m.labels())
        .stringMap("annotations", m.annotations())
        .list("ownerReferences", m.ownerReferences(), KatibWire::writeOwnerReference)
        .stringList("finalizers", m.finalizers())
        .merge(m.extraFields())
        .json();
  }

  private static OwnerReference readOwnerReference(WireReader r) {
    return OwnerReference.builder()
        .apiVersion(r.string("apiVersion"))
        .kind(r.string("kind"))
        .name(r.string("name"))
        .uid(r.string("uid"))
        .controller(r.optionalBool("controller"))
        .blockOwnerDeletion(r.optionalBool("blockOwnerDeletion"))
        .build();
  }

  private static JsonObject writeOwnerReference(OwnerReference o) {
    return WireWriter.create()
        .requiredString("apiVersion", o.apiVersion())
        .requiredString("kind", o.kind())
        .requiredString("name", o.name())
        .requiredString("uid", o.uid())
        .bool("controller", o.controller())
        .bool("blockOwnerDeletion", o.blockOwnerDeletion())
        .json();
  }

  // ---- experiment spec --------------------------------------------------------------------------------------

  public static ExperimentSpec readExperimentSpec(WireReader r) {
    return ExperimentSpec.builder()
        .parameters(r.list("parameters", KatibWire::readParameter))
        .objective(r.object("objective", KatibWire::readObjective))
        .algorithm(r.object("algorithm", KatibWire::readAlgorithm))
        .earlyStopping(r.object("earlyStopping", KatibWire::readEarlyStopping))
        .trialTemplate(r.object("trialTemplate", KatibWire::readTrialTemplate))
        .parallelTrialCount(r.int32("parallelTrialCount"))
        .maxTrialCount(r.int32("maxTrialCount"))
        .maxFailedTrialCount(r.int32("maxFailedTrialCount"))
        .metricsCollectorSpec(r.object("metricsCollectorSpec", KatibWire::readMetricsCollector))
        .nasConfig(r.object("nasConfig", KatibWire::readNasConfig))
        .resumePolicy(r.enumValue("resumePolicy", ResumePolicy.class))
        .build();
  }

  public static JsonObject writeExperimentSpec(ExperimentSpec s) {
    return WireWriter.create()
        .list("parameters", s.parameters(), KatibWire::writeParameter)
        .object("objective", s.objective(), KatibWire::writeObjective)
        .object("algorithm", s.algorithm(), KatibWire::writeAlgorithm)
        .object("earlyStopping", s.earlyStopping(), KatibWire::writeEarlyStopping)
        .object("trialTemplate", s.trialTemplate(), KatibWire::writeTrialTemplate)
        .integer("parallelTrialCount", s.parallelTrialCount())
        .integer("maxTrialCount", s.maxTrialCount())
        .integer("maxFailedTrialCount", s.maxFailedTrialCount())
        .object("metricsCollectorSpec", s.metricsCollectorSpec(), KatibWire::writeMetricsCollector)
        .object("nasConfig", s.nasConfig(), KatibWire::writeNasConfig)
        .enumValue("resumePolicy", s.resumePolicy())
        .json();
  }

  public static Parameter readParameter(WireReader r) {
    return Parameter.builder()
        .name(r.string("name"))
        .parameterType(r.enumValue("parameterType", ParameterType.class))
        .feasibleSpace(r.object("feasibleSpace", KatibWire::readFeasibleSpace).orElse(FeasibleSpace.builder().build()))
        .build();
  }

  public static JsonObject writeParameter(Parameter p) {
    return WireWriter.create()
        .string("name", p.name())
        .enumValue("parameterType", p.parameterType())
        .struct("feasibleSpace", p.feasibleSpace(), KatibWire::writeFeasibleSpace)
        .json();
  }

  private static FeasibleSpace readFeasibleSpace(WireReader r) {
    return FeasibleSpace.builder()
        .maxText(r.optionalString("max"))
        .minText(r.optionalString("min"))
        .list(r.stringList("list"))
        .stepText(r.optionalString("step"))
        .distribution(r.enumValue("distribution", Distribution.class))
        .build();
  }

  private static JsonObject writeFeasibleSpace(FeasibleSpace f) {
    return WireWriter.create()
        .string("max", f.maxText())
        .string("min", f.minText())
        .stringList("list", f.list())
        .string("step", f.stepText())
        .enumValue("distribution", f.distribution())
        .json();
  }

  public static Objective readObjective(WireReader r) {
    return Objective.builder()
        .type(r.enumValue("type", ObjectiveType.class))
        .goal(r.float64("goal"))
        .objectiveMetricName(r.string("objectiveMetricName"))
        .additionalMetricNames(r.stringList("additionalMetricNames"))
        .metricStrategies(r.list("metricStrategies", KatibWire::readMetricStrategy))
        .build();
  }

  public static JsonObject writeObjective(Objective o) {
    return WireWriter.create()
        .enumValue("type", o.type())
        .number("goal", o.goal())
        .string("objectiveMetricName", o.objectiveMetricName())
        .stringList("additionalMetricNames", o.additionalMetricNames())
        .list("metricStrategies", o.metricStrategies(), KatibWire::writeMetricStrategy)
        .json();
  }

  private static MetricStrategy readMetricStrategy(WireReader r) {
    return MetricStrategy.of(r.string("name"), r.enumValue("value", MetricStrategyType.class));
  }

  private static JsonObject writeMetricStrategy(MetricStrategy m) {
    return WireWriter.create().string("name", m.name()).enumValue("value", m.value()).json();
  }

  public static Algorithm readAlgorithm(WireReader r) {
    return Algorithm.builder()
        .algorithmName(r.string("algorithmName"))
        .algorithmSettings(r.list("algorithmSettings", KatibWire::readSetting))
        .build();
  }

  public static JsonObject writeAlgorithm(Algorithm a) {
    return WireWriter.create()
        .string("algorithmName", a.algorithmName())
        .list("algorithmSettings", a.algorithmSettings(), KatibWire::writeSetting)
        .json();
  }

  public static EarlyStopping readEarlyStopping(WireReader r) {
    return EarlyStopping.builder()
        .algorithmName(r.string("algorithmName"))
        .algorithmSettings(r.list("algorithmSettings", KatibWire::readSetting))
        .build();
  }

  public static JsonObject writeEarlyStopping(EarlyStopping e) {
    return WireWriter.create()
        .string("algorithmName", e.algorithmName())
        .list("algorithmSettings", e.algorithmSettings(), KatibWire::writeSetting)
        .json();
  }

  private static AlgorithmSetting readSetting(WireReader r) {
    return AlgorithmSetting.of(r.string("name"), r.string("value"));
  }

  private static JsonObject writeSetting(AlgorithmSetting s) {
    return WireWriter.create().string("name", s.name()).string("value", s.value()).json();
  }

  public static TrialTemplate readTrialTemplate(WireReader r) {
    return TrialTemplate.builder()
        .retain(r.bool("retain"))
        .trialSpec(r.unstructured("trialSpec"))
        .configMap(r.object("configMap", KatibWire::readConfigMapSource))
        .trialParameters(r.list("trialParameters", KatibWire::readTrialParameter))
        .primaryPodLabels(r.stringMap("primaryPodLabels"))
        .primaryContainerName(r.string("primaryContainerName"))
        .successCondition(r.string("successCondition"))
        .failureCondition(r.string("failureCondition"))
        .build();
  }

  public static JsonObject writeTrialTemplate(TrialTemplate t) {
    return WireWriter.create()
        .bool("retain", t.retain())
        .unstructured("trialSpec", t.trialSpec())
        .object("configMap", t.configMap(), KatibWire::writeConfigMapSource)
        .list("trialParameters", t.trialParameters(), KatibWire::writeTrialParameter)
        .stringMap("primaryPodLabels", t.primaryPodLabels())
        .string("primaryContainerName", t.primaryContainerName())
        .string("successCondition", t.successCondition())
        .string("failureCondition", t.failureCondition())
        .json();
  }

  private static ConfigMapSource readConfigMapSource(WireReader r) {
    return ConfigMapSource.of(r.string("configMapName"), r.string("configMapNamespace"), r.string("templatePath"));
  }

  private static JsonObject writeConfigMapSource(ConfigMapSource c) {
    return WireWriter.create()
        .string("configMapName", c.configMapName())
        .string("configMapNamespace", c.configMapNamespace())
        .string("templatePath", c.templatePath())
        .json();
  }

  private static TrialParameter readTrialParameter(WireReader r) {
    return TrialParameter.builder()
        .name(r.string("name"))
        .description(r.string("description"))
        .reference(r.string("reference"))
        .build();
  }

  private static JsonObject writeTrialParameter(TrialParameter t) {
    return WireWriter.create()
        .string("name", t.name())
        .string("description", t.description())
        .string("reference", t.reference())
        .json();
  }

  public static MetricsCollector readMetricsCollector(WireReader r) {
    return MetricsCollector.builder()
        .source(r.object("source", KatibWire::readMetricsSource))
        .collector(r.object("collector", KatibWire::readCollector))
        .build();
  }

  public static JsonObject writeMetricsCollector(MetricsCollector m) {
    return WireWriter.create()
        .object("source", m.source(), KatibWire::writeMetricsSource)
        .object("collector", m.collector(), KatibWire::writeCollector)
        .json();
  }

  private static MetricsSource readMetricsSource(WireReader r) {
    return MetricsSource.builder()
        .httpGet(r.object("httpGet", KatibWire::readHttpGet))
        .fileSystemPath(r.object("fileSystemPath", KatibWire::readFileSystemPath))
        .filter(r.object("filter", f -> MetricsFilter.builder().metricsFormat(f.stringList("metricsFormat")).build()))
        .build();
  }

  private static JsonObject writeMetricsSource(MetricsSource s) {
    return WireWriter.create()
        .object("httpGet", s.httpGet(), KatibWire::writeHttpGet)
        .object("fileSystemPath", s.fileSystemPath(), KatibWire::writeFileSystemPath)
        .object("filter", s.filter(), f -> WireWriter.create().stringList("metricsFormat", f.metricsFormat()).json())
        .json();
  }

  private static HttpGetAction readHttpGet(WireReader r) {
    HttpGetAction.Builder b = HttpGetAction.builder().path(r.string("path"));
    Optional<JsonPrimitive> port = r.primitive("port");
    if (port.isPresent()) {
      JsonPrimitive p = port.get();
      if (p.isString()) {
        b.portName(p.getAsString());
      } else if (p.isNumber() && JsonTrees.isIntegerText(p.getAsNumber().toString())) {
        // Go decodes a number into IntOrString's int32 and fails beyond it, rather than wrapping around.
        r.int32Value(p, "port", "a port number (a 32-bit integer) or name").ifPresent(b::port);
      } else {
        r.context().add(Paths.field(r.path(), "port"), "expected a port number or name, found "
            + YamlTrees.describe(p));
      }
    }
    return b.host(r.string("host"))
        .scheme(r.string("scheme"))
        .httpHeaders(r.list("httpHeaders", h -> HttpHeader.of(h.string("name"), h.string("value"))))
        .build();
  }

  private static JsonObject writeHttpGet(HttpGetAction h) {
    WireWriter w = WireWriter.create().string("path", h.path());
    if (h.port().isPresent()) {
      w.raw("port", new JsonPrimitive(h.port().getAsInt()));
    } else if (h.portName().isPresent()) {
      w.raw("port", new JsonPrimitive(h.portName().get()));
    }
    return w.string("host", h.host())
        .string("scheme", h.scheme())
        .list("httpHeaders", h.httpHeaders(),
            x -> WireWriter.create().requiredString("name", x.name()).requiredString("value", x.value()).json())
        .json();
  }

  private static FileSystemPath readFileSystemPath(WireReader r) {
    return FileSystemPath.builder()
        .path(r.string("path"))
        .kind(r.enumValue("kind", FileSystemKind.class))
        .format(r.enumValue("format", FileFormat.class))
        .build();
  }

  private static JsonObject writeFileSystemPath(FileSystemPath f) {
    return WireWriter.create()
        .string("path", f.path())
        .enumValue("kind", f.kind())
        .enumValue("format", f.format())
        .json();
  }

  private static Collector readCollector(WireReader r) {
    return Collector.builder()
        .kind(r.enumValue("kind", CollectorKind.class))
        .customCollector(r.kubernetes("customCollector", "Container"))
        .build();
  }

  private static JsonObject writeCollector(Collector c) {
    return WireWriter.create()
        .enumValue("kind", c.kind())
        .unstructured("customCollector", c.customCollector())
        .json();
  }

  private static NasConfig readNasConfig(WireReader r) {
    return NasConfig.builder()
        .graphConfig(r.object("graphConfig", g -> GraphConfig.builder()
            .numLayers(g.int32("numLayers"))
            .inputSizes(g.int32List("inputSizes"))
            .outputSizes(g.int32List("outputSizes"))
            .build()).orElse(GraphConfig.builder().build()))
        .operations(r.list("operations", o -> Operation.builder()
            .operationType(o.string("operationType"))
            .parameters(o.list("parameters", KatibWire::readParameter))
            .build()))
        .build();
  }

  private static JsonObject writeNasConfig(NasConfig n) {
    return WireWriter.create()
        .struct("graphConfig", n.graphConfig(), g -> WireWriter.create()
            .integer("numLayers", g.numLayers())
            .intList("inputSizes", g.inputSizes())
            .intList("outputSizes", g.outputSizes())
            .json())
        .list("operations", n.operations(), o -> WireWriter.create()
            .string("operationType", o.operationType())
            .list("parameters", o.parameters(), KatibWire::writeParameter)
            .json())
        .json();
  }

  // ---- statuses ---------------------------------------------------------------------------------------------

  private static ExperimentStatus readExperimentStatus(WireReader r) {
    return ExperimentStatus.builder()
        .startTime(r.time("startTime"))
        .completionTime(r.time("completionTime"))
        .lastReconcileTime(r.time("lastReconcileTime"))
        .conditions(r.list("conditions", KatibWire::readCondition))
        .currentOptimalTrial(r.object("currentOptimalTrial", KatibWire::readOptimalTrial)
            .orElse(OptimalTrial.builder().build()))
        .runningTrialList(r.stringList("runningTrialList"))
        .pendingTrialList(r.stringList("pendingTrialList"))
        .failedTrialList(r.stringList("failedTrialList"))
        .succeededTrialList(r.stringList("succeededTrialList"))
        .killedTrialList(r.stringList("killedTrialList"))
        .earlyStoppedTrialList(r.stringList("earlyStoppedTrialList"))
        .metricsUnavailableTrialList(r.stringList("metricsUnavailableTrialList"))
        .trials(r.int32("trials").orElse(0))
        .trialsSucceeded(r.int32("trialsSucceeded").orElse(0))
        .trialsFailed(r.int32("trialsFailed").orElse(0))
        .trialsKilled(r.int32("trialsKilled").orElse(0))
        .trialsPending(r.int32("trialsPending").orElse(0))
        .trialsRunning(r.int32("trialsRunning").orElse(0))
        .trialsEarlyStopped(r.int32("trialsEarlyStopped").orElse(0))
        .trialMetricsUnavailable(r.int32("trialMetricsUnavailable").orElse(0))
        .build();
  }

  /** As Katib's controller writes it: {@code currentOptimalTrial} and its {@code observation} are always present. */
  private static JsonObject writeExperimentStatus(ExperimentStatus s) {
    return WireWriter.create()
        .time("startTime", s.startTime())
        .time("completionTime", s.completionTime())
        .time("lastReconcileTime", s.lastReconcileTime())
        .list("conditions", s.conditions(), KatibWire::writeCondition)
        .struct("currentOptimalTrial", s.currentOptimalTrial(), KatibWire::writeOptimalTrial)
        .stringList("runningTrialList", s.runningTrialList())
        .stringList("pendingTrialList", s.pendingTrialList())
        .stringList("failedTrialList", s.failedTrialList())
        .stringList("succeededTrialList", s.succeededTrialList())
        .stringList("killedTrialList", s.killedTrialList())
        .stringList("earlyStoppedTrialList", s.earlyStoppedTrialList())
        .stringList("metricsUnavailableTrialList", s.metricsUnavailableTrialList())
        .integer("trials", s.trials())
        .integer("trialsSucceeded", s.trialsSucceeded())
        .integer("trialsFailed", s.trialsFailed())
        .integer("trialsKilled", s.trialsKilled())
        .integer("trialsPending", s.trialsPending())
        .integer("trialsRunning", s.trialsRunning())
        .integer("trialsEarlyStopped", s.trialsEarlyStopped())
        .integer("trialMetricsUnavailable", s.trialMetricsUnavailable())
        .json();
  }

  private static OptimalTrial readOptimalTrial(WireReader r) {
    return OptimalTrial.builder()
        .bestTrialName(r.string("bestTrialName"))
        .parameterAssignments(r.list("parameterAssignments", KatibWire::readAssignment))
        .observation(r.object("observation", KatibWire::readObservation).orElse(Observation.builder().build()))
        .build();
  }

  private static JsonObject writeOptimalTrial(OptimalTrial o) {
    return WireWriter.create()
        .string("bestTrialName", o.bestTrialName())
        .list("parameterAssignments", o.parameterAssignments(), KatibWire::writeAssignment)
        .struct("observation", o.observation(), KatibWire::writeObservation)
        .json();
  }

  public static Condition readCondition(WireReader r) {
    String status = r.string("status");
    Condition.Builder b = Condition.builder().type(r.string("type"));
    Optional<ConditionStatus> parsed = ConditionStatus.fromWireName(status);
    if (parsed.isPresent()) {
      b.status(parsed.get());
    } else if (!status.isEmpty()) {
      r.context().add(Paths.field(r.path(), "status"), "expected \"True\", \"False\" or \"Unknown\", found \""
          + status + "\"");
    }
    return b.reason(r.string("reason"))
        .message(r.string("message"))
        .lastUpdateTime(r.time("lastUpdateTime"))
        .lastTransitionTime(r.time("lastTransitionTime"))
        .build();
  }

  public static JsonObject writeCondition(Condition c) {
    return WireWriter.create()
        .requiredString("type", c.type())
        .requiredString("status", c.status().wireName())
        .string("reason", c.reason())
        .string("message", c.message())
        .time("lastUpdateTime", c.lastUpdateTime())
        .time("lastTransitionTime", c.lastTransitionTime())
        .json();
  }

  private static ParameterAssignment readAssignment(WireReader r) {
    return ParameterAssignment.of(r.string("name"), r.string("value"));
  }

  private static JsonObject writeAssignment(ParameterAssignment a) {
    return WireWriter.create().string("name", a.name()).string("value", a.value()).json();
  }

  public static Observation readObservation(WireReader r) {
    return Observation.builder().metrics(r.list("metrics", m -> Metric.builder()
        .name(m.string("name"))
        .min(m.string("min"))
        .max(m.string("max"))
        .latest(m.string("latest"))
        .build())).build();
  }

  public static JsonObject writeObservation(Observation o) {
    return WireWriter.create()
        .list("metrics", o.metrics(), m -> WireWriter.create()
            .string("name", m.name())
            .string("min", m.min())
            .string("max", m.max())
            .string("latest", m.latest())
            .json())
        .json();
  }

  private static EarlyStoppingRule readRule(WireReader r) {
    return EarlyStoppingRule.builder()
        .name(r.string("name"))
        .value(r.string("value"))
        .comparison(r.enumValue("comparison", ComparisonType.class))
        .startStep(r.int64("startStep").orElse(0))
        .build();
  }

  private static JsonObject writeRule(EarlyStoppingRule e) {
    return WireWriter.create()
        .string("name", e.name())
        .string("value", e.value())
        .enumValue("comparison", e.comparison())
        .integer("startStep", e.startStep())
        .json();
  }

  // ---- trial ------------------------------------------------------------------------------------------------

  private static TrialSpec readTrialSpec(WireReader r) {
    return TrialSpec.builder()
        .objective(r.object("objective", KatibWire::readObjective))
        .parameterAssignments(r.list("parameterAssignments", KatibWire::readAssignment))
        .earlyStoppingRules(r.list("earlyStoppingRules", KatibWire::readRule))
        .runSpec(r.unstructured("runSpec"))
        .retainRun(r.bool("retainRun"))
        .metricsCollector(r.object("metricsCollector", KatibWire::readMetricsCollector)
            .orElse(MetricsCollector.builder().build()))
        .primaryPodLabels(r.stringMap("primaryPodLabels"))
        .primaryContainerName(r.string("primaryContainerName"))
        .successCondition(r.string("successCondition"))
        .failureCondition(r.string("failureCondition"))
        .labels(r.stringMap("labels"))
        .build();
  }

  private static JsonObject writeTrialSpec(TrialSpec t) {
    return WireWriter.create()
        .object("objective", t.objective(), KatibWire::writeObjective)
        .list("parameterAssignments", t.parameterAssignments(), KatibWire::writeAssignment)
        .list("earlyStoppingRules", t.earlyStoppingRules(), KatibWire::writeRule)
        .unstructured("runSpec", t.runSpec())
        .bool("retainRun", t.retainRun())
        .struct("metricsCollector", t.metricsCollector(), KatibWire::writeMetricsCollector)
        .stringMap("primaryPodLabels", t.primaryPodLabels())
        .string("primaryContainerName", t.primaryContainerName())
        .string("successCondition", t.successCondition())
        .string("failureCondition", t.failureCondition())
        .stringMap("labels", t.labels())
        .json();
  }

  private static TrialStatus readTrialStatus(WireReader r) {
    return TrialStatus.builder()
        .startTime(r.time("startTime"))
        .completionTime(r.time("completionTime"))
        .lastReconcileTime(r.time("lastReconcileTime"))
        .conditions(r.list("conditions", KatibWire::readCondition))
        .observation(r.object("observation", KatibWire::readObservation))
        .build();
  }

  private static JsonObject writeTrialStatus(TrialStatus t) {
    return WireWriter.create()
        .time("startTime", t.startTime())
        .time("completionTime", t.completionTime())
        .time("lastReconcileTime", t.lastReconcileTime())
        .list("conditions", t.conditions(), KatibWire::writeCondition)
        .object("observation", t.observation(), KatibWire::writeObservation)
        .json();
  }

  // ---- suggestion -------------------------------------------------------------------------------------------

  private static SuggestionSpec readSuggestionSpec(WireReader r) {
    return SuggestionSpec.builder()
        .algorithm(r.object("algorithm", KatibWire::readAlgorithm))
        .earlyStopping(r.object("earlyStopping", KatibWire::readEarlyStopping))
        .requests(r.int32("requests").orElse(0))
        .resumePolicy(r.enumValue("resumePolicy", ResumePolicy.class))
        .build();
  }

  private static JsonObject writeSuggestionSpec(SuggestionSpec s) {
    return WireWriter.create()
        .object("algorithm", s.algorithm(), KatibWire::writeAlgorithm)
        .object("earlyStopping", s.earlyStopping(), KatibWire::writeEarlyStopping)
        .integer("requests", s.requests())
        .enumValue("resumePolicy", s.resumePolicy())
        .json();
  }

  private static SuggestionStatus readSuggestionStatus(WireReader r) {
    return SuggestionStatus.builder()
        .algorithmSettings(r.list("algorithmSettings", KatibWire::readSetting))
        .suggestionCount(r.int32("suggestionCount").orElse(0))
        .suggestions(r.list("suggestions", KatibWire::readTrialAssignment))
        .startTime(r.time("startTime"))
        .completionTime(r.time("completionTime"))
        .lastReconcileTime(r.time("lastReconcileTime"))
        .conditions(r.list("conditions", KatibWire::readCondition))
        .build();
  }

  private static JsonObject writeSuggestionStatus(SuggestionStatus s) {
    return WireWriter.create()
        .list("algorithmSettings", s.algorithmSettings(), KatibWire::writeSetting)
        .integer("suggestionCount", s.suggestionCount())
        .list("suggestions", s.suggestions(), KatibWire::writeTrialAssignment)
        .time("startTime", s.startTime())
        .time("completionTime", s.completionTime())
        .time("lastReconcileTime", s.lastReconcileTime())
        .list("conditions", s.conditions(), KatibWire::writeCondition)
        .json();
  }

  private static TrialAssignment readTrialAssignment(WireReader r) {
    return TrialAssignment.builder()
        .parameterAssignments(r.list("parameterAssignments", KatibWire::readAssignment))
        .name(r.string("name"))
        .earlyStoppingRules(r.list("earlyStoppingRules", KatibWire::readRule))
        .labels(r.stringMap("labels"))
        .build();
  }

  private static JsonObject writeTrialAssignment(TrialAssignment t) {
    return WireWriter.create()
        .list("parameterAssignments", t.parameterAssignments(), KatibWire::writeAssignment)
        .string("name", t.name())
        .list("earlyStoppingRules", t.earlyStoppingRules(), KatibWire::writeRule)
        .stringMap("labels", t.labels())
        .json();
  }

  /**
   * A part of Katib's model in Katib's JSON form, compact, as its {@code toString()} shows it, the way an
   * {@link Experiment} shows itself; never throws, as a {@code toString()} must not.
   */
  public static String show(Object part) {
    JsonObject json;
    try {
      if (part == null) {
        return "null";
    } else if (part instanceof Algorithm) {
      json = writeAlgorithm((Algorithm) part);
    } else if (part instanceof AlgorithmSetting) {
      json = writeSetting((AlgorithmSetting) part);
    } else if (part instanceof Collector) {
      json = writeCollector((Collector) part);
    } else if (part instanceof Condition) {
      json = writeCondition((Condition) part);
    } else if (part instanceof ConfigMapSource) {
      json = writeConfigMapSource((ConfigMapSource) part);
    } else if (part instanceof EarlyStopping) {
      json = writeEarlyStopping((EarlyStopping) part);
    } else if (part instanceof EarlyStoppingRule) {
      json = writeRule((EarlyStoppingRule) part);
    } else if (part instanceof ExperimentSpec) {
      json = writeExperimentSpec((ExperimentSpec) part);
    } else if (part instanceof ExperimentStatus) {
      json = writeExperimentStatus((ExperimentStatus) part);
    } else if (part instanceof FeasibleSpace) {
      json = writeFeasibleSpace((FeasibleSpace) part);
    } else if (part instanceof FileSystemPath) {
      json = writeFileSystemPath((FileSystemPath) part);
    } else if (part instanceof HttpGetAction) {
      json = writeHttpGet((HttpGetAction) part);
    } else if (part instanceof MetricStrategy) {
      json = writeMetricStrategy((MetricStrategy) part);
    } else if (part instanceof MetricsCollector) {
      json = writeMetricsCollector((MetricsCollector) part);
    } else if (part instanceof MetricsSource) {
      json = writeMetricsSource((MetricsSource) part);
    } else if (part instanceof NasConfig) {
      json = writeNasConfig((NasConfig) part);
    } else if (part instanceof ObjectMeta) {
      json = writeObjectMeta((ObjectMeta) part);
    } else if (part instanceof Objective) {
      json = writeObjective((Objective) part);
    } else if (part instanceof Observation) {
      json = writeObservation((Observation) part);
    } else if (part instanceof OptimalTrial) {
      json = writeOptimalTrial((OptimalTrial) part);
    } else if (part instanceof OwnerReference) {
      json = writeOwnerReference((OwnerReference) part);
    } else if (part instanceof Parameter) {
      json = writeParameter((Parameter) part);
    } else if (part instanceof ParameterAssignment) {
      json = writeAssignment((ParameterAssignment) part);
    } else if (part instanceof SuggestionSpec) {
      json = writeSuggestionSpec((SuggestionSpec) part);
    } else if (part instanceof SuggestionStatus) {
      json = writeSuggestionStatus((SuggestionStatus) part);
    } else if (part instanceof TrialAssignment) {
      json = writeTrialAssignment((TrialAssignment) part);
    } else if (part instanceof TrialParameter) {
      json = writeTrialParameter((TrialParameter) part);
    } else if (part instanceof TrialSpec) {
      json = writeTrialSpec((TrialSpec) part);
    } else if (part instanceof TrialStatus) {
      json = writeTrialStatus((TrialStatus) part);
    } else if (part instanceof TrialTemplate) {
      json = writeTrialTemplate((TrialTemplate) part);
      } else {
        return part.getClass().getSimpleName();
      }
    } catch (RuntimeException e) {
      return part.getClass().getSimpleName() + " (not shown in Katib's form: " + e.getMessage() + ")";
    }
    return json.toString();
  }
}
