package io.github.katib4j.k8s.testing;

import static io.github.katib4j.k8s.testing.KatibTestObjects.EXPERIMENTS;
import static io.github.katib4j.k8s.testing.KatibTestObjects.GROUP;
import static io.github.katib4j.k8s.testing.KatibTestObjects.VERSION;
import static io.github.katib4j.k8s.testing.KatibTestObjects.create;
import static io.github.katib4j.k8s.testing.KatibTestObjects.experiment;
import static io.github.katib4j.k8s.testing.KatibTestObjects.name;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.util.Watch;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The fault proxy between client-java and the real API server: what a client sees for each injected fault. */
@ExtendWith(ControlPlaneExtension.class)
class FaultProxyIT {
  private FaultProxy proxy;
  private ApiClient client;
  private String namespace;

  @BeforeEach
  void setUp(ControlPlane plane, ApiClient direct) {
    namespace = plane.createNamespace("faults");
    create(direct, experiment("target", namespace));
    proxy = FaultProxy.start(plane);
    client = proxy.apiClient();
  }

  @AfterEach
  void tearDown() {
    proxy.close();
  }

  private Object getExperiment() throws ApiException {
    return new CustomObjectsApi(client).getNamespacedCustomObject(GROUP, VERSION, namespace, EXPERIMENTS, "target")
        .execute();
  }

  private static boolean isGetOfTarget(RecordedRequest r) {
    return r.method().equals("GET") && r.path().endsWith("/experiments/target");
  }

  @Test
  void noFault_forwardsAndRecordsEachRequest() throws Exception {
    getExperiment();
    getExperiment();

    assertThat(proxy.countRequests(FaultProxyIT::isGetOfTarget)).isEqualTo(2);
    assertThat(proxy.requests()).allSatisfy(r -> {
      assertThat(r.fault()).isEmpty();
      assertThat(r.header("authorization")).hasValueSatisfying(h -> assertThat(h).startsWith("Bearer "));
    });
  }

  @Test
  void respond429_reachesTheClientWithRetryAfterThenRequestsPassAgain() throws Exception {
    FaultProxy.Injection busy = proxy.inject(Fault.when(FaultProxyIT::isGetOfTarget).respond(429,
        Duration.ofSeconds(2)));

    assertThatThrownBy(this::getExperiment).isInstanceOf(ApiException.class).satisfies(e -> {
      ApiException failure = (ApiException) e;
      assertThat(failure.getCode()).isEqualTo(429);
      assertThat(failure.getResponseHeaders()).containsEntry("Retry-After", List.of("2"));
      assertThat(failure.getResponseBody()).contains("\"reason\":\"TooManyRequests\"", "\"retryAfterSeconds\":2");
    });
    assertThat(getExperiment()).isNotNull();
    assertThat(busy.hits()).isEqualTo(1);
    assertThat(proxy.requests()).extracting(r -> r.fault().orElse("-")).containsExactly("respond 429 Retry-After 2s",
        "-");
  }

  @Test
  void respond503ThreeTimes_failsExactlyThreeCallsInARow() {
    proxy.inject(Fault.when(FaultProxyIT::isGetOfTarget).times(3).respond(503));
    List<Integer> codes = new ArrayList<>();

    for (int i = 0; i < 4; i++) {
      try {
        getExperiment();
        codes.add(200);
      } catch (ApiException e) {
        codes.add(e.getCode());
      }
    }

    assertThat(codes).containsExactly(503, 503, 503, 200);
  }

  @Test
  void drop_beforeAnyResponse_surfacesAsAnIoFailureWithoutAnyRetry() {
    FaultProxy.Injection drop = proxy.inject(Fault.when(FaultProxyIT::isGetOfTarget).always().drop());

    assertThatThrownBy(this::getExperiment).isInstanceOf(ApiException.class)
        .hasCauseInstanceOf(IOException.class)
        .satisfies(e -> assertThat(((ApiException) e).getCode()).isZero());
    // On a fresh connection (the proxy closes each one after forwarding) client-java makes exactly one attempt.
    assertThat(drop.hits()).isEqualTo(1);
    assertThat(proxy.countRequests(FaultProxyIT::isGetOfTarget)).isEqualTo(1);
  }

