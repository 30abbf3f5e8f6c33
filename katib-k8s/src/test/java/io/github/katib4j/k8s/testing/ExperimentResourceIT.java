package io.github.katib4j.k8s.testing;

import static io.github.katib4j.k8s.testing.KatibTestObjects.EXPERIMENTS;
import static io.github.katib4j.k8s.testing.KatibTestObjects.GROUP;
import static io.github.katib4j.k8s.testing.KatibTestObjects.VERSION;
import static io.github.katib4j.k8s.testing.KatibTestObjects.create;
import static io.github.katib4j.k8s.testing.KatibTestObjects.experiment;
import static io.github.katib4j.k8s.testing.KatibTestObjects.experiments;
import static io.github.katib4j.k8s.testing.KatibTestObjects.fromDynamic;
import static io.github.katib4j.k8s.testing.KatibTestObjects.name;
import static io.github.katib4j.k8s.testing.KatibTestObjects.successful;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.katib4j.experiment.Experiment;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.util.Watch;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesListObject;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import io.kubernetes.client.util.generic.options.ListOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Katib Experiment objects on the real API server, through client-java, with no Katib controller running. */
@ExtendWith(ControlPlaneExtension.class)
class ExperimentResourceIT {
  private ApiClient client;
  private String namespace;

  @BeforeEach
  void setUp(ControlPlane plane, ApiClient client) {
    this.client = client;
    this.namespace = plane.createNamespace("experiments");
  }

  @Test
  void create_thenGet_returnsTheSameExperimentWithServerMetadata() {
    Experiment sent = experiment("random-a", namespace);

    DynamicKubernetesObject created = create(client, sent);
    Experiment read = fromDynamic(successful(experiments(client).get(namespace, "random-a")));

    assertThat(created.getMetadata().getUid()).isNotBlank();
    assertThat(read.metadata().uid()).isEqualTo(created.getMetadata().getUid());
    assertThat(read.metadata().resourceVersion()).isNotBlank();
    assertThat(read.metadata().creationTimestamp()).isPresent();
    assertThat(read.spec()).isEqualTo(sent.spec());
    assertThat(read.status()).isEmpty();
  }

  @Test
  void list_withLabelSelector_returnsOnlyMatchingExperiments() {
    for (String team : List.of("red", "blue", "red")) {
      create(client, experiment("e-" + team + "-" + System.nanoTime() % 100_000, namespace).toBuilder()
          .label("team", team).build());
    }

    DynamicKubernetesListObject red = successful(experiments(client).list(namespace,
        new ListOptions().labelSelector("team=red")));

    assertThat(red.getItems()).hasSize(2)
        .allSatisfy(e -> assertThat(e.getMetadata().getLabels()).containsEntry("team", "red"));
  }

  @Test
  void replaceStatus_likeKatibsController_isStoredAndDecodedButSpecUpdatesCannotChangeIt() throws Exception {
    DynamicKubernetesObject created = create(client, experiment("with-status", namespace));
    JsonObject withStatus = created.getRaw().deepCopy();
    withStatus.add("status", JsonParser.parseString(succeededStatus()));

    new CustomObjectsApi(client).replaceNamespacedCustomObjectStatus(GROUP, VERSION, namespace, EXPERIMENTS,
        "with-status", withStatus).execute();
    DynamicKubernetesObject stored = successful(experiments(client).get(namespace, "with-status"));
    JsonObject specUpdate = stored.getRaw().deepCopy();
    specUpdate.remove("status");
    specUpdate.getAsJsonObject("spec").addProperty("maxTrialCount", 9);
    DynamicKubernetesObject updated = successful(experiments(client).update(new DynamicKubernetesObject(specUpdate)));

    Experiment decoded = fromDynamic(updated);
    assertThat(decoded.spec().maxTrialCount()).hasValue(9);
    assertThat(decoded.status()).hasValueSatisfying(s -> {
      assertThat(s.isSucceeded()).isTrue();
      assertThat(s.currentOptimalTrial().bestTrialName()).isEqualTo("with-status-abc12");
    });
  }

