package io.github.katib4j.k8s.testing;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Katib's three CRDs as this project keeps them ({@code katib-crds.yaml}), installed into any cluster. */
public final class KatibCrds {
  private static final String CRDS = "katib-crds.yaml";

  private KatibCrds() {}

  /** The CRDs as JSON objects. */
  static List<JsonObject> read() {
    try (InputStream in = Objects.requireNonNull(KatibCrds.class.getResourceAsStream(CRDS), CRDS)) {
      List<JsonObject> crds = new ArrayList<>();
      for (Object document : new org.yaml.snakeyaml.Yaml(new SafeConstructor(new LoaderOptions())).loadAll(in)) {
        crds.add(new Gson().toJsonTree(document).getAsJsonObject());
      }
      return crds;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates the CRDs and waits until the API server serves all three resources. */
  public static void install(ApiClient client, Duration timeout) {
    // Raw JSON through the dynamic API: client-java's typed V1JSONSchemaProps would send empty schema fields
    // ("dependencies": {} and the like) that the API server rejects on a CRD with a status subresource.
    DynamicKubernetesApi crdApi = new DynamicKubernetesApi("apiextensions.k8s.io", "v1", "customresourcedefinitions",
        client);
    List<JsonObject> crds = read();
    for (JsonObject crd : crds) {
      KubernetesApiResponse<DynamicKubernetesObject> created = crdApi.create(new DynamicKubernetesObject(crd));
      if (!created.isSuccess()) {
        throw new IllegalStateException("cannot create CRD " + crd.getAsJsonObject("metadata").get("name")
            + ": HTTP " + created.getHttpStatusCode() + " " + created.getStatus());
      }
    }
    CustomObjectsApi objects = new CustomObjectsApi(client);
    long deadline = System.nanoTime() + timeout.toNanos();
    for (JsonObject crd : crds) {
      JsonObject spec = crd.getAsJsonObject("spec");
      String group = spec.get("group").getAsString();
      String version = spec.getAsJsonArray("versions").get(0).getAsJsonObject().get("name").getAsString();
      String plural = spec.getAsJsonObject("names").get("plural").getAsString();
      while (true) {
        try {
          objects.listClusterCustomObject(group, version, plural).limit(1).execute();
          break;
        } catch (ApiException e) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("CRD " + plural + "." + group + " not served after " + timeout + ": HTTP "
                + e.getCode(), e);
          }
          try {
            Thread.sleep(100);
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing Katib's CRDs", interrupted);
          }
        }
      }
    }
  }
}
