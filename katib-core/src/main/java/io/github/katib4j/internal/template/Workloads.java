package io.github.katib4j.internal.template;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.github.katib4j.experiment.Unstructured;
import io.github.katib4j.internal.codec.JsonTrees;
import io.github.katib4j.internal.codec.Paths;
import io.github.katib4j.template.Container;
import io.github.katib4j.template.ContainerPort;
import io.github.katib4j.template.EnvVar;
import io.github.katib4j.template.PodTemplate;
import io.github.katib4j.template.Replica;
import io.github.katib4j.template.VolumeMount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Kubernetes workload JSON: writing containers, pod templates and replicas as the builders produce them, and
 * finding every container in a rendered trial, whatever the kind nests them in.
 */
public final class Workloads {
  private static final Set<String> CONTAINER_FIELDS = Set.of("name", "image", "imagePullPolicy", "command", "args",
      "workingDir", "env", "ports", "resources", "volumeMounts");

  private Workloads() {}

  // ---- writing --------------------------------------------------------------------------------------------

  public static JsonObject writeContainer(Container container) {
    JsonObject out = new JsonObject();
    if (!container.name().isEmpty()) {
      out.addProperty("name", container.name());
    }
    if (!container.image().isEmpty()) {
      out.addProperty("image", container.image());
    }
    container.imagePullPolicy().ifPresent(p -> out.addProperty("imagePullPolicy", p));
    addStrings(out, "command", container.command());
    addStrings(out, "args", container.args());
    container.workingDir().ifPresent(d -> out.addProperty("workingDir", d));
    if (!container.env().isEmpty()) {
      JsonArray env = new JsonArray();
      container.env().forEach(var -> env.add(writeEnv(var)));
      out.add("env", env);
    }
    if (!container.ports().isEmpty()) {
      JsonArray ports = new JsonArray();
      for (ContainerPort port : container.ports()) {
        JsonObject p = new JsonObject();
        p.addProperty("containerPort", port.containerPort());
        port.name().ifPresent(n -> p.addProperty("name", n));
        port.protocol().ifPresent(n -> p.addProperty("protocol", n));
        ports.add(p);
      }
      out.add("ports", ports);
    }
    JsonObject resources = resources(container.limits(), container.requests());
    if (resources.size() > 0) {
      out.add("resources", resources);
    }
    if (!container.volumeMounts().isEmpty()) {
      JsonArray mounts = new JsonArray();
      for (VolumeMount mount : container.volumeMounts()) {
        JsonObject m = new JsonObject();
        m.addProperty("name", mount.name());
        m.addProperty("mountPath", mount.mountPath());
        mount.readOnly().ifPresent(r -> m.addProperty("readOnly", r));
        mount.subPath().ifPresent(s -> m.addProperty("subPath", s));
        mounts.add(m);
      }
      out.add("volumeMounts", mounts);
    }
    container.extraFields().toJsonObject().entrySet().forEach(e -> out.add(e.getKey(), e.getValue()));
    return out;
  }

  private static JsonObject writeEnv(EnvVar var) {
    JsonObject out = new JsonObject();
    out.addProperty("name", var.name());
    var.value().ifPresent(v -> out.addProperty("value", v));
    var.valueFrom().ifPresent(v -> out.add("valueFrom", v.toJsonObject()));
    return out;
  }

  /** {@code {limits, requests}}, each only when not empty. */
  private static JsonObject resources(Map<String, String> limits, Map<String, String> requests) {
    JsonObject resources = new JsonObject();
    if (!limits.isEmpty()) {
      resources.add("limits", stringMap(limits));
    }
    if (!requests.isEmpty()) {
      resources.add("requests", stringMap(requests));
    }
    return resources;
  }

