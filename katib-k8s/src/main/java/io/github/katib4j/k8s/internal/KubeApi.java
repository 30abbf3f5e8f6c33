package io.github.katib4j.k8s.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.katib4j.KatibException;
import io.github.katib4j.internal.Durations;
import io.github.katib4j.k8s.KatibApiException;
import io.github.katib4j.k8s.RetryPolicy;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.Pair;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.Reader;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * JSON requests to the Kubernetes API through a client-java {@link ApiClient} (its base URL, TLS, credentials and
 * connection pool), with a deadline on every request and retries as the {@link RetryPolicy} says. Objects travel as
 * Gson trees, so katib-core's codec is the only mapping between Katib's JSON and Java values, and client-java's
 * generated models (which reject fields they do not know) are never involved.
 */
public final class KubeApi {
  private static final String[] AUTH = {"BearerToken"};
  private static final int MAX_ERROR_BODY = 64 * 1024;

  private final ApiClient client;
  private final OkHttpClient watchHttp;
  private final Duration requestTimeout;
  private final RetryPolicy policy;
  private final Backoff backoff;
  private final Timing timing;
  /** Set while requests find no API server to answer them, cleared by the next answer of any kind. */
  private final AtomicReference<Outage> outage = new AtomicReference<>();

  /**
   * The API server has not answered since {@code sinceNanos} ({@link Timing#nanoTime()}): every request since then
   * found no server, or none that answered in time; {@code error} is the latest such failure.
   */
  public record Outage(long sinceNanos, String error) {}

  /**
   * What the kubeconfig leaves out, so that a failure it causes can say so: the name of the cluster entry that sets
   * no certificate authority (the JVM's trust store is used instead), and of the user entry that carries no
   * credentials (its requests are anonymous); null when it does not, or when it is not known.
   */
  public record Origin(String clusterWithoutAuthority, String userWithoutCredentials) {
    /** A client the caller made: nothing is known about how. */
    public static final Origin UNKNOWN = new Origin(null, null);
  }

  private final Origin origin;

  /**
   * @param requestTimeout the deadline of each non-watch request, from sending it to reading the whole response
   * @param watchIdleTimeout how long a watch may stay silent before it counts as dead; the API server sends a bookmark
   *     about once a minute, so a few minutes without a byte means the connection is gone
   */
  public KubeApi(ApiClient client, Duration requestTimeout, Duration watchIdleTimeout, RetryPolicy policy,
      Timing timing) {
    this(client, requestTimeout, watchIdleTimeout, policy, timing, Origin.UNKNOWN);
  }

  /** @param origin what the kubeconfig the client was made from leaves out, for the messages of failures */
  public KubeApi(ApiClient client, Duration requestTimeout, Duration watchIdleTimeout, RetryPolicy policy,
      Timing timing, Origin origin) {
    this.origin = origin;
    this.client = client;
    // Derived from the caller's client, so it shares its connection pool, TLS setup and interceptors.
    this.watchHttp = client.getHttpClient().newBuilder().readTimeout(okHttpTimeout(watchIdleTimeout))
        .callTimeout(Duration.ZERO).build();
    this.requestTimeout = requestTimeout;
    this.policy = policy;
    this.backoff = new Backoff(policy, timing);
    this.timing = timing;
  }

  /**
   * {@code timeout} as OkHttp takes it: whole milliseconds, at least 1, and zero (no timeout) for one longer than its
   * limit of {@link Integer#MAX_VALUE} milliseconds (about 24 days), which it would refuse.
   */
  static Duration okHttpTimeout(Duration timeout) {
    long millis = Math.max(1, Durations.saturatedMillis(timeout));
    return millis > Integer.MAX_VALUE ? Duration.ZERO : Duration.ofMillis(millis);
  }

  public RetryPolicy policy() {
    return policy;
  }

  public Timing timing() {
    return timing;
  }

  /**
   * Whether the last request (or watch) that ended found no API server to answer it: waits say so when they time
   * out, rather than blame what the experiment did in the meantime, which is not known.
   */
  public Optional<Outage> outage() {
    return Optional.ofNullable(outage.get());
  }

  private void answered() {
    if (outage.get() != null) {
      outage.set(null);
    }
  }

  private void unanswered(Call call, IOException e) {
    if (call.isCanceled() || e instanceof SSLException) {
      // Cancelled by this client, or a server that answered with a certificate: not an outage.
      return;
    }
    long now = timing.nanoTime();
    String error = e.toString();
    outage.updateAndGet(before -> new Outage(before == null ? now : before.sinceNanos(), error));
  }