  @Test
  void genericUpdateStatus_onAnExperimentWithoutStatusYet_storesTheStatus() {
    DynamicKubernetesObject created = create(client, experiment("no-status-yet", namespace));
    JsonObject status = JsonParser.parseString(succeededStatus()).getAsJsonObject();

    // client-java sends a JSON patch [{"op":"replace","path":"/status",...}]; the API server accepts it even though
    // the object has no status yet.
    KubernetesApiResponse<DynamicKubernetesObject> response = experiments(client).updateStatus(created, o -> status);

    assertThat(response.isSuccess()).as("HTTP %s %s", response.getHttpStatusCode(), response.getStatus()).isTrue();
    assertThat(fromDynamic(successful(experiments(client).get(namespace, "no-status-yet"))).status())
        .hasValueSatisfying(s -> assertThat(s.isSucceeded()).isTrue());
  }

  @Test
  void watch_fromListResourceVersion_seesAddedThenModifiedInOrder() throws Exception {
    String listVersion = successful(experiments(client).list(namespace)).getMetadata().getResourceVersion();
    List<String> seen = new ArrayList<>();

    try (Watch<JsonObject> watch = KatibTestObjects.watchExperiments(client, namespace, listVersion)) {
      create(client, experiment("watched", namespace));
      successful(experiments(client).patch(namespace, "watched", "application/merge-patch+json",
          new io.kubernetes.client.custom.V1Patch("{\"spec\":{\"maxTrialCount\":3}}")));
      while (seen.size() < 2 && watch.hasNext()) {
        Watch.Response<JsonObject> event = watch.next();
        if (!"BOOKMARK".equals(event.type)) {
          seen.add(event.type + " " + name(event.object) + " maxTrialCount="
              + event.object.getAsJsonObject("spec").get("maxTrialCount"));
        }
      }
    }

    assertThat(seen).containsExactly("ADDED watched maxTrialCount=6", "MODIFIED watched maxTrialCount=3");
  }

  @Test
  void watch_fromAResourceVersionOlderThanTheWatchCache_getsAn410ErrorEvent() throws Exception {
    create(client, experiment("old-version", namespace));

    Watch.Response<JsonObject> first;
    try (Watch<JsonObject> watch = KatibTestObjects.watchExperiments(client, namespace, "1")) {
      first = watch.next();
    }

    assertThat(first.type).isEqualTo("ERROR");
    assertThat(first.status.getCode()).isEqualTo(410);
    assertThat(first.status.getReason()).isEqualTo("Expired");
  }

  private static String succeededStatus() {
    String now = "2026-08-01T10:00:00Z";
    return "{\"startTime\":\"" + now + "\",\"completionTime\":\"" + now + "\",\"conditions\":["
        + condition("Created", "True", "ExperimentCreated", "Experiment is created", now) + ","
        + condition("Running", "False", "ExperimentRunning", "Experiment is running", now) + ","
        + condition("Succeeded", "True", "ExperimentGoalReached", "Experiment has succeeded because Objective goal "
            + "has reached", now) + "],"
        + "\"currentOptimalTrial\":{\"bestTrialName\":\"with-status-abc12\",\"parameterAssignments\":"
        + "[{\"name\":\"lr\",\"value\":\"0.05\"}],\"observation\":{\"metrics\":[{\"name\":\"accuracy\","
        + "\"min\":\"0.91\",\"max\":\"0.995\",\"latest\":\"0.995\"}]}},"
        + "\"succeededTrialList\":[\"with-status-abc12\"],\"trials\":1,\"trialsSucceeded\":1}";
  }

  private static String condition(String type, String status, String reason, String message, String time) {
    return "{\"type\":\"" + type + "\",\"status\":\"" + status + "\",\"reason\":\"" + reason + "\",\"message\":\""
        + message + "\",\"lastUpdateTime\":\"" + time + "\",\"lastTransitionTime\":\"" + time + "\"}";
  }
}