  /** {@code {metadata: {labels, annotations}, spec: {containers, restartPolicy, volumes, ...}}}. */
  public static JsonObject writePodTemplate(PodTemplate pod) {
    JsonObject template = new JsonObject();
    JsonObject metadata = metadata(pod.labels(), pod.annotations());
    if (metadata.size() > 0) {
      template.add("metadata", metadata);
    }
    JsonObject spec = new JsonObject();
    JsonArray containers = new JsonArray();
    pod.containers().forEach(c -> containers.add(writeContainer(c)));
    spec.add("containers", containers);
    pod.restartPolicy().ifPresent(p -> spec.addProperty("restartPolicy", p.wireName()));
    if (!pod.volumes().isEmpty()) {
      JsonArray volumes = new JsonArray();
      pod.volumes().forEach(v -> volumes.add(v.toJsonObject()));
      spec.add("volumes", volumes);
    }
    pod.extraSpecFields().toJsonObject().entrySet().forEach(e -> spec.add(e.getKey(), e.getValue()));
    template.add("spec", spec);
    return template;
  }

  /** {@code {replicas, restartPolicy, template}}. */
  public static JsonObject writeReplica(Replica replica) {
    JsonObject out = new JsonObject();
    out.addProperty("replicas", replica.replicas());
    replica.restartPolicy().ifPresent(p -> out.addProperty("restartPolicy", p.wireName()));
    out.add("template", writePodTemplate(replica.template()));
    return out;
  }

  /** {@code {labels, annotations}}, each only when not empty. */
  public static JsonObject metadata(Map<String, String> labels, Map<String, String> annotations) {
    JsonObject metadata = new JsonObject();
    if (!labels.isEmpty()) {
      metadata.add("labels", stringMap(labels));
    }
    if (!annotations.isEmpty()) {
      metadata.add("annotations", stringMap(annotations));
    }
    return metadata;
  }

  private static JsonObject stringMap(Map<String, String> map) {
    JsonObject out = new JsonObject();
    map.forEach(out::addProperty);
    return out;
  }

  private static void addStrings(JsonObject out, String field, List<String> values) {
    if (!values.isEmpty()) {
      JsonArray array = new JsonArray();
      values.forEach(array::add);
      out.add(field, array);
    }
  }

  // ---- reading --------------------------------------------------------------------------------------------

  /**
   * A Kubernetes {@code Container} object as a {@link Container}. Numbers and booleans where Kubernetes wants
   * strings are read as their text; a field of another shape is kept verbatim in {@code extraFields}.
   */
  public static Container readContainer(JsonObject json) {
    Container.Builder builder = Container.builder();
    JsonObject extra = new JsonObject();
    for (Map.Entry<String, JsonElement> entry : json.entrySet()) {
      String field = entry.getKey();
      JsonElement value = entry.getValue();
      if (!CONTAINER_FIELDS.contains(field) || !readField(builder, field, value)) {
        extra.add(field, value);
      }
    }
    return builder.extraFields(Unstructured.of(extra)).build();
  }

  private static boolean readField(Container.Builder builder, String field, JsonElement value) {
    switch (field) {
      case "name":
        return text(value).map(builder::name).isPresent();
      case "image":
        return text(value).map(builder::image).isPresent();
      case "imagePullPolicy":
        return text(value).map(builder::imagePullPolicy).isPresent();
      case "workingDir":
        return text(value).map(builder::workingDir).isPresent();
      case "command":
        return texts(value).map(builder::command).isPresent();
      case "args":
        return texts(value).map(builder::args).isPresent();
      case "env":
        return readEnv(builder, value);
      case "ports":
        return readPorts(builder, value);
      case "resources":
        return readResources(builder, value);
      case "volumeMounts":
        return readVolumeMounts(builder, value);
      default:
        return false;
    }
  }

  private static boolean readEnv(Container.Builder builder, JsonElement value) {
    if (!value.isJsonArray()) {
      return false;
    }
    List<EnvVar> vars = new ArrayList<>();
    for (JsonElement item : value.getAsJsonArray()) {
      if (!item.isJsonObject()) {
        return false;
      }
      JsonObject var = item.getAsJsonObject();
      Optional<String> name = text(var.get("name"));
      JsonElement valueFrom = var.get("valueFrom");
      if (name.isEmpty() || var.keySet().stream().anyMatch(k -> !Set.of("name", "value", "valueFrom").contains(k))
          || (valueFrom != null && !valueFrom.isJsonObject())) {
        return false;
      }
      EnvVar.Builder env = EnvVar.builder().name(name.get());
      if (var.has("value")) {
        Optional<String> text = text(var.get("value"));
        if (text.isEmpty()) {
          return false;
        }
        env.value(text.get());
      }
      if (valueFrom != null) {
        env.valueFrom(Unstructured.of(valueFrom.getAsJsonObject()));
      }
      vars.add(env.build());
    }
    builder.env(vars);
    return true;
  }