  /** GET; retried. */
  public JsonObject get(String path) {
    return execute("GET", path, Map.of(), null, null, Retry.IDEMPOTENT).body;
  }

  /** GET; empty on 404; retried. */
  public Optional<JsonObject> find(String path) {
    return find(path, new Cancellation());
  }

  /**
   * GET; empty on 404; retried until {@code cancellation} is cancelled, which also cancels the request under way.
   *
   * @throws KatibException when cancelled
   */
  public Optional<JsonObject> find(String path, Cancellation cancellation) {
    try {
      return Optional.of(execute("GET", path, Map.of(), null, null, Retry.IDEMPOTENT, cancellation).body);
    } catch (KatibApiException e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** One page of a collection; retried. */
  public JsonObject list(String path, Map<String, String> query) {
    return execute("GET", path, query, null, null, Retry.IDEMPOTENT).body;
  }

  /** POST; retried only when the server answered 429, which means it did not process the request. */
  public JsonObject post(String path, JsonObject body) {
    return execute("POST", path, Map.of(), body, "application/json", Retry.THROTTLED_ONLY).body;
  }

  /**
   * PATCH; retried, so the patch must be safe to apply twice: carry a {@code metadata.resourceVersion}
   * precondition, or set values rather than change them relative to what is stored.
   */
  public JsonObject patch(String path, String contentType, JsonObject body) {
    return execute("PATCH", path, Map.of(), body, contentType, Retry.IDEMPOTENT).body;
  }

  /**
   * DELETE; retried. Returns false when the object did not exist; a 404 after a retry counts as deleted, since the
   * attempt whose response was lost is what deleted it.
   */
  public boolean delete(String path, JsonObject options) {
    try {
      execute("DELETE", path, Map.of(), options, "application/json", Retry.IDEMPOTENT);
      return true;
    } catch (RetriedNotFound e) {
      return true;
    } catch (KatibApiException e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  /**
   * A watch ({@code watch=true} is added to {@code query}), not yet sent: {@link WatchConnection#open()} sends it,
   * once, since reconnecting is the watcher's job.
   */
  public WatchConnection watch(String path, Map<String, String> query) {
    Map<String, String> watchQuery = new LinkedHashMap<>(query);
    watchQuery.put("watch", "true");
    Call call = watchHttp.newCall(request("GET", path, watchQuery, null, null));
    return new WatchConnection(call, c -> {
      Response response;
      try {
        response = c.execute();
        answered();
      } catch (IOException e) {
        unanswered(c, e);
        throw transportFailure("GET", path + " (watch)", e);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw interrupted("GET", path + " (watch)", e);
      }
      if (!response.isSuccessful()) {
        try (response) {
          throw httpFailure("GET", path + " (watch)", response);
        }
      }
      return response;
    });
  }

  /**
   * Ends a request from another thread: the call under way is cancelled and no retry follows. Used for reads whose
   * result nobody waits for any more.
   */
  public static final class Cancellation {
    private volatile boolean cancelled;
    private volatile Call call;

    void running(Call running) {
      call = running;
      if (cancelled) {
        running.cancel();
      }
    }

    /** Cancels the request under way, if any, and every retry. */
    public void cancel() {
      cancelled = true;
      Call running = call;
      if (running != null) {
        running.cancel();
      }
    }

    KatibException exception(String request, Exception cause) {
      return new KatibException(request + ": cancelled, as nobody waits for the answer any more", cause);
    }
  }

  private enum Retry { IDEMPOTENT, THROTTLED_ONLY }

  private static final class Result {
    final JsonObject body;

    Result(JsonObject body) {
      this.body = body;
    }
  }

  /** A 404 that answered a retry: the earlier attempt (whose response was lost) may have done the work. */
  private static final class RetriedNotFound extends KatibApiException {
    private static final long serialVersionUID = 1L;

    RetriedNotFound(KatibApiException e) {
      super(e.getMessage(), 404, e.reason(), null, e);
    }
  }

  private Result execute(String method, String path, Map<String, String> query, JsonObject body, String contentType,
      Retry retry) {
    return execute(method, path, query, body, contentType, retry, new Cancellation());
  }

  private Result execute(String method, String path, Map<String, String> query, JsonObject body, String contentType,
      Retry retry, Cancellation cancellation) {
    for (int attempt = 1; ; attempt++) {
      try {
        return new Result(once(method, path, query, body, contentType, cancellation));
      } catch (KatibApiException e) {
        if (cancellation.cancelled) {
          throw cancellation.exception(method + " " + path, e);
        }
        if (attempt > 1 && e.statusCode() == 404) {
          throw new RetriedNotFound(e);
        }
        boolean retryable = e.statusCode() == 429 || (retry == Retry.IDEMPOTENT && e.retryable());
        if (!retryable) {
          throw e;
        }
        if (attempt >= policy.maxAttempts()) {
          throw attempt == 1 ? e : new KatibApiException(e.getMessage() + " (gave up after " + attempt
              + " attempts)", e.statusCode(), e.reason(), e.retryAfter().orElse(null), e);
        }
        sleep(e.retryAfter().orElse(backoff.delay(attempt - 1)), method + " " + path);
        if (cancellation.cancelled) {
          throw cancellation.exception(method + " " + path, e);
        }
      }
    }
  }

  private void sleep(Duration wait, String what) {
    try {
      timing.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KatibException("interrupted while waiting to retry " + what, e);
    }
  }

  private JsonObject once(String method, String path, Map<String, String> query, JsonObject body,
      String contentType, Cancellation cancellation) {
    Call call = client.getHttpClient().newCall(request(method, path, query, body, contentType));
    call.timeout().timeout(Durations.saturatedNanos(requestTimeout), TimeUnit.NANOSECONDS);
    cancellation.running(call);
    Response answer;
    try {
      answer = call.execute();
      answered();
    } catch (IOException e) {
      unanswered(call, e);
      throw transportFailure(method, path, e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      // OkHttp (Kotlin) throws InterruptedException undeclared when the thread is interrupted while connecting.
      throw interrupted(method, path, e);
    }
    try (Response response = answer) {
      if (!response.isSuccessful()) {
        throw httpFailure(method, path, response);
      }
      ResponseBody responseBody = response.body();
      try (Reader reader = responseBody.charStream()) {
        JsonElement parsed = JsonParser.parseReader(reader);
        return parsed.isJsonObject() ? parsed.getAsJsonObject() : new JsonObject();
      } catch (JsonParseException e) {
        if (e.getCause() instanceof IOException) {
          throw (IOException) e.getCause();
        }
        throw new KatibApiException(method + " " + path + ": the API server's answer is not JSON: " + e.getMessage(),
            response.code(), "InvalidResponse", null, e);
      }
    } catch (IOException e) {
      throw transportFailure(method, path, e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      // OkHttp (Kotlin) throws InterruptedException undeclared when the thread is interrupted while connecting.
      throw interrupted(method, path, e);
    }
  }

  /** The exception for a request whose thread was interrupted; the interrupt stays set for the caller to see. */
  static KatibException interrupted(String method, String path, Exception e) {
    if (!(e instanceof InterruptedException)) {
      return new KatibException(method + " " + path + ": " + e, e);
    }
    Thread.currentThread().interrupt();
    return new KatibException(method + " " + path + ": interrupted while waiting for the API server", e);
  }

  private Request request(String method, String path, Map<String, String> query, JsonObject body,
      String contentType) {
    List<Pair> pairs = new ArrayList<>();
    query.forEach((k, v) -> pairs.add(new Pair(k, v)));
    Map<String, String> headers = new HashMap<>();
    headers.put("Accept", "application/json");
    if (contentType != null) {
      headers.put("Content-Type", contentType);
    }
    byte[] payload = body == null ? null : body.toString().getBytes(StandardCharsets.UTF_8);
    try {
      return client.buildRequest(null, path, method, pairs, List.of(), payload, headers, new HashMap<>(),
          new HashMap<>(), AUTH, null);
    } catch (ApiException e) {
      throw new KatibApiException(method + " " + path + ": cannot build the request: " + e.getMessage(), 0,
          "InvalidRequest", null, e);
    }
  }

  private KatibApiException transportFailure(String method, String path, IOException e) {
    if (e instanceof SSLHandshakeException && untrusted(e) && origin.clusterWithoutAuthority() != null) {
      // Not the kubeconfig's authority: it names none, so the JVM's trust store decided.
      return new KatibApiException(method + " " + path + ": the API server's certificate is not trusted: the "
          + "kubeconfig's cluster \"" + origin.clusterWithoutAuthority() + "\" sets no certificate-authority, so "
          + "the JVM's trust store was used, and no authority in it signed the certificate (" + e.getMessage()
          .lines().findFirst().orElse("") + "); add the cluster's CA to clusters[" + origin.clusterWithoutAuthority()
          + "] in the kubeconfig, as certificate-authority-data (the base64 of its PEM file) or "
          + "certificate-authority (its path)", 0, KatibApiException.UNTRUSTED_CERTIFICATE, null, e);
    }
    if (e instanceof SSLPeerUnverifiedException || (e instanceof SSLHandshakeException && untrusted(e))) {
      // Asking again gets the same certificate: not retried, and not a reachability problem.
      return new KatibApiException(method + " " + path + ": the API server's certificate is not trusted: "
          + (e instanceof SSLPeerUnverifiedException ? "it is not for the host in the kubeconfig's server"
          : "it is not signed by the kubeconfig's certificate-authority") + " (" + e.getMessage().lines().findFirst()
          .orElse("") + "); check the cluster's certificate-authority(-data) and server in the kubeconfig (they "
          + "must be the same cluster's), or that nothing between you and the cluster presents its own certificate",
          0, KatibApiException.UNTRUSTED_CERTIFICATE, null, e);
    }
    boolean timeout = e instanceof InterruptedIOException;
    String what = timeout ? "no answer in time" : "no response";
    return new KatibApiException(method + " " + path + ": " + what + " from the API server (" + e + "); check that the "
        + "cluster is reachable", 0, timeout ? "Timeout" : "ConnectionFailed", null, e);
  }

  /** Whether the handshake failed because no trusted certificate authority signed the server's certificate. */
  private static boolean untrusted(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof CertPathBuilderException || cause instanceof CertPathValidatorException
          || cause instanceof CertificateException) {
        return true;
      }
    }
    return false;
  }

  private KatibApiException httpFailure(String method, String path, Response response) {
    String text = "";
    try {
      BufferedSource source = response.body().source();
      source.request(MAX_ERROR_BODY);
      text = source.getBuffer().readString(Math.min(MAX_ERROR_BODY, source.getBuffer().size()),
          StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      // The status line is enough to report.
    }
    int code = response.code();
    String user = origin.userWithoutCredentials();
    // Refused because the request was anonymous: RBAC roles would not help, credentials would.
    String hint = (code == 401 || code == 403) && user != null ? "; the kubeconfig's user "
        + (user.isEmpty() ? "(its context names none)" : "\"" + user + "\"") + " sends no credentials (no token, "
        + "tokenFile, client certificate, exec plugin or auth-provider), so the API server took the request as "
        + "system:anonymous: add the user's credentials to " + (user.isEmpty() ? "the kubeconfig" : "users[" + user
        + "] in the kubeconfig") : hint(code);
    return failure(method, path, code, text, retryAfter(response.header("Retry-After")), hint);
  }

  /** The exception for an error answer: reason and message from the {@code Status} body when there is one. */
  static KatibApiException failure(String method, String path, int code, String body, Duration retryAfter) {
    return failure(method, path, code, body, retryAfter, hint(code));
  }

  private static KatibApiException failure(String method, String path, int code, String body, Duration retryAfter,
      String hint) {
    String reason = "";
    String message = body.length() > 500 ? body.substring(0, 500) + "..." : body;
    String continueToken = null;
    try {
      JsonElement parsed = JsonParser.parseString(body);
      if (parsed.isJsonObject() && "Status".equals(Json.string(parsed.getAsJsonObject(), "kind"))) {
        JsonObject status = parsed.getAsJsonObject();
        reason = Json.string(status, "reason");
        message = Json.string(status, "message");
        continueToken = Json.string(Json.object(status, "metadata"), "continue");
        if (retryAfter == null) {
          long seconds = Json.integer(Json.object(status, "details"), "retryAfterSeconds");
          retryAfter = seconds > 0 ? Duration.ofSeconds(seconds) : null;
        }
      }
    } catch (JsonParseException e) {
      // Not a Status; keep the raw text.
    }
    KatibApiException failure = new KatibApiException(method + " " + path + ": HTTP " + code
        + (reason.isEmpty() ? "" : " " + reason) + (message.isEmpty() ? "" : ": " + message) + hint, code,
        reason, retryAfter, null);
    return code == 410 && continueToken != null ? new ExpiredContinue(failure, continueToken) : failure;
  }

  private static String hint(int code) {
    switch (code) {
      case 401:
        return "; the API server did not accept the credentials: check the kubeconfig's user (an expired token?)";
      case 403:
        return "; the user lacks permission: Katib's kubeflow-katib-edit role grants what katib4j needs on "
            + "experiments, trials and suggestions";
      default:
        return "";
    }
  }

  /** {@code Retry-After} in seconds (the form the API server sends); null when absent or not a number. */
  static Duration retryAfter(String header) {
    if (header == null) {
      return null;
    }
    try {
      long seconds = Long.parseLong(header.trim());
      return seconds < 0 ? null : Duration.ofSeconds(seconds);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