  @Test
  void dropAfter_onAWatch_cutsTheStreamMidWatch() throws Exception {
    proxy.inject(Fault.when(RecordedRequest::isWatch).dropAfter(Duration.ofMillis(700)));
    List<String> events = new ArrayList<>();
    Throwable failure = null;

    try (Watch<JsonObject> watch = KatibTestObjects.watchExperiments(client, namespace, "0")) {
      while (watch.hasNext()) {
        Watch.Response<JsonObject> event = watch.next();
        if (!"BOOKMARK".equals(event.type)) {
          events.add(event.type + " " + name(event.object));
        }
      }
    } catch (RuntimeException e) {
      failure = e;
    }

    assertThat(events).containsExactly("ADDED target");
    // A cut in the middle of the chunked stream is an I/O error, not a clean end of the watch.
    assertThat(failure).isNotNull().hasRootCauseInstanceOf(IOException.class);
    assertThat(proxy.requests()).filteredOn(RecordedRequest::isWatch)
        .extracting(r -> r.fault().orElse("-")).containsExactly("drop after 700ms");
  }

  @Test
  void dropConnections_endsAnOpenWatchAndReportsTheConnection() throws Exception {
    Watch<JsonObject> watch = KatibTestObjects.watchExperiments(client, namespace, "0");
    CompletableFuture<List<String>> events = CompletableFuture.supplyAsync(() -> {
      List<String> seen = new ArrayList<>();
      try {
        while (watch.hasNext()) {
          String type = watch.next().type;
          if (!"BOOKMARK".equals(type)) {
            seen.add(type);
          }
        }
      } catch (RuntimeException e) {
        seen.add("failed");
      }
      return seen;
    });
    awaitRequests(RecordedRequest::isWatch, 1);
    Thread.sleep(300);

    int dropped = proxy.dropConnections();

    assertThat(dropped).isEqualTo(1);
    assertThat(events.get(10, TimeUnit.SECONDS)).containsExactly("ADDED", "failed");
    watch.close();
  }

  @Test
  void stall_longerThanTheClientsReadTimeout_timesTheCallOut() {
    proxy.inject(Fault.when(FaultProxyIT::isGetOfTarget).stall(Duration.ofSeconds(10)));
    client.setReadTimeout(1_000);
    long start = System.nanoTime();

    assertThatThrownBy(this::getExperiment).isInstanceOf(ApiException.class)
        .hasCauseInstanceOf(SocketTimeoutException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void stall_shorterThanTheReadTimeout_delaysButSucceeds() throws Exception {
    proxy.inject(Fault.when(FaultProxyIT::isGetOfTarget).stall(Duration.ofMillis(800)));
    long start = System.nanoTime();

    Object experiment = getExperiment();

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(800));
    @SuppressWarnings("unchecked")
    Map<String, Object> metadata = (Map<String, Object>) ((Map<String, Object>) experiment).get("metadata");
    assertThat(metadata).containsEntry("name", "target");
  }

  @Test
  void injections_areClaimedOnceEachUnderConcurrentRequests() throws Exception {
    FaultProxy.Injection failing = proxy.inject(Fault.when(FaultProxyIT::isGetOfTarget).times(5).respond(500));
    List<CompletableFuture<Integer>> calls = new ArrayList<>();
    ExecutorService threads = Executors.newFixedThreadPool(12);

    for (int i = 0; i < 12; i++) {
      calls.add(CompletableFuture.supplyAsync(() -> {
        try {
          getExperiment();
          return 200;
        } catch (ApiException e) {
          return e.getCode();
        }
      }, threads));
    }
    List<Integer> codes = new ArrayList<>();
    for (CompletableFuture<Integer> call : calls) {
      codes.add(call.get(30, TimeUnit.SECONDS));
    }
    threads.shutdown();

    assertThat(codes).filteredOn(c -> c == 500).hasSize(5);
    assertThat(codes).filteredOn(c -> c == 200).hasSize(7);
    assertThat(failing.hits()).isEqualTo(5);
    assertThat(proxy.countRequests(FaultProxyIT::isGetOfTarget)).isEqualTo(12);
  }

  private void awaitRequests(java.util.function.Predicate<RecordedRequest> predicate, int count)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (proxy.countRequests(predicate) < count && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(proxy.countRequests(predicate)).isGreaterThanOrEqualTo(count);
  }
}