  private static boolean readPorts(Container.Builder builder, JsonElement value) {
    if (!value.isJsonArray()) {
      return false;
    }
    List<ContainerPort> ports = new ArrayList<>();
    for (JsonElement item : value.getAsJsonArray()) {
      if (!item.isJsonObject()) {
        return false;
      }
      JsonObject port = item.getAsJsonObject();
      JsonElement number = port.get("containerPort");
      if (number == null || !number.isJsonPrimitive() || !number.getAsJsonPrimitive().isNumber()
          || !JsonTrees.isIntegerText(number.getAsString())
          || port.keySet().stream().anyMatch(k -> !Set.of("containerPort", "name", "protocol").contains(k))) {
        return false;
      }
      ContainerPort.Builder p = ContainerPort.builder().containerPort(number.getAsInt());
      if (port.has("name")) {
        p.name(text(port.get("name")).orElse(""));
      }
      if (port.has("protocol")) {
        p.protocol(text(port.get("protocol")).orElse(""));
      }
      ports.add(p.build());
    }
    builder.ports(ports);
    return true;
  }

  private static boolean readResources(Container.Builder builder, JsonElement value) {
    if (!value.isJsonObject() || value.getAsJsonObject().keySet().stream()
        .anyMatch(k -> !k.equals("limits") && !k.equals("requests"))) {
      return false;
    }
    Optional<Map<String, String>> limits = quantities(value.getAsJsonObject().get("limits"));
    Optional<Map<String, String>> requests = quantities(value.getAsJsonObject().get("requests"));
    if (limits.isEmpty() || requests.isEmpty()) {
      return false;
    }
    builder.limits(limits.get()).requests(requests.get());
    return true;
  }

  /** Quantities keep their text; numbers (YAML's {@code cpu: 1}) read as theirs. */
  private static Optional<Map<String, String>> quantities(JsonElement value) {
    Map<String, String> out = new LinkedHashMap<>();
    if (value == null) {
      return Optional.of(out);
    }
    if (!value.isJsonObject()) {
      return Optional.empty();
    }
    for (Map.Entry<String, JsonElement> entry : value.getAsJsonObject().entrySet()) {
      Optional<String> text = text(entry.getValue());
      if (text.isEmpty()) {
        return Optional.empty();
      }
      out.put(entry.getKey(), text.get());
    }
    return Optional.of(out);
  }

  private static boolean readVolumeMounts(Container.Builder builder, JsonElement value) {
    if (!value.isJsonArray()) {
      return false;
    }
    List<VolumeMount> mounts = new ArrayList<>();
    for (JsonElement item : value.getAsJsonArray()) {
      if (!item.isJsonObject()) {
        return false;
      }
      JsonObject mount = item.getAsJsonObject();
      Optional<String> name = text(mount.get("name"));
      Optional<String> path = text(mount.get("mountPath"));
      JsonElement readOnly = mount.get("readOnly");
      if (name.isEmpty() || path.isEmpty()
          || mount.keySet().stream().anyMatch(k -> !Set.of("name", "mountPath", "readOnly", "subPath").contains(k))
          || (readOnly != null && !(readOnly.isJsonPrimitive() && readOnly.getAsJsonPrimitive().isBoolean()))) {
        return false;
      }
      VolumeMount.Builder m = VolumeMount.builder().name(name.get()).mountPath(path.get());
      if (readOnly != null) {
        m.readOnly(readOnly.getAsBoolean());
      }
      if (mount.has("subPath")) {
        m.subPath(text(mount.get("subPath")).orElse(""));
      }
      mounts.add(m.build());
    }
    builder.volumeMounts(mounts);
    return true;
  }

  private static Optional<String> text(JsonElement value) {
    return value != null && value.isJsonPrimitive() ? Optional.of(value.getAsString()) : Optional.empty();
  }

