package io.github.katib4j.k8s.testing;

import com.google.gson.JsonObject;
import com.google.gson.reflect.TypeToken;
import io.github.katib4j.codec.KatibCodec;
import io.github.katib4j.experiment.Experiment;
import io.kubernetes.client.common.KubernetesType;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.util.Watch;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** Katib experiments for the control-plane tests, through client-java's dynamic API and raw watches. */
final class KatibTestObjects {
  static final String GROUP = "kubeflow.org";
  static final String VERSION = "v1beta1";
  static final String EXPERIMENTS = "experiments";

  private KatibTestObjects() {}

  static DynamicKubernetesApi experiments(ApiClient client) {
    return new DynamicKubernetesApi(GROUP, VERSION, EXPERIMENTS, client);
  }

  /** The project's small random-search fixture, renamed into {@code namespace}. */
  static Experiment experiment(String name, String namespace) {
    try (InputStream in = Objects.requireNonNull(
        KatibTestObjects.class.getResourceAsStream("random-experiment.yaml"), "random-experiment.yaml")) {
      return KatibCodec.create().readExperiment(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .toBuilder().name(name).namespace(namespace).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static DynamicKubernetesObject toDynamic(Experiment experiment) {
    return new DynamicKubernetesObject(KatibCodec.create().toJsonObject(experiment));
  }

  static Experiment fromDynamic(DynamicKubernetesObject object) {
    return KatibCodec.create().fromJsonObject(object.getRaw(), Experiment.class);
  }

  static DynamicKubernetesObject create(ApiClient client, Experiment experiment) {
    return successful(experiments(client).create(toDynamic(experiment)));
  }

  /** The object of a successful response; a failed one fails the test with the server's status. */
  static <T extends KubernetesType> T successful(KubernetesApiResponse<T> response) {
    if (!response.isSuccess()) {
      throw new AssertionError("HTTP " + response.getHttpStatusCode() + ": " + response.getStatus());
    }
    return response.getObject();
  }

  /** A watch on the experiments of {@code namespace} from {@code resourceVersion}, with bookmarks. */
  static Watch<JsonObject> watchExperiments(ApiClient client, String namespace, String resourceVersion)
      throws ApiException {
    return Watch.createWatch(client,
        new CustomObjectsApi(client).listNamespacedCustomObject(GROUP, VERSION, namespace, EXPERIMENTS)
            .watch(true).allowWatchBookmarks(true).resourceVersion(resourceVersion).timeoutSeconds(60)
            .buildCall(null),
        new TypeToken<Watch.Response<JsonObject>>() {}.getType());
  }

  static String name(JsonObject object) {
    return object.getAsJsonObject("metadata").get("name").getAsString();
  }

  static String resourceVersion(JsonObject object) {
    return object.getAsJsonObject("metadata").get("resourceVersion").getAsString();
  }
}
