package io.github.katib4j.k8s.internal;

import io.github.katib4j.KatibException;
import io.kubernetes.client.openapi.ApiClient;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;

/**
 * Whether client-java may use the OkHttp packages it uses although OkHttp does not export them: on the class path
 * every package is open to every class, but on the module path OkHttp's module keeps {@code okhttp3.internal.tls}
 * (client-java's ApiClient verifies host names with it) and {@code okhttp3.internal.http} (it builds every request
 * with it) to itself, and no module declaration of katib-k8s can open another module's packages.
 */
public final class OkHttpAccess {
  private static final List<String> PACKAGES = List.of("okhttp3.internal.tls", "okhttp3.internal.http");

  private OkHttpAccess() {}

  /**
   * Throws, naming the {@code java} options that fix it, when client-java could not use those packages: the client
   * would otherwise fail with an IllegalAccessError at its first request, or while it is built.
   */
  public static void require() {
    Module okhttp = OkHttpClient.class.getModule();
    Module api = ApiClient.class.getModule();
    List<String> options = new ArrayList<>();
    for (String name : PACKAGES) {
      if (!okhttp.isExported(name, api)) {
        options.add("--add-exports " + okhttp.getName() + "/" + name + "=" + (api.isNamed() ? api.getName()
            : "ALL-UNNAMED"));
      }
    }
    if (!options.isEmpty()) {
      throw new KatibException("katib-k8s cannot make requests here: client-java (" + api + ") uses OkHttp packages"
          + " that OkHttp's module (" + okhttp + ") does not export to it, as on the module path; start java with "
          + String.join(" ", options) + " (or run on the class path)");
    }
  }
}