  private static Optional<List<String>> texts(JsonElement value) {
    if (value == null || !value.isJsonArray()) {
      return Optional.empty();
    }
    List<String> out = new ArrayList<>();
    for (JsonElement item : value.getAsJsonArray()) {
      Optional<String> text = text(item);
      if (text.isEmpty()) {
        return Optional.empty();
      }
      out.add(text.get());
    }
    return Optional.of(out);
  }

  // ---- finding containers ---------------------------------------------------------------------------------

  /** A container found in a workload, with where it is and the pod it runs in. */
  public static final class Located {
    private final String path;
    private final Container container;
    private final Map<String, String> podLabels;
    private final String replicaType;
    private final JsonObject podSpec;

    Located(String path, Container container, Map<String, String> podLabels, String replicaType,
        JsonObject podSpec) {
      this.path = path;
      this.container = container;
      this.podLabels = podLabels;
      this.replicaType = replicaType;
      this.podSpec = podSpec;
    }

    /** The container's field path in the workload, such as {@code spec.template.spec.containers[0]}. */
    public String path() {
      return path;
    }

    public Container container() {
      return container;
    }

    /** The labels the workload gives the pod (from its template, or the task for Tekton). */
    public Map<String, String> podLabels() {
      return podLabels;
    }

    /** The replica type ({@code Master}, {@code Worker}, ...) of a Kubeflow job, else {@code ""}. */
    public String replicaType() {
      return replicaType;
    }

    /** The pod-level {@code activeDeadlineSeconds}, if set. */
    public OptionalLong podActiveDeadlineSeconds() {
      return longAt(podSpec, "activeDeadlineSeconds");
    }
  }

  /**
   * Every container of the workload: pod templates anywhere ({@code Job}, Kubeflow replica specs, pods),
   * Kubeflow Trainer's {@code spec.trainer} (container {@code node}), Argo templates' {@code container} and
   * {@code script} (container {@code main}) and Tekton steps (container {@code step-<name>}).
   */
  public static List<Located> containers(JsonObject workload) {
    List<Located> found = new ArrayList<>();
    if ("TrainJob".equals(GoUnstructured.kind(workload))) {
      objectAt(workload, "spec").flatMap(spec -> objectAt(spec, "trainer")).ifPresent(trainer ->
          found.add(new Located("spec.trainer", trainerContainer(trainer), Map.of(), "", new JsonObject())));
      return found;
    }
    walk(workload, "", "", found);
    return found;
  }

  /** Kubeflow Trainer runs the trainer in a container named {@code node}. */
  private static Container trainerContainer(JsonObject trainer) {
    JsonObject container = new JsonObject();
    container.addProperty("name", "node");
    for (String field : List.of("image", "command", "args", "env")) {
      if (trainer.has(field)) {
        container.add(field, trainer.get(field));
      }
    }
    if (trainer.has("resourcesPerNode")) {
      container.add("resources", trainer.get("resourcesPerNode"));
    }
    return readContainer(container);
  }

  private static void walk(JsonElement element, String path, String replicaType, List<Located> found) {
    if (element.isJsonArray()) {
      JsonArray array = element.getAsJsonArray();
      for (int i = 0; i < array.size(); i++) {
        walk(array.get(i), Paths.index(path, i), replicaType, found);
      }
      return;
    }
    if (!element.isJsonObject()) {
      return;
    }
    JsonObject object = element.getAsJsonObject();
    Optional<JsonObject> podSpec = objectAt(object, "spec").filter(s -> s.has("containers"));
    if (podSpec.isPresent()) {
      Map<String, String> labels = GoUnstructured.stringMap(object, "labels");
      addPod(podSpec.get(), Paths.field(path, "spec"), labels, replicaType, found);
    }
    argoContainers(object, path, found);
    tektonSteps(object, path, found);
    for (Map.Entry<String, JsonElement> entry : object.entrySet()) {
      if (podSpec.isPresent() && entry.getKey().equals("spec")) {
        continue;
      }
      String childType = replicaType;
      if (path.endsWith("ReplicaSpecs")) {
        childType = entry.getKey();
      }
      walk(entry.getValue(), Paths.member(path, entry.getKey()), childType, found);
    }
  }

