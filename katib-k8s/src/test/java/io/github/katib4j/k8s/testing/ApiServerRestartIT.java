package io.github.katib4j.k8s.testing;

import static io.github.katib4j.k8s.testing.KatibTestObjects.EXPERIMENTS;
import static io.github.katib4j.k8s.testing.KatibTestObjects.GROUP;
import static io.github.katib4j.k8s.testing.KatibTestObjects.VERSION;
import static io.github.katib4j.k8s.testing.KatibTestObjects.create;
import static io.github.katib4j.k8s.testing.KatibTestObjects.experiment;
import static io.github.katib4j.k8s.testing.KatibTestObjects.experiments;
import static io.github.katib4j.k8s.testing.KatibTestObjects.resourceVersion;
import static io.github.katib4j.k8s.testing.KatibTestObjects.successful;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesListObject;
import io.kubernetes.client.util.generic.options.ListOptions;
import io.kubernetes.client.util.Watch;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Restarting the API server under a client: data survives in etcd and watches must reconnect. */
@ExtendWith(ControlPlaneExtension.class)
class ApiServerRestartIT {

  @Test
  void restartApiServer_keepsObjectsAndServesOnTheSameUrl(ControlPlane plane, ApiClient client) {
    String namespace = plane.createNamespace("restart");
    String uid = create(client, experiment("survivor", namespace)).getMetadata().getUid();

    plane.restartApiServer();

    assertThat(successful(experiments(client).get(namespace, "survivor")).getMetadata().getUid()).isEqualTo(uid);
  }

  @Test
  void stopApiServer_refusesConnectionsUntilStartedAgain(ControlPlane plane, ApiClient client) {
    String namespace = plane.createNamespace("stopped");
    create(client, experiment("waiting", namespace));

    plane.stopApiServer();
    try {
      assertThatThrownBy(() -> experiments(client).get(namespace, "waiting"))
          .hasRootCauseInstanceOf(ConnectException.class);
    } finally {
      plane.startApiServer();
    }

    assertThat(successful(experiments(client).get(namespace, "waiting")).getMetadata().getName())
        .isEqualTo("waiting");
  }

  @Test
  void list_continuedAfterCompactionAndRestart_answers410Gone(ControlPlane plane, ApiClient client)
      throws Exception {
    String namespace = plane.createNamespace("paged");
    for (int i = 0; i < 3; i++) {
      create(client, experiment("paged-" + i, namespace));
    }
    DynamicKubernetesListObject firstPage = successful(experiments(client).list(namespace,
        new ListOptions().limit(1)));
    String continueToken = firstPage.getMetadata().getContinue();
    // A write after the first page, so compaction removes the revision the continue token points at.
    create(client, experiment("paged-3", namespace));

    // The API server answers continue tokens from its watch-cache snapshots; only after a restart (which drops
    // them) does a continue read etcd at the token's revision, which compaction has removed.
    plane.compactEtcd();
    plane.restartApiServer();

    assertThat(continueToken).isNotBlank();
    assertThatThrownBy(() -> new CustomObjectsApi(client).listNamespacedCustomObject(GROUP, VERSION, namespace,
        EXPERIMENTS).limit(1)._continue(continueToken).execute())
        .isInstanceOf(ApiException.class)
        .satisfies(e -> {
          assertThat(((ApiException) e).getCode()).isEqualTo(410);
          assertThat(((ApiException) e).getResponseBody()).contains("\"reason\":\"Expired\"");
        });
    assertThat(successful(experiments(client).list(namespace)).getItems().stream()
        .map(o -> o.getMetadata().getName()).collect(Collectors.toList()))
        .containsExactlyInAnyOrder("paged-0", "paged-1", "paged-2", "paged-3");
  }

  @Test
  void restartApiServer_endsAWatch_andTheClientResumesByRelistingAfter410(ControlPlane plane, ApiClient client)
      throws Exception {
    String namespace = plane.createNamespace("rewatch");
    String created = resourceVersion(create(client, experiment("followed", namespace)).getRaw());
    Watch<JsonObject> watch = KatibTestObjects.watchExperiments(client, namespace, created);
    CompletableFuture<String> firstWatch = CompletableFuture.supplyAsync(() -> drain(watch));

    plane.restartApiServer();
    String firstWatchEnding = firstWatch.get(30, TimeUnit.SECONDS);
    watch.close();
    patchMaxTrialCount(client, namespace, 4);
    String resumedFromOldVersion;
    try (Watch<JsonObject> resumed = KatibTestObjects.watchExperiments(client, namespace, created)) {
      resumedFromOldVersion = describe(resumed.next());
    }
    DynamicKubernetesListObject relisted = successful(experiments(client).list(namespace));
    List<String> afterRelist = new ArrayList<>();
    try (Watch<JsonObject> fresh = KatibTestObjects.watchExperiments(client, namespace,
        relisted.getMetadata().getResourceVersion())) {
      patchMaxTrialCount(client, namespace, 5);
      while (afterRelist.isEmpty() && fresh.hasNext()) {
        Watch.Response<JsonObject> event = fresh.next();
        if (!"BOOKMARK".equals(event.type)) {
          afterRelist.add(describe(event));
        }
      }
    }

    assertThat(firstWatchEnding).isEqualTo("ended");
    // The restarted server's watch cache begins at its first list, so a version from before the restart is gone.
    assertThat(resumedFromOldVersion).isEqualTo("ERROR 410");
    assertThat(relisted.getItems()).singleElement().satisfies(e ->
        assertThat(e.getRaw().getAsJsonObject("spec").get("maxTrialCount").getAsInt()).isEqualTo(4));
    assertThat(afterRelist).containsExactly("MODIFIED maxTrialCount=5");
  }

  private static String drain(Watch<JsonObject> watch) {
    try {
      while (watch.hasNext()) {
        watch.next();
      }
      return "ended";
    } catch (RuntimeException e) {
      return "failed: " + e;
    }
  }

  private static void patchMaxTrialCount(ApiClient client, String namespace, int count) {
    successful(experiments(client).patch(namespace, "followed", V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
        new V1Patch("{\"spec\":{\"maxTrialCount\":" + count + "}}")));
  }

  private static String describe(Watch.Response<JsonObject> event) {
    return event.status != null ? event.type + " " + event.status.getCode()
        : event.type + " maxTrialCount=" + event.object.getAsJsonObject("spec").get("maxTrialCount");
  }
}