  private static void addPod(JsonObject spec, String path, Map<String, String> labels, String replicaType,
      List<Located> found) {
    JsonElement containers = spec.get("containers");
    if (!containers.isJsonArray()) {
      return;
    }
    JsonArray array = containers.getAsJsonArray();
    for (int i = 0; i < array.size(); i++) {
      if (array.get(i).isJsonObject()) {
        found.add(new Located(Paths.index(Paths.field(path, "containers"), i),
            readContainer(array.get(i).getAsJsonObject()), labels, replicaType, spec));
      }
    }
  }

  /** An Argo template's {@code container} or {@code script} runs as container {@code main}. */
  private static void argoContainers(JsonObject template, String path, List<Located> found) {
    for (String field : List.of("container", "script")) {
      Optional<JsonObject> container = objectAt(template, field);
      if (container.isPresent() && template.has("name") && container.get().has("image")) {
        JsonObject main = container.get().deepCopy();
        main.addProperty("name", "main");
        found.add(new Located(Paths.field(path, field), readContainer(main),
            GoUnstructured.stringMap(template, "labels"), "", template));
      }
    }
  }

  /** A Tekton step runs as container {@code step-<name>}; its pod has label {@code tekton.dev/pipelineTask}. */
  private static void tektonSteps(JsonObject task, String path, List<Located> found) {
    Optional<JsonObject> taskSpec = objectAt(task, "taskSpec");
    JsonElement steps = taskSpec.map(s -> s.get("steps")).orElse(null);
    if (steps == null || !steps.isJsonArray()) {
      return;
    }
    Map<String, String> labels = JsonTrees.stringAt(task, "name")
        .map(name -> Map.of("tekton.dev/pipelineTask", name)).orElse(Map.of());
    JsonArray array = steps.getAsJsonArray();
    for (int i = 0; i < array.size(); i++) {
      if (array.get(i).isJsonObject()) {
        JsonObject step = array.get(i).getAsJsonObject().deepCopy();
        step.addProperty("name", "step-" + JsonTrees.stringAt(step, "name").orElse(""));
        found.add(new Located(Paths.index(Paths.field(Paths.field(path, "taskSpec"), "steps"), i),
            readContainer(step), labels, "", taskSpec.get()));
      }
    }
  }

  /**
   * Why a workload has no primary container, for messages: {@code has no container named "x"; its containers are "a"
   * (at spec.template.spec.containers[0])}, from {@link io.github.katib4j.template.TrialWorkload#containers()}.
   */
  public static String noContainerNamed(String name, Map<String, Container> containers) {
    StringBuilder why = new StringBuilder("has no container named ").append(JsonTrees.compact(new JsonPrimitive(name)));
    if (containers.isEmpty()) {
      return why.append(" (it has no container at all)").toString();
    }
    why.append("; its containers are ");
    int i = 0;
    for (Map.Entry<String, Container> c : containers.entrySet()) {
      why.append(i == 0 ? "" : i == containers.size() - 1 ? " and " : ", ")
          .append(JsonTrees.compact(new JsonPrimitive(c.getValue().name()))).append(" (at ").append(c.getKey())
          .append(')');
      i++;
    }
    return why.toString();
  }

  /** The job-level {@code activeDeadlineSeconds}: {@code spec.activeDeadlineSeconds} or Kubeflow's run policy. */
  public static OptionalLong activeDeadlineSeconds(JsonObject workload) {
    Optional<JsonObject> spec = objectAt(workload, "spec");
    if (spec.isEmpty()) {
      return OptionalLong.empty();
    }
    OptionalLong direct = longAt(spec.get(), "activeDeadlineSeconds");
    if (direct.isPresent()) {
      return direct;
    }
    return objectAt(spec.get(), "runPolicy").map(p -> longAt(p, "activeDeadlineSeconds"))
        .orElse(OptionalLong.empty());
  }

  private static OptionalLong longAt(JsonObject object, String field) {
    JsonElement value = object.get(field);
    if (value == null || !value.isJsonPrimitive()) {
      return OptionalLong.empty();
    }
    JsonPrimitive primitive = value.getAsJsonPrimitive();
    try {
      return OptionalLong.of(Long.parseLong(primitive.getAsString()));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  private static Optional<JsonObject> objectAt(JsonObject object, String field) {
    JsonElement value = object.get(field);
    return value != null && value.isJsonObject() ? Optional.of(value.getAsJsonObject()) : Optional.empty();
  }
}
